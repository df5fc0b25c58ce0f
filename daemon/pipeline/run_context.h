// What the stages of one run share: the spec, the host, the caller's control block, the outcome
// being filled, and progress reporting. Plugin callbacks reach it from several threads, so every
// mutable part is either atomic or behind `mu`.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_host.h"
#include "daemon/pipeline/run_executor.h"

namespace encore::pipeline {

class RunContext {
 public:
  RunContext(const PipelineSpec& spec, const PluginHost& host, const RunControl& control)
      : spec(spec),
        host(host),
        control(control),
        previous(control.previous_results),
        previous_loader(control.previous_loader),
        previous_as_of(control.previous_as_of),
        started_(std::chrono::steady_clock::now()) {}

  bool cancelled() const {
    return control.cancel != nullptr && control.cancel->load(std::memory_order_relaxed);
  }

  // Reports progress: `fraction` (0..1) of the stage that spans [from, to] percent of the run.
  // Calls to on_progress are serialized and thinned out (a source may report per batch on
  // every lane): at most one per half percent unless the stage or detail changes.
  void Progress(const std::string& stage, const std::string& detail, double from, double to,
                double fraction, int64_t rows_read);

  const PipelineSpec& spec;
  const PluginHost& host;
  const RunControl& control;
  // What methods see as the previous run: the control's, or in a backtest the previous date's.
  const ResultsTable* previous;
  std::function<Result<ResultsTable>(const std::string& score)> previous_loader;
  int64_t previous_as_of;

  std::mutex mu;  // guards outcome's containers while plugin callbacks run
  RunOutcome outcome;

 private:
  std::mutex progress_mu_;
  std::string last_stage_, last_detail_;
  double last_percent_ = -1;
  const std::chrono::steady_clock::time_point started_;
};

}  // namespace encore::pipeline
