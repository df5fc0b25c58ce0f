#include "daemon/cli/encore_client.h"

namespace encore::cli {

EncoreClient::EncoreClient(std::string address, std::string token, std::chrono::seconds timeout)
    : address_(std::move(address)),
      token_(std::move(token)),
      timeout_(timeout),
      channel_(grpc::CreateChannel(address_, grpc::InsecureChannelCredentials())),
      control_(encore::v1::ControlService::NewStub(channel_)),
      insight_(encore::v1::InsightService::NewStub(channel_)),
      activity_(encore::v1::ActivityService::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> EncoreClient::Context(bool streaming) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token_.empty()) context->AddMetadata("authorization", "Bearer " + token_);
  if (!streaming) context->set_deadline(std::chrono::system_clock::now() + timeout_);
  return context;
}

bool EncoreClient::Unreachable(const grpc::Status& status) const {
  if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
      status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
    return false;
  }
  // The daemon's own UNAVAILABLE answers ("queue full", "shutting down") come over a working
  // connection; a failed connection leaves the channel in TRANSIENT_FAILURE.
  const grpc_connectivity_state state = channel_->GetState(false);
  return state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_IDLE ||
         state == GRPC_CHANNEL_CONNECTING ||
         status.error_message().find("connect") != std::string::npos;
}

std::string EncoreClient::Describe(const grpc::Status& status) const {
  if (Unreachable(status)) {
    return "cannot reach encored at " + address_ + ": " + status.error_message();
  }
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      return "encored refused the call: " + status.error_message() +
             " (set the token with --token-env NAME)";
    default:
      return status.error_message();
  }
}

}  // namespace encore::cli
