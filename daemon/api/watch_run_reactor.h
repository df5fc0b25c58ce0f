// The WatchRun stream. The scheduler pushes complete progress snapshots from its threads; the
// reactor keeps at most one snapshot waiting behind the write in flight (a newer one replaces
// it), so a slow client costs one message of memory and always receives the latest state and
// the final event. The stream ends after the final event, when the client cancels, or when the
// server shuts down.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "daemon/api/in_flight_calls.h"
#include "daemon/scheduler/run_scheduler.h"
#include "encore/v1/run.pb.h"

namespace encore {

class WatchRunReactor final : public grpc::ServerWriteReactor<encore::v1::RunEvent> {
 public:
  // Starts watching `run_id`, or finishes at once with `refusal` when that is not OK
  // (authentication, request validation).
  WatchRunReactor(RunScheduler* scheduler, InFlightCalls* calls, const std::string& run_id,
                  grpc::Status refusal);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Links the scheduler's callback to this reactor until OnDone cuts it, so a callback that
  // races with the end of the stream finds no reactor instead of a deleted one.
  struct Link {
    std::mutex mu;
    WatchRunReactor* reactor = nullptr;
  };

  void Push(const RunUpdate& update);
  void WriteNextLocked();
  void FinishLocked(const grpc::Status& status);

  RunScheduler* scheduler_;
  InFlightCalls* calls_;
  std::shared_ptr<Link> link_;
  std::mutex mu_;
  uint64_t watch_id_ = 0;
  encore::v1::RunEvent in_flight_;
  std::optional<encore::v1::RunEvent> pending_;
  bool writing_ = false;
  bool in_flight_is_final_ = false;
  bool final_queued_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
};

}  // namespace encore
