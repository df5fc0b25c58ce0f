// One encored per test: a temporary data directory, the build's plugins, the ABI tests'
// broken plugins and the scheduler tests' source, and stubs for every service it serves.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"
#include "encore/v1/control_service.grpc.pb.h"
#include "encore/v1/insight_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace encore::e2e {

namespace pb = encore::v1;

inline std::string DataFile(const std::string& name) {
  return std::string(ENCORE_SHARED_DATA_DIR) + "/" + name;
}

// The Online Retail file with its original header mapped column by column. The path goes
// through ${ENCORE_E2E_DATA}, resolved by the daemon when the run starts.
inline std::string OnlineRetailSpec(const std::string& output_dir) {
  return R"(name: online-retail
time_zone: Europe/London
currency: GBP
sources:
  - name: orders
    plugin: csv
    config:
      path: ${ENCORE_E2E_DATA}/online_retail.csv.gz
      columns:
        order_id: InvoiceNo
        customer_id: CustomerID
        ordered_at: InvoiceDate
        product_id: StockCode
        quantity: Quantity
        unit_price: UnitPrice
      time_zone: Europe/London
      currency: GBP
methods:
  - name: rfm
    plugin: rfm
    config: {k: 3}
sinks:
  - name: files
    plugin: file
    config: {path: )" +
         output_dir + R"(}
)";
}

inline std::string CdnowSpec() {
  return "name: cdnow\n"
         "sources:\n"
         "  - name: orders\n"
         "    plugin: csv\n"
         "    config: {path: " +
         DataFile("cdnow_orders.csv") +
         "}\n"
         "methods:\n"
         "  - name: rfm\n"
         "    plugin: rfm\n";
}

// A pipeline whose source emits a few lines and then holds until the run is cancelled.
inline std::string HoldingSpec(const std::string& name) {
  return "name: " + name +
         "\n"
         "sources:\n"
         "  - name: orders\n"
         "    plugin: scheduler_test_source\n"
         "    config: {hold: true}\n";
}

class EncoredTest : public ::testing::Test {
 protected:
  void SetUp() override { data_dir_ = temp_.path() / "data"; }

  void TearDown() override {
    if (daemon_) {
      const int code = daemon_->Stop(SIGTERM);
      EXPECT_EQ(code, 0) << daemon_->log();
    }
  }

  std::vector<std::string> PluginDirs() const {
    std::vector<std::string> dirs = {ENCORE_PLUGIN_DIR, ENCORE_SCHEDULER_TEST_PLUGIN_DIR};
    if (!std::string(ENCORE_ABI_TEST_PLUGIN_DIR).empty())
      dirs.push_back(ENCORE_ABI_TEST_PLUGIN_DIR);
    return dirs;
  }

  // Starts encored (stopping a previous one first is the caller's business) and connects.
  void StartDaemon(std::vector<std::string> extra_args = {}, EnvVars env = {}) {
    DaemonOptions options;
    options.data_dir = data_dir_;
    options.plugin_dirs = PluginDirs();
    options.extra_args = std::move(extra_args);
    env.emplace_back("ENCORE_E2E_DATA", ENCORE_SHARED_DATA_DIR);
    options.env = std::move(env);
    std::string error;
    daemon_ = Daemon::Start(options, temp_.path(), &error);
    ASSERT_NE(daemon_, nullptr) << error;
    channel_ = grpc::CreateChannel(daemon_->address(), grpc::InsecureChannelCredentials());
    control_ = pb::ControlService::NewStub(channel_);
    insight_ = pb::InsightService::NewStub(channel_);
    health_ = grpc::health::v1::Health::NewStub(channel_);
    reflection_ = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  }

  // Stops the daemon with SIGTERM and returns its exit code.
  int StopDaemon() {
    const int code = daemon_->Stop(SIGTERM);
    last_log_ = daemon_->log();
    daemon_.reset();
    return code;
  }

  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  pb::Pipeline Apply(const std::string& spec) {
    pb::ApplyPipelineRequest request;
    request.set_spec(spec);
    pb::Pipeline pipeline;
    grpc::Status status = control_->ApplyPipeline(Context().get(), request, &pipeline);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return pipeline;
  }

  pb::Run Start(const std::string& pipeline, const std::string& request_id = "") {
    pb::StartRunRequest request;
    request.set_pipeline(pipeline);
    request.set_request_id(request_id);
    pb::Run run;
    grpc::Status status = control_->StartRun(Context().get(), request, &run);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return run;
  }

  // Every event of the run's WatchRun stream, until the stream ends.
  std::vector<pb::RunEvent> WatchToEnd(const std::string& run_id) {
    pb::WatchRunRequest request;
    request.set_run_id(run_id);
    auto context = Context();
    auto reader = control_->WatchRun(context.get(), request);
    std::vector<pb::RunEvent> events;
    pb::RunEvent event;
    while (reader->Read(&event)) events.push_back(event);
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return events;
  }

  // Starts a run and follows it; returns the final run.
  pb::Run RunToEnd(const std::string& pipeline) {
    const pb::Run run = Start(pipeline);
    std::vector<pb::RunEvent> events = WatchToEnd(run.run_id());
    EXPECT_FALSE(events.empty());
    if (events.empty() || !events.back().has_run()) return pb::Run();
    EXPECT_EQ(events.back().run().state(), pb::RUN_STATE_SUCCEEDED) << events.back().run().error();
    return events.back().run();
  }

  // Every customer of a run, read page by page.
  std::vector<pb::CustomerResult> AllCustomers(const std::string& pipeline, int page_size,
                                               int* pages, const std::string& segment = "") {
    std::vector<pb::CustomerResult> all;
    std::string token;
    *pages = 0;
    do {
      pb::ListCustomersRequest request;
      request.set_pipeline(pipeline);
      request.set_segment(segment);
      request.set_page_size(page_size);
      request.set_page_token(token);
      pb::ListCustomersResponse response;
      grpc::Status status = insight_->ListCustomers(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      ++*pages;
      all.insert(all.end(), response.customers().begin(), response.customers().end());
      token = response.next_page_token();
    } while (!token.empty());
    return all;
  }

  TempDir temp_;
  std::filesystem::path data_dir_;
  std::unique_ptr<Daemon> daemon_;
  std::string last_log_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::ControlService::Stub> control_;
  std::unique_ptr<pb::InsightService::Stub> insight_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  std::unique_ptr<grpc::reflection::v1alpha::ServerReflection::Stub> reflection_;
};

}  // namespace encore::e2e
