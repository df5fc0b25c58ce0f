// Benchmark helper: calls a loaded method plugin's method_run() `repeat` times over one dataset
// with the caller's host callbacks and reports wall times, so a plugin's bench program measures
// the method alone, the way the daemon calls it. Header-only, C++17; for benchmarks, not tests.
#ifndef ENCORE_SDK_TESTING_METHOD_TIMING_HPP_
#define ENCORE_SDK_TESTING_METHOD_TIMING_HPP_

#include <encore/plugin_abi.h>
#include <encore/sdk/testing/loaded_plugin.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace encore::sdk::testing {

struct MethodTimings {
  std::vector<double> ms;  // ascending; empty when a run failed
  std::string error;       // the plugin's message of the failed run

  bool ok() const { return error.empty(); }
  double min() const { return ms.front(); }
  double median() const { return ms[ms.size() / 2]; }
  double max() const { return ms.back(); }
  // "<n> runs: min <a> ms, median <b> ms, max <c> ms": the figure every bench program prints.
  std::string summary() const {
    char text[160];
    std::snprintf(text, sizeof(text), "%zu runs: min %.1f ms, median %.1f ms, max %.1f ms",
                  ms.size(), min(), median(), max());
    return text;
  }
};

// Says on stderr why the runs failed ("run failed: <message>"); true when they did, so that a
// bench program ends with `if (ReportFailure(timings)) return 1;`.
inline bool ReportFailure(const MethodTimings& timings) {
  if (timings.ok()) return false;
  std::fprintf(stderr, "run failed: %s\n", timings.error.c_str());
  return true;
}

inline MethodTimings TimeMethodRuns(const LoadedPlugin::Instance& instance,
                                    const encore_dataset_v1& dataset, encore_method_io_v1& io,
                                    int repeat) {
  MethodTimings timings;
  for (int i = 0; i < repeat; ++i) {
    encore_error error{};
    error.struct_size = sizeof(error);
    const auto start = std::chrono::steady_clock::now();
    const int32_t status = instance.descriptor().method_run(instance.get(), &dataset, &io, &error);
    const auto stop = std::chrono::steady_clock::now();
    if (status != ENCORE_OK) {
      timings.ms.clear();
      timings.error = error.message[0] != '\0' ? error.message : "method_run failed";
      return timings;
    }
    timings.ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::sort(timings.ms.begin(), timings.ms.end());
  return timings;
}

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_METHOD_TIMING_HPP_
