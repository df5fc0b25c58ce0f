// The connection to encored: stubs for both services, per-call contexts carrying the bearer
// token and a deadline, and error messages worded for the operator.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "encore/v1/activity_service.grpc.pb.h"
#include "encore/v1/control_service.grpc.pb.h"
#include "encore/v1/insight_service.grpc.pb.h"

namespace encore::cli {

class EncoreClient {
 public:
  EncoreClient(std::string address, std::string token, std::chrono::seconds timeout);

  encore::v1::ControlService::Stub& control() { return *control_; }
  encore::v1::InsightService::Stub& insight() { return *insight_; }
  encore::v1::ActivityService::Stub& activity() { return *activity_; }
  const std::string& address() const { return address_; }

  // A context with the token and the call deadline; `streaming` calls get no deadline.
  std::unique_ptr<grpc::ClientContext> Context(bool streaming = false) const;

  // "cannot reach encored at ADDR: ..." when the daemon could not be reached, else the
  // status message.
  std::string Describe(const grpc::Status& status) const;
  bool Unreachable(const grpc::Status& status) const;

 private:
  std::string address_;
  std::string token_;
  std::chrono::seconds timeout_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<encore::v1::ControlService::Stub> control_;
  std::unique_ptr<encore::v1::InsightService::Stub> insight_;
  std::unique_ptr<encore::v1::ActivityService::Stub> activity_;
};

}  // namespace encore::cli
