// The shape every unary handler shares: authenticate, run the body, turn any exception into
// INTERNAL (none may escape into gRPC), finish the call on the default reactor.
#pragma once

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <memory>

#include "daemon/api/bearer_auth.h"
#include "daemon/api/in_flight_calls.h"

namespace encore {

template <class Body>
grpc::ServerUnaryReactor* UnaryCall(grpc::CallbackServerContext* context, const BearerAuth& auth,
                                    InFlightCalls& calls, spdlog::logger& log, const char* method,
                                    Body&& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  calls.Begin();
  grpc::Status status = auth.Check(*context);
  if (status.ok()) {
    try {
      status = body();
    } catch (const std::exception& e) {
      log.error("{}: unexpected exception: {}", method, e.what());
      status = grpc::Status(grpc::StatusCode::INTERNAL, "internal error; see the daemon log");
    }
  }
  if (status.error_code() == grpc::StatusCode::INTERNAL) {
    log.error("{}: {}", method, status.error_message());
  } else {
    log.debug("{}: {}", method, static_cast<int>(status.error_code()));
  }
  calls.End();
  reactor->Finish(status);
  return reactor;
}

}  // namespace encore
