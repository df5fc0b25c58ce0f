// SIGINT and SIGTERM are handled by waiting for them, not by a handler: the main thread blocks
// them before any other thread exists (threads inherit the mask), then sigwait()s. Shutdown
// then runs on an ordinary thread where taking locks is safe.
#pragma once

namespace encore {

// Call first thing in main(), before any thread is started.
void BlockShutdownSignals();
// Blocks until SIGINT or SIGTERM arrives; returns the signal number.
int WaitForShutdownSignal();

}  // namespace encore
