#include "daemon/pipeline/plugin_retry.h"

#include <algorithm>
#include <thread>

#include "daemon/host/plugin_call.h"

namespace encore::pipeline {
namespace {

// Sleeps `delay` in short slices so a cancel is noticed quickly. False when cancelled.
bool Wait(RunContext& run, std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  for (;;) {
    if (run.cancelled()) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(20)));
  }
}

}  // namespace

Status CallWithRetry(RunContext& run, const std::string& who, const RetryPolicy& policy,
                     const std::function<int32_t(encore_error*)>& call) {
  std::chrono::milliseconds backoff = policy.first_delay;
  for (int attempt = 1;; ++attempt) {
    encore_error error = NewPluginError();
    const int32_t code = call(&error);
    if (code != ENCORE_RETRY) return PluginCallStatus(code, error, who);
    if (attempt >= std::max(1, policy.max_attempts)) {
      return Unavailable(who + ": " + PluginMessage(error) + " (gave up after " +
                         std::to_string(attempt) + " attempts)");
    }
    const std::chrono::milliseconds delay =
        error.retry_after_ms > 0
            ? std::min(std::chrono::milliseconds(error.retry_after_ms), policy.max_asked_delay)
            : backoff;
    backoff = std::min(backoff * 2, policy.max_delay);
    if (!Wait(run, delay)) return Cancelled("run cancelled");
  }
}

}  // namespace encore::pipeline
