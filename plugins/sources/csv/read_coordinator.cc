#include "plugins/sources/csv/read_coordinator.h"

#include <algorithm>

namespace encore::plugins::csv {

ReadCoordinator::ReadCoordinator(const sdk::SourceContext& context, int lanes, int64_t bytes_total)
    : context_(context),
      bytes_total_(bytes_total),
      finished_(static_cast<size_t>(lanes), false),
      held_(static_cast<size_t>(lanes)) {}

void ReadCoordinator::AddProgress(int64_t bytes) {
  std::lock_guard<std::mutex> lock(io_mutex_);
  const int64_t done = bytes_done_.fetch_add(bytes) + bytes;
  context_.progress(std::min(done, bytes_total_), bytes_total_);
}

void ReadCoordinator::SetProgress(int64_t bytes_done) {
  std::lock_guard<std::mutex> lock(io_mutex_);
  bytes_done_.store(bytes_done);
  context_.progress(bytes_total_ > 0 ? std::min(bytes_done, bytes_total_) : bytes_done,
                    bytes_total_);
}

void ReadCoordinator::ReportDone() {
  std::lock_guard<std::mutex> lock(io_mutex_);
  const int64_t total = bytes_total_ > 0 ? bytes_total_ : bytes_done_.load();
  context_.progress(total, total);
}

void ReadCoordinator::CheckContinue(int lane) {
  if (stop_all_.load(std::memory_order_relaxed) ||
      failed_lane_.load(std::memory_order_relaxed) < lane) {
    throw LaneStopped();
  }
  bool stop = false;
  {
    std::lock_guard<std::mutex> lock(io_mutex_);
    stop = context_.stop_requested();
  }
  if (stop) {
    StopAll();
    throw sdk::Cancelled();
  }
}

void ReadCoordinator::LaneFailed(int lane) {
  int current = failed_lane_.load();
  while (lane < current && !failed_lane_.compare_exchange_weak(current, lane)) {
  }
  std::lock_guard<std::mutex> lock(io_mutex_);
  turn_.notify_all();
}

void ReadCoordinator::StopAll() {
  stop_all_.store(true);
  std::lock_guard<std::mutex> lock(io_mutex_);
  turn_.notify_all();
}

void ReadCoordinator::RowError(int lane, RowErrorReport report) {
  std::unique_lock<std::mutex> lock(io_mutex_);
  const size_t index = static_cast<size_t>(lane);
  if (lane > open_lane_ && held_[index].size() >= kMaxHeldErrors) {
    turn_.wait(lock, [&] { return lane <= open_lane_ || stopped() || failed_lane_ < lane; });
    if (lane > open_lane_) throw LaneStopped();
  }
  if (failed_lane_.load() < lane) throw LaneStopped();
  if (lane <= open_lane_) {
    context_.row_error(report.location, report.field, report.reason);
  } else {
    held_[index].push_back(std::move(report));
  }
}

void ReadCoordinator::DeliverHeldLocked(int lane) {
  // Rows after a row that failed the read would never have been reached reading in one lane.
  if (failed_lane_.load() < lane) held_[static_cast<size_t>(lane)].clear();
  for (const RowErrorReport& r : held_[static_cast<size_t>(lane)]) {
    context_.row_error(r.location, r.field, r.reason);
  }
  held_[static_cast<size_t>(lane)].clear();
}

void ReadCoordinator::LaneFinished(int lane) {
  std::lock_guard<std::mutex> lock(io_mutex_);
  finished_[static_cast<size_t>(lane)] = true;
  while (open_lane_ < static_cast<int>(finished_.size()) &&
         finished_[static_cast<size_t>(open_lane_)]) {
    ++open_lane_;
    if (open_lane_ < static_cast<int>(finished_.size())) DeliverHeldLocked(open_lane_);
  }
  turn_.notify_all();
}

}  // namespace encore::plugins::csv
