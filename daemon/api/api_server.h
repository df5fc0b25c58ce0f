// The gRPC server of encored: ControlService, InsightService, ActivityService, grpc.health.v1 and
// server reflection, on one listening address (default 127.0.0.1:50051; port 0 picks a free port).
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "daemon/api/activity_service.h"
#include "daemon/api/bearer_auth.h"
#include "daemon/api/control_service.h"
#include "daemon/api/in_flight_calls.h"
#include "daemon/api/insight_service.h"
#include "daemon/common/status.h"

namespace encore {

struct ApiOptions {
  std::string listen = "127.0.0.1:50051";
  std::string token;  // empty = no authentication
};

// What the services translate to. Must outlive the server.
struct ApiDomain {
  const PluginHost* host = nullptr;
  StateStore* store = nullptr;
  PipelineCatalog* catalog = nullptr;
  RunScheduler* scheduler = nullptr;
  CustomerQueries* queries = nullptr;
};

class ApiServer {
 public:
  static Result<std::unique_ptr<ApiServer>> Start(const ApiOptions& options,
                                                  const ApiDomain& domain);
  ~ApiServer();  // Shutdown() with no grace period left, if not done

  int port() const { return port_; }
  const std::string& address() const { return address_; }

  // Health status of the server and of each Encore service.
  void SetServing(bool serving);
  // Lets calls in flight finish until `grace` passes, then cancels the rest and closes every
  // connection; returns once the server is stopped. Idempotent.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  ApiServer(const ApiOptions& options, const ApiDomain& domain);

  BearerAuth auth_;
  InFlightCalls calls_;
  ControlServiceImpl control_;
  InsightServiceImpl insight_;
  ActivityServiceImpl activity_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace encore
