#include "daemon/api/watch_run_reactor.h"

#include "daemon/api/proto_convert.h"
#include "daemon/api/status_map.h"

namespace encore {

WatchRunReactor::WatchRunReactor(RunScheduler* scheduler, InFlightCalls* calls,
                                 const std::string& run_id, grpc::Status refusal)
    : scheduler_(scheduler), calls_(calls), link_(std::make_shared<Link>()) {
  calls_->Begin();
  if (!refusal.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    FinishLocked(refusal);
    return;
  }
  link_->reactor = this;
  // The first snapshot arrives inside Watch(); writes started before the handler returns are
  // held by gRPC until the reactor is bound to the call.
  Result<uint64_t> watch = scheduler_->Watch(run_id, [link = link_](const RunUpdate& update) {
    std::lock_guard<std::mutex> lock(link->mu);
    if (link->reactor != nullptr) link->reactor->Push(update);
  });
  std::lock_guard<std::mutex> lock(mu_);
  if (!watch.ok()) {
    FinishLocked(ToGrpcStatus(watch.status()));
    return;
  }
  watch_id_ = *watch;
}

void WatchRunReactor::Push(const RunUpdate& update) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_ || final_queued_) return;
  encore::v1::RunEvent event;
  ToProto(update, &event);
  pending_ = std::move(event);
  final_queued_ = update.final;
  if (!writing_) WriteNextLocked();
}

void WatchRunReactor::WriteNextLocked() {
  if (finished_) return;
  if (!pending_) return;
  in_flight_ = std::move(*pending_);
  pending_.reset();
  in_flight_is_final_ = in_flight_.has_run();
  writing_ = true;
  StartWrite(&in_flight_);
}

void WatchRunReactor::OnWriteDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  writing_ = false;
  if (!ok || cancelled_) {
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the stream was closed"));
    return;
  }
  if (in_flight_is_final_) {
    FinishLocked(grpc::Status::OK);
    return;
  }
  WriteNextLocked();
}

void WatchRunReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  // With a write in flight, OnWriteDone finishes the call.
  if (!writing_) FinishLocked(grpc::Status::CANCELLED);
}

void WatchRunReactor::OnDone() {
  {
    std::lock_guard<std::mutex> lock(link_->mu);
    link_->reactor = nullptr;
  }
  uint64_t watch_id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    watch_id = watch_id_;
  }
  if (watch_id != 0) scheduler_->Unwatch(watch_id);
  calls_->End();
  delete this;
}

void WatchRunReactor::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  pending_.reset();
  Finish(status);
}

}  // namespace encore
