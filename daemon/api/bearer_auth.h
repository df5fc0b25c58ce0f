// Optional bearer-token check: with a token configured, every call of the Encore services must
// carry "authorization: Bearer <token>" metadata. Health checking and reflection are not
// Encore services and stay open, so load balancers and grpcurl's describe work without it.
#pragma once

#include <grpcpp/server_context.h>

#include <string>

namespace encore {

class BearerAuth {
 public:
  explicit BearerAuth(std::string token) : token_(std::move(token)) {}
  bool enabled() const { return !token_.empty(); }
  // OK, or UNAUTHENTICATED. The token is never logged or echoed.
  grpc::Status Check(const grpc::ServerContextBase& context) const;

 private:
  std::string token_;
};

}  // namespace encore
