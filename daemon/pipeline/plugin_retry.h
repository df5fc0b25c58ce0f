// Retrying a plugin call that answered ENCORE_RETRY: capped exponential backoff, or the delay
// the plugin asked for, for a bounded number of attempts; the wait ends early on cancellation.
#pragma once

#include <encore/plugin_abi.h>

#include <chrono>
#include <functional>
#include <string>

#include "daemon/common/status.h"
#include "daemon/pipeline/run_context.h"

namespace encore::pipeline {

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds first_delay{200};        // doubles after every attempt
  std::chrono::milliseconds max_delay{10000};        // cap of the doubling
  std::chrono::milliseconds max_asked_delay{60000};  // cap of a plugin's retry_after_ms
};

// Calls `call` with a fresh encore_error until it answers anything but ENCORE_RETRY or the
// attempts run out. Failures read "<who>: <plugin message>"; running out adds
// " (gave up after N attempts)"; a cancelled wait returns CANCELLED.
Status CallWithRetry(RunContext& run, const std::string& who, const RetryPolicy& policy,
                     const std::function<int32_t(encore_error*)>& call);

}  // namespace encore::pipeline
