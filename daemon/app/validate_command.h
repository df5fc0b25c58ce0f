// encored --validate FILE: checks a pipeline spec against the plugins in the plugin folders and
// reports every problem, without touching the state database or opening a port.
#pragma once

#include <iosfwd>

#include "daemon/app/daemon_options.h"

namespace encore {

// Returns the exit code: 0 valid, 1 invalid or unreadable.
int RunValidateCommand(const DaemonOptions& options, std::ostream& out, std::ostream& err);

}  // namespace encore
