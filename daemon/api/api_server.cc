#include "daemon/api/api_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

namespace encore {
namespace {

// Time given to answers already finished to be sent once nothing is in flight any more.
constexpr std::chrono::milliseconds kFlush(200);

constexpr const char* kServiceNames[] = {"encore.v1.ControlService", "encore.v1.InsightService",
                                         "encore.v1.ActivityService"};

// The host part of "host:port", for the address the server actually listens on.
std::string WithPort(const std::string& listen, int port) {
  const size_t colon = listen.rfind(':');
  const std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  return host + ":" + std::to_string(port);
}

}  // namespace

ApiServer::ApiServer(const ApiOptions& options, const ApiDomain& domain)
    : auth_(options.token),
      control_(domain.host, domain.store, domain.catalog, domain.scheduler, &auth_, &calls_),
      insight_(domain.queries, &auth_, &calls_),
      activity_(domain.store, domain.queries, &auth_, &calls_) {}

ApiServer::~ApiServer() { Shutdown(std::chrono::milliseconds(0)); }

Result<std::unique_ptr<ApiServer>> ApiServer::Start(const ApiOptions& options,
                                                    const ApiDomain& domain) {
  if (options.listen.empty() || options.listen.find(':') == std::string::npos) {
    return InvalidArgument("listen address '" + options.listen + "' must be HOST:PORT");
  }
  std::unique_ptr<ApiServer> api(new ApiServer(options, domain));
  // Both must be called before the builder is created.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(&api->control_);
  builder.RegisterService(&api->insight_);
  builder.RegisterService(&api->activity_);
  api->server_ = builder.BuildAndStart();
  if (api->server_ == nullptr || selected_port == 0) {
    api->stopped_ = true;
    return Unavailable("cannot listen on " + options.listen +
                       " (address in use, or not an address of this machine)");
  }
  api->port_ = selected_port;
  api->address_ = WithPort(options.listen, selected_port);
  api->SetServing(true);
  return api;
}

void ApiServer::SetServing(bool serving) {
  if (server_ == nullptr || stopped_) return;
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);
  for (const char* name : kServiceNames) health->SetServingStatus(name, serving);
}

void ApiServer::Shutdown(std::chrono::milliseconds grace) {
  if (stopped_ || server_ == nullptr) return;
  stopped_ = true;
  // gRPC's own deadline would also be spent waiting for idle client connections, so wait for
  // the Encore calls in flight only; the short flush lets answers already given reach the wire.
  calls_.WaitIdle(std::chrono::system_clock::now() + grace);
  server_->Shutdown(std::chrono::system_clock::now() + kFlush);
  server_->Wait();
}

}  // namespace encore
