// What the lanes of one read share: progress, stop decisions, and row errors delivered in file
// order whatever the number of lanes.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_READ_COORDINATOR_H_
#define ENCORE_PLUGINS_SOURCES_CSV_READ_COORDINATOR_H_

#include <encore/sdk/plugin.hpp>

#include <atomic>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace encore::plugins::csv {

// Thrown inside a lane that must stop because another lane decided the read is over.
struct LaneStopped {};

struct RowErrorReport {
  std::string location;  // "orders.csv:17"
  std::string field;     // header name, or empty for the record as a whole
  std::string reason;
};

class ReadCoordinator {
 public:
  ReadCoordinator(const sdk::SourceContext& context, int lanes, int64_t bytes_total);

  const sdk::SourceContext& context() const { return context_; }

  // Adds parsed bytes (mapped input) or sets the position (streamed input) and reports it.
  void AddProgress(int64_t bytes);
  void SetProgress(int64_t bytes_done);
  void ReportDone();

  // Between batches: throws LaneStopped when an earlier lane failed or the read is over, and
  // sdk::Cancelled when the host asks to stop. Only the lane's own io calls are serialized here
  // because the ABI promises concurrency for emit() alone.
  void CheckContinue(int lane);
  // The lane hit a row that stops the read (on_error: fail): later lanes stop, earlier ones go
  // on since they may hold an earlier failing row.
  void LaneFailed(int lane);
  // Everything stops (cancellation, an unexpected error).
  void StopAll();
  bool stopped() const { return stop_all_.load(std::memory_order_relaxed); }

  // A skipped row. Lane 0's rows go to the host at once; a later lane's rows wait until every
  // earlier lane has finished so that the host (which keeps the first ones) sees file order.
  // A lane holding kMaxHeldErrors waits for its turn rather than growing without bound.
  void RowError(int lane, RowErrorReport report);
  void LaneFinished(int lane);

 private:
  static constexpr size_t kMaxHeldErrors = 1024;
  void DeliverHeldLocked(int lane);

  const sdk::SourceContext& context_;
  int64_t bytes_total_;
  std::atomic<int64_t> bytes_done_{0};
  std::atomic<int> failed_lane_{INT_MAX};
  std::atomic<bool> stop_all_{false};

  std::mutex io_mutex_;  // serializes progress(), stop_requested(), row_error()
  std::condition_variable turn_;
  int open_lane_ = 0;  // lowest lane still running: its errors go straight to the host
  std::vector<bool> finished_;
  std::vector<std::vector<RowErrorReport>> held_;
};

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_READ_COORDINATOR_H_
