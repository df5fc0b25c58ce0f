// The one place where domain statuses become gRPC statuses.
#pragma once

#include <grpcpp/support/status.h>

#include <string>

#include "daemon/common/status.h"

namespace encore {

grpc::StatusCode ToGrpcCode(StatusCode code);
grpc::Status ToGrpcStatus(const Status& status);

// INVALID_ARGUMENT "<field>: <problem>", e.g. InvalidField("pipeline", "required").
grpc::Status InvalidField(const std::string& field, const std::string& problem);

}  // namespace encore
