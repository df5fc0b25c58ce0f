// encored end to end: the real binary, real plugins, real data, over gRPC.
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "e2e_fixture.h"
#include "reference_rfm.h"

namespace encore::e2e {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

HealthCheckResponse::ServingStatus Health(grpc::health::v1::Health::Stub& stub,
                                          const std::string& service) {
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::ClientContext context;
  grpc::Status status = stub.Check(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.status();
}

int64_t IntScore(const pb::CustomerResult& c, const std::string& name) {
  auto it = c.scores().find(name);
  if (it == c.scores().end() || it->second.kind_case() != pb::ScoreValue::kIntValue) return -999999;
  return it->second.int_value();
}

// Compares every customer the daemon scored with the independent computation. Returns the
// number of customers that differ (and reports the first few).
int CompareWithReference(const std::vector<pb::CustomerResult>& customers,
                         const ReferenceRun& reference) {
  int differences = 0;
  for (const pb::CustomerResult& c : customers) {
    auto it = reference.customers.find(c.customer_id());
    if (it == reference.customers.end()) {
      ADD_FAILURE() << "customer " << c.customer_id() << " is not in the file";
      ++differences;
      continue;
    }
    const ReferenceCustomer& want = it->second;
    const bool same = IntScore(c, "recency_days") == want.recency_days &&
                      IntScore(c, "frequency") == want.frequency &&
                      IntScore(c, "monetary_minor") == want.monetary_minor &&
                      IntScore(c, "orders") == want.orders;
    if (!same && ++differences <= 5) {
      ADD_FAILURE() << "customer " << c.customer_id() << ": daemon R/F/M/orders "
                    << IntScore(c, "recency_days") << "/" << IntScore(c, "frequency") << "/"
                    << IntScore(c, "monetary_minor") << "/" << IntScore(c, "orders")
                    << ", reference " << want.recency_days << "/" << want.frequency << "/"
                    << want.monetary_minor << "/" << want.orders;
    }
  }
  return differences;
}

TEST_F(EncoredTest, ServesHealthReflectionAndPluginsWhileRefusingBrokenOnes) {
  ASSERT_FALSE(std::string(ENCORE_ABI_TEST_PLUGIN_DIR).empty());
  StartDaemon();
  EXPECT_EQ(Health(*health_, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(*health_, "encore.v1.ControlService"), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(*health_, "encore.v1.InsightService"), HealthCheckResponse::SERVING);

  // Reflection: the service list, and the descriptor of the control service.
  {
    grpc::ClientContext context;
    auto stream = reflection_->ServerReflectionInfo(&context);
    grpc::reflection::v1alpha::ServerReflectionRequest request;
    request.set_list_services("");
    ASSERT_TRUE(stream->Write(request));
    grpc::reflection::v1alpha::ServerReflectionResponse response;
    ASSERT_TRUE(stream->Read(&response));
    std::set<std::string> services;
    for (const auto& s : response.list_services_response().service()) services.insert(s.name());
    EXPECT_EQ(services.count("encore.v1.ControlService"), 1u);
    EXPECT_EQ(services.count("encore.v1.InsightService"), 1u);

    request.set_file_containing_symbol("encore.v1.ControlService");
    ASSERT_TRUE(stream->Write(request));
    ASSERT_TRUE(stream->Read(&response));
    ASSERT_EQ(response.message_response_case(),
              grpc::reflection::v1alpha::ServerReflectionResponse::kFileDescriptorResponse);
    EXPECT_GE(response.file_descriptor_response().file_descriptor_proto_size(), 1);
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
  }

  pb::ListPluginsResponse plugins;
  ASSERT_TRUE(control_->ListPlugins(Context().get(), pb::ListPluginsRequest(), &plugins).ok());
  std::map<std::string, pb::Plugin> by_name;
  for (const pb::Plugin& p : plugins.plugins()) by_name[p.name()] = p;
  ASSERT_EQ(by_name.count("csv"), 1u);
  ASSERT_EQ(by_name.count("rfm"), 1u);
  ASSERT_EQ(by_name.count("file"), 1u);
  EXPECT_EQ(by_name["csv"].kind(), pb::PLUGIN_KIND_SOURCE);
  EXPECT_EQ(by_name["rfm"].kind(), pb::PLUGIN_KIND_METHOD);
  EXPECT_EQ(by_name["file"].kind(), pb::PLUGIN_KIND_SINK);
  EXPECT_EQ(by_name["csv"].abi_major(), 1u);
  EXPECT_NE(by_name["csv"].path().find("encore_csv.so"), std::string::npos);
  const auto& csv_options = by_name["csv"].options();
  auto path = std::find_if(csv_options.begin(), csv_options.end(),
                           [](const pb::PluginOption& o) { return o.name() == "path"; });
  ASSERT_NE(path, csv_options.end());
  EXPECT_TRUE(path->required());
  EXPECT_EQ(path->type(), pb::OPTION_TYPE_STRING);
  auto on_error = std::find_if(csv_options.begin(), csv_options.end(),
                               [](const pb::PluginOption& o) { return o.name() == "on_error"; });
  ASSERT_NE(on_error, csv_options.end());
  EXPECT_EQ(on_error->default_json(), "\"fail\"");
  EXPECT_EQ(std::vector<std::string>(on_error->allowed_values().begin(),
                                     on_error->allowed_values().end()),
            (std::vector<std::string>{"fail", "skip"}));
  EXPECT_EQ(by_name.count("abi_good"), 1u);  // the one good plugin in the broken folder

  // Each broken library is listed with a reason naming it.
  std::map<std::string, std::string> rejected;
  for (const pb::RejectedPlugin& r : plugins.rejected_plugins()) {
    rejected[std::filesystem::path(r.path()).filename().string()] = r.reason();
  }
  for (const char* file : {"encore_abi_major2.so", "encore_abi_minor_newer.so",
                           "encore_abi_truncated.so", "encore_abi_no_entry.so", "junk.so"}) {
    ASSERT_EQ(rejected.count(file), 1u) << file;
    EXPECT_NE(rejected[file].find(file), std::string::npos) << rejected[file];
  }
  EXPECT_NE(rejected["encore_abi_major2.so"].find("ABI 2."), std::string::npos)
      << rejected["encore_abi_major2.so"];
  // And the daemon is still serving.
  EXPECT_EQ(Health(*health_, ""), HealthCheckResponse::SERVING);
}

TEST_F(EncoredTest, BadRequestsAreInvalidArgumentNamingTheField) {
  StartDaemon();
  auto expect_invalid = [](const grpc::Status& status, const std::string& message) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(status.error_message(), message);
  };
  pb::Run run;
  expect_invalid(control_->StartRun(Context().get(), pb::StartRunRequest(), &run),
                 "pipeline: required");
  pb::ListRunsRequest list_runs;
  list_runs.set_page_size(5000);
  pb::ListRunsResponse runs;
  expect_invalid(control_->ListRuns(Context().get(), list_runs, &runs),
                 "page_size: must be 0..1000");
  list_runs.set_page_size(10);
  list_runs.set_page_token("garbage");
  expect_invalid(control_->ListRuns(Context().get(), list_runs, &runs),
                 "page_token: not a token this list returned");
  pb::GetCustomerRequest get_customer;
  get_customer.set_pipeline("cdnow");
  pb::GetCustomerResponse customer;
  expect_invalid(insight_->GetCustomer(Context().get(), get_customer, &customer),
                 "customer_id: required");
  pb::ListCustomersResponse customers;
  expect_invalid(insight_->ListCustomers(Context().get(), pb::ListCustomersRequest(), &customers),
                 "pipeline: required when run_id is empty");
  pb::Pipeline pipeline;
  expect_invalid(control_->ApplyPipeline(Context().get(), pb::ApplyPipelineRequest(), &pipeline),
                 "spec: required");

  // A spec that does not validate: INVALID_ARGUMENT from Apply, violations from Validate.
  const std::string bad_spec =
      "name: cdnow\n"
      "sources:\n"
      "  - name: orders\n"
      "    plugin: csv\n"
      "    config: {path: /nowhere.csv, delimeter: \";\"}\n";
  pb::ApplyPipelineRequest apply;
  apply.set_spec(bad_spec);
  grpc::Status applied = control_->ApplyPipeline(Context().get(), apply, &pipeline);
  EXPECT_EQ(applied.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(applied.error_message().rfind("spec: sources[0] (orders): ", 0), 0u)
      << applied.error_message();
  EXPECT_NE(applied.error_message().find("delimeter"), std::string::npos);

  pb::ValidatePipelineRequest validate;
  validate.set_spec(bad_spec);
  pb::ValidatePipelineResponse validation;
  ASSERT_TRUE(control_->ValidatePipeline(Context().get(), validate, &validation).ok());
  EXPECT_FALSE(validation.valid());
  EXPECT_EQ(validation.pipeline(), "cdnow");
  ASSERT_EQ(validation.violations_size(), 1);
  EXPECT_EQ(validation.violations(0).field(), "sources[0].config.delimeter");

  validate.set_spec("name: cdnow\nsources:\n  - name: orders\n");
  ASSERT_TRUE(control_->ValidatePipeline(Context().get(), validate, &validation).ok());
  EXPECT_FALSE(validation.valid());
  ASSERT_EQ(validation.violations_size(), 1);
  EXPECT_EQ(validation.violations(0).field(), "sources[0].plugin");
  EXPECT_NE(validation.violations(0).message().find("line 3"), std::string::npos)
      << validation.violations(0).message();

  validate.set_spec(CdnowSpec());
  ASSERT_TRUE(control_->ValidatePipeline(Context().get(), validate, &validation).ok());
  EXPECT_TRUE(validation.valid());
  EXPECT_EQ(validation.violations_size(), 0);

  // Unknown things are NOT_FOUND.
  pb::GetRunRequest get_run;
  get_run.set_run_id("r-20000101-000000000-0000");
  EXPECT_EQ(control_->GetRun(Context().get(), get_run, &run).error_code(),
            grpc::StatusCode::NOT_FOUND);
  pb::StartRunRequest start;
  start.set_pipeline("nope");
  grpc::Status started = control_->StartRun(Context().get(), start, &run);
  EXPECT_EQ(started.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(started.error_message(), "pipeline 'nope' not found");

  // WatchRun validates too, and ends with the error.
  pb::WatchRunRequest watch;
  auto context = Context();
  auto reader = control_->WatchRun(context.get(), watch);
  pb::RunEvent event;
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status watched = reader->Finish();
  EXPECT_EQ(watched.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(watched.error_message(), "run_id: required");
}

TEST_F(EncoredTest, OnlineRetailRunMatchesAnIndependentComputation) {
  StartDaemon();
  const pb::Pipeline pipeline = Apply(OnlineRetailSpec((temp_.path() / "out").string()));
  EXPECT_EQ(pipeline.name(), "online-retail");
  EXPECT_EQ(pipeline.version(), 1);
  EXPECT_NE(pipeline.spec().find("${ENCORE_E2E_DATA}"), std::string::npos);  // stored as given

  const pb::Run run = Start("online-retail", "e2e-retail-1");
  const pb::Run again = Start("online-retail", "e2e-retail-1");
  EXPECT_EQ(again.run_id(), run.run_id());

  const std::vector<pb::RunEvent> events = WatchToEnd(run.run_id());
  ASSERT_GE(events.size(), 2u);
  double percent = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].run_id(), run.run_id());
    EXPECT_GE(events[i].percent(), percent) << "event " << i;
    percent = events[i].percent();
    EXPECT_EQ(events[i].has_run(), i + 1 == events.size()) << "event " << i;
  }
  const pb::Run done = events.back().run();
  ASSERT_EQ(done.state(), pb::RUN_STATE_SUCCEEDED) << done.error();
  EXPECT_EQ(events.back().percent(), 100);

  const ReferenceRun reference = ReferenceOnlineRetail(DataFile("online_retail.csv.gz"));
  ASSERT_EQ(reference.customers.size(), 4372u);
  ASSERT_EQ(reference.lines_with_customer, 406829);
  ASSERT_EQ(reference.lines_without_customer, 135080);
  EXPECT_EQ(done.customers(), 4372);
  EXPECT_EQ(done.lines_loaded(), 406829);
  EXPECT_EQ(done.orders(), reference.orders);
  EXPECT_EQ(done.counters().at("rows_without_customer"), 135080);
  EXPECT_EQ(done.row_error_count(), 0);
  EXPECT_EQ(done.currency(), "GBP");
  EXPECT_EQ(done.time_zone(), "Europe/London");
  EXPECT_EQ(done.pipeline_version(), 1);
  EXPECT_TRUE(done.timings().has_total());

  pb::ListRunsRequest list_runs;
  list_runs.set_pipeline("online-retail");
  pb::ListRunsResponse runs;
  ASSERT_TRUE(control_->ListRuns(Context().get(), list_runs, &runs).ok());
  ASSERT_EQ(runs.runs_size(), 1);  // the repeated StartRun started nothing
  EXPECT_EQ(runs.runs(0).request_id(), "e2e-retail-1");

  int pages = 0;
  const std::vector<pb::CustomerResult> customers = AllCustomers("online-retail", 1000, &pages);
  EXPECT_EQ(pages, 5);
  ASSERT_EQ(customers.size(), 4372u);
  EXPECT_EQ(CompareWithReference(customers, reference), 0);

  // Customer 12346 bought 74,215 units for 77,183.60 and returned all of them in a credit
  // note: one positive order, nothing spent, last purchase on 2011-01-18.
  pb::GetCustomerRequest get;
  get.set_pipeline("online-retail");
  get.set_customer_id("12346");
  pb::GetCustomerResponse customer;
  ASSERT_TRUE(insight_->GetCustomer(Context().get(), get, &customer).ok());
  ASSERT_EQ(customer.results_size(), 1);
  EXPECT_EQ(customer.results(0).run_id(), run.run_id());
  EXPECT_EQ(IntScore(customer.results(0), "frequency"), 1);
  EXPECT_EQ(IntScore(customer.results(0), "monetary_minor"), 0);
  EXPECT_EQ(IntScore(customer.results(0), "recency_days"), 325);
  EXPECT_EQ(IntScore(customer.results(0), "orders"), 2);

  // Segment sizes add up, and a segment filter returns exactly that segment.
  pb::GetSegmentSummaryRequest summary_request;
  summary_request.set_pipeline("online-retail");
  pb::SegmentSummary summary;
  ASSERT_TRUE(insight_->GetSegmentSummary(Context().get(), summary_request, &summary).ok());
  EXPECT_EQ(summary.run_id(), run.run_id());
  EXPECT_EQ(summary.segment_score(), "rfm_code");
  EXPECT_EQ(summary.total_customers(), 4372);
  int64_t sum = 0;
  pb::SegmentSize largest;
  for (const pb::SegmentSize& s : summary.segments()) {
    sum += s.customers();
    if (s.customers() > largest.customers()) largest = s;
  }
  EXPECT_EQ(sum, 4372);
  const std::vector<pb::CustomerResult> in_segment =
      AllCustomers("online-retail", 100, &pages, largest.segment());
  EXPECT_EQ(static_cast<int64_t>(in_segment.size()), largest.customers());
  for (const pb::CustomerResult& c : in_segment) {
    ASSERT_EQ(c.segment(), largest.segment());
    ASSERT_EQ(c.scores().at("rfm_code").string_value(), largest.segment());
  }
}

TEST_F(EncoredTest, CdnowRunMatchesAnIndependentComputationAndPagesCustomers) {
  StartDaemon();
  Apply(CdnowSpec());
  const pb::Run done = RunToEnd("cdnow");
  const ReferenceRun reference = ReferenceCanonical(DataFile("cdnow_orders.csv"));
  ASSERT_EQ(reference.customers.size(), 23570u);
  EXPECT_EQ(done.customers(), 23570);
  EXPECT_EQ(done.lines_loaded(), 69659);
  EXPECT_EQ(done.orders(), 69659);  // one line per order in this file

  int pages = 0;
  const std::vector<pb::CustomerResult> customers = AllCustomers("cdnow", 1000, &pages);
  EXPECT_EQ(pages, 24);
  ASSERT_EQ(customers.size(), 23570u);
  std::set<std::string> ids;
  for (const auto& c : customers) ids.insert(c.customer_id());
  EXPECT_EQ(ids.size(), 23570u);  // no customer on two pages
  EXPECT_EQ(CompareWithReference(customers, reference), 0);

  // Ordered by a score: the biggest spender first.
  pb::ListCustomersRequest top;
  top.set_pipeline("cdnow");
  top.set_order_by("monetary_minor");
  top.set_descending(true);
  top.set_page_size(3);
  pb::ListCustomersResponse best;
  ASSERT_TRUE(insight_->ListCustomers(Context().get(), top, &best).ok());
  ASSERT_EQ(best.customers_size(), 3);
  int64_t max_monetary = 0;
  for (const auto& [id, c] : reference.customers)
    max_monetary = std::max(max_monetary, c.monetary_minor);
  EXPECT_EQ(IntScore(best.customers(0), "monetary_minor"), max_monetary);
  EXPECT_GE(IntScore(best.customers(0), "monetary_minor"),
            IntScore(best.customers(1), "monetary_minor"));
  EXPECT_EQ(best.total(), 23570);
}

TEST_F(EncoredTest, CancelStopsARunningRunAndAQueuedOneAtOnce) {
  StartDaemon();
  Apply(HoldingSpec("hold"));
  const pb::Run running = Start("hold");
  const pb::Run queued = Start("hold");  // runs of one pipeline never overlap
  EXPECT_EQ(queued.state(), pb::RUN_STATE_QUEUED);

  // Follow the first run until it is running, then cancel it.
  pb::WatchRunRequest watch;
  watch.set_run_id(running.run_id());
  auto context = Context();
  auto reader = control_->WatchRun(context.get(), watch);
  pb::RunEvent event;
  while (reader->Read(&event) && event.state() != pb::RUN_STATE_RUNNING) {
  }
  ASSERT_EQ(event.state(), pb::RUN_STATE_RUNNING);

  pb::CancelRunRequest cancel;
  cancel.set_run_id(queued.run_id());
  pb::Run cancelled;
  ASSERT_TRUE(control_->CancelRun(Context().get(), cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.state(), pb::RUN_STATE_CANCELLED);
  EXPECT_EQ(cancelled.error(), "cancelled by request before it started");

  cancel.set_run_id(running.run_id());
  ASSERT_TRUE(control_->CancelRun(Context().get(), cancel, &cancelled).ok());
  while (reader->Read(&event)) {
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_TRUE(event.has_run());
  EXPECT_EQ(event.run().state(), pb::RUN_STATE_CANCELLED);
  EXPECT_EQ(event.run().error(), "cancelled by request");

  // Cancelling a finished run that did not end cancelled is refused.
  Apply(CdnowSpec());
  const pb::Run done = RunToEnd("cdnow");
  cancel.set_run_id(done.run_id());
  EXPECT_EQ(control_->CancelRun(Context().get(), cancel, &cancelled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(EncoredTest, SigtermDrainsAndARestartKeepsPipelinesRunsAndHistory) {
  StartDaemon();
  Apply(CdnowSpec());
  Apply(HoldingSpec("hold"));
  const pb::Run first = RunToEnd("cdnow");
  const pb::Run held = Start("hold");
  {
    pb::WatchRunRequest watch;
    watch.set_run_id(held.run_id());
    auto context = Context();
    auto reader = control_->WatchRun(context.get(), watch);
    pb::RunEvent event;
    while (reader->Read(&event) && event.state() != pb::RUN_STATE_RUNNING) {
    }
    ASSERT_EQ(event.state(), pb::RUN_STATE_RUNNING);
    context->TryCancel();
    reader->Finish();
  }
  ASSERT_EQ(StopDaemon(), 0) << last_log_;
  EXPECT_NE(last_log_.find("encored exited cleanly"), std::string::npos) << last_log_;

  StartDaemon();
  pb::ListPipelinesResponse pipelines;
  ASSERT_TRUE(
      control_->ListPipelines(Context().get(), pb::ListPipelinesRequest(), &pipelines).ok());
  std::set<std::string> names;
  for (const auto& p : pipelines.pipelines()) names.insert(p.name());
  EXPECT_EQ(names, (std::set<std::string>{"cdnow", "hold"}));

  pb::GetRunRequest get_run;
  get_run.set_run_id(held.run_id());
  pb::Run stored;
  ASSERT_TRUE(control_->GetRun(Context().get(), get_run, &stored).ok());
  EXPECT_EQ(stored.state(), pb::RUN_STATE_CANCELLED);
  EXPECT_EQ(stored.error(), "cancelled: encored is shutting down");
  get_run.set_run_id(first.run_id());
  ASSERT_TRUE(control_->GetRun(Context().get(), get_run, &stored).ok());
  EXPECT_EQ(stored.state(), pb::RUN_STATE_SUCCEEDED);
  EXPECT_EQ(stored.customers(), 23570);

  const pb::Run second = RunToEnd("cdnow");
  pb::ListRunsResponse runs;
  ASSERT_TRUE(control_->ListRuns(Context().get(), pb::ListRunsRequest(), &runs).ok());
  ASSERT_EQ(runs.runs_size(), 3);
  EXPECT_EQ(runs.runs(0).run_id(), second.run_id());  // newest first
  EXPECT_EQ(runs.runs(2).run_id(), first.run_id());

  pb::GetCustomerRequest get;
  get.set_pipeline("cdnow");
  get.set_customer_id("1");
  pb::GetCustomerResponse customer;
  ASSERT_TRUE(insight_->GetCustomer(Context().get(), get, &customer).ok());
  ASSERT_EQ(customer.results_size(), 2);
  EXPECT_EQ(customer.results(0).run_id(), first.run_id());
  EXPECT_EQ(customer.results(1).run_id(), second.run_id());
  EXPECT_EQ(IntScore(customer.results(0), "monetary_minor"),
            IntScore(customer.results(1), "monetary_minor"));
}

TEST_F(EncoredTest, BearerTokenIsRequiredWhenConfiguredButHealthStaysOpen) {
  StartDaemon({"--token-env", "ENCORE_E2E_TOKEN"}, {{"ENCORE_E2E_TOKEN", "s3cret-t0ken"}});
  pb::ListPipelinesResponse pipelines;
  grpc::Status anonymous =
      control_->ListPipelines(Context().get(), pb::ListPipelinesRequest(), &pipelines);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status wrong =
      control_->ListPipelines(Context("guess").get(), pb::ListPipelinesRequest(), &pipelines);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(
      control_->ListPipelines(Context("s3cret-t0ken").get(), pb::ListPipelinesRequest(), &pipelines)
          .ok());
  pb::GetSegmentSummaryRequest segments;
  segments.set_pipeline("x");
  pb::SegmentSummary summary;
  EXPECT_EQ(insight_->GetSegmentSummary(Context().get(), segments, &summary).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Health(*health_, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(daemon_->log().find("s3cret-t0ken"), std::string::npos);  // never logged
}

TEST_F(EncoredTest, ConfigFlagAppliesAPipelineAtStartOnlyWhenItChanged) {
  const auto config = temp_.path() / "cdnow.yaml";
  std::ofstream(config) << CdnowSpec();
  StartDaemon({"--config", config.string()});
  pb::GetPipelineRequest get;
  get.set_name("cdnow");
  pb::Pipeline pipeline;
  ASSERT_TRUE(control_->GetPipeline(Context().get(), get, &pipeline).ok());
  EXPECT_EQ(pipeline.version(), 1);
  ASSERT_EQ(StopDaemon(), 0) << last_log_;

  StartDaemon({"--config", config.string()});  // same text: nothing changes
  ASSERT_TRUE(control_->GetPipeline(Context().get(), get, &pipeline).ok());
  EXPECT_EQ(pipeline.version(), 1);
  ASSERT_EQ(StopDaemon(), 0) << last_log_;

  // A config that does not validate stops the start, naming the file and the problem.
  const auto bad = temp_.path() / "bad.yaml";
  std::ofstream(bad) << "name: bad\nsources: []\n";
  const ProcessResult refused =
      RunProcess({ENCORED_PATH, "--data-dir", data_dir_.string(), "--listen", "127.0.0.1:0",
                  "--plugin-dir", ENCORE_PLUGIN_DIR, "--config", bad.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--config " + bad.string()), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("sources"), std::string::npos) << refused.err;
}

TEST_F(EncoredTest, ValidateFlagChecksASpecWithoutStartingTheDaemon) {
  const auto good = temp_.path() / "good.yaml";
  const auto bad = temp_.path() / "bad.yaml";
  std::ofstream(good) << CdnowSpec();
  std::ofstream(bad) << "name: cdnow\nsources:\n  - name: orders\n    plugin: csv\n"
                        "    config: {path: x.csv, delimeter: \";\"}\n";
  std::vector<std::string> argv = {ENCORED_PATH};
  for (const std::string& dir : PluginDirs()) {
    argv.push_back("--plugin-dir");
    argv.push_back(dir);
  }
  std::vector<std::string> valid = argv;
  valid.insert(valid.end(), {"--validate", good.string()});
  const ProcessResult ok = RunProcess(valid);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("pipeline 'cdnow' is valid"), std::string::npos) << ok.out;

  std::vector<std::string> invalid = argv;
  invalid.insert(invalid.end(), {"--validate", bad.string()});
  const ProcessResult refused = RunProcess(invalid);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.out.find("invalid"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("unknown option 'delimeter'"), std::string::npos) << refused.out;
  EXPECT_FALSE(std::filesystem::exists(data_dir_));  // nothing was opened or written
}

}  // namespace
}  // namespace encore::e2e
