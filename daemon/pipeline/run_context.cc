#include "daemon/pipeline/run_context.h"

#include <algorithm>

namespace encore::pipeline {

void RunContext::Progress(const std::string& stage, const std::string& detail, double from,
                          double to, double fraction, int64_t rows_read) {
  if (!control.on_progress) return;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const double percent = from + (to - from) * fraction;
  std::lock_guard<std::mutex> lock(progress_mu_);
  const bool moved = stage != last_stage_ || detail != last_detail_ ||
                     percent >= last_percent_ + 0.5 || (fraction >= 1.0 && percent > last_percent_);
  if (!moved) return;
  last_stage_ = stage;
  last_detail_ = detail;
  last_percent_ = percent;
  RunProgress progress;
  progress.stage = stage;
  progress.detail = detail;
  progress.rows_read = rows_read;
  progress.percent = percent;
  // The run so far went at this pace; assume the rest does too. Unknown until 1% is done.
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  progress.eta_seconds = percent >= 1.0 ? elapsed * (100.0 - percent) / percent : -1;
  control.on_progress(progress);
}

}  // namespace encore::pipeline
