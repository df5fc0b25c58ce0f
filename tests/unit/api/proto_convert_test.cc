#include "daemon/api/proto_convert.h"

#include <gtest/gtest.h>

namespace encore {
namespace {

namespace pb = encore::v1;

RunRecord SucceededRun() {
  RunRecord run;
  run.run_id = "r-20261123-101502123-9f3a";
  run.pipeline = "online-retail";
  run.request_id = "nightly";
  run.state = RunState::kSucceeded;
  run.created_at = 1795428902;
  run.started_at = 1795428903;
  run.finished_at = 1795428904;
  run.as_of = 1323435000;
  run.lines_loaded = 406829;
  run.orders = 22190;
  run.customers = 4372;
  run.row_error_count = 2;
  run.details = nlohmann::json::parse(R"({
    "pipeline_version": 3, "currency": "GBP", "time_zone": "Europe/London",
    "segment_score": "rfm_code", "counters": {"rows_without_customer": 135080},
    "row_errors": [{"source": "orders", "location": "orders.csv:17", "field": "Quantity",
                    "reason": "not a number"}],
    "warnings": ["every customer has F = 1"],
    "metrics": [{"name": "rfm.customers", "value": 4372, "unit": "", "json": ""},
                {"name": "rfm.cell_sizes", "value": 0, "unit": "", "json": "{\"111\":669}"}],
    "timings": {"load_seconds": 0.25, "compute_seconds": 0.03, "total_seconds": 1.5}})");
  return run;
}

TEST(ProtoConvertTest, RunCarriesRecordAndDetails) {
  pb::Run run;
  ToProto(SucceededRun(), &run);
  EXPECT_EQ(run.run_id(), "r-20261123-101502123-9f3a");
  EXPECT_EQ(run.state(), pb::RUN_STATE_SUCCEEDED);
  EXPECT_EQ(run.create_time().seconds(), 1795428902);
  EXPECT_EQ(run.finish_time().seconds(), 1795428904);
  EXPECT_EQ(run.as_of_time().seconds(), 1323435000);
  EXPECT_EQ(run.customers(), 4372);
  EXPECT_EQ(run.counters().at("rows_without_customer"), 135080);
  ASSERT_EQ(run.first_row_errors_size(), 1);
  EXPECT_EQ(run.first_row_errors(0).location(), "orders.csv:17");
  EXPECT_EQ(run.first_row_errors(0).field(), "Quantity");
  ASSERT_EQ(run.warnings_size(), 1);
  ASSERT_EQ(run.metrics_size(), 2);
  EXPECT_EQ(run.metrics(0).value(), 4372);
  EXPECT_EQ(run.metrics(1).json(), "{\"111\":669}");
  EXPECT_EQ(run.timings().load().seconds(), 0);
  EXPECT_EQ(run.timings().load().nanos(), 250000000);
  EXPECT_EQ(run.timings().total().seconds(), 1);
  EXPECT_EQ(run.timings().total().nanos(), 500000000);
  EXPECT_FALSE(run.timings().has_deliver());
  EXPECT_EQ(run.pipeline_version(), 3);
  EXPECT_EQ(run.currency(), "GBP");
  EXPECT_EQ(run.time_zone(), "Europe/London");
}

TEST(ProtoConvertTest, TimesNotReachedYetStayUnset) {
  RunRecord queued;
  queued.run_id = "r-1";
  queued.state = RunState::kQueued;
  queued.created_at = 1795428902;
  pb::Run run;
  ToProto(queued, &run);
  EXPECT_EQ(run.state(), pb::RUN_STATE_QUEUED);
  EXPECT_TRUE(run.has_create_time());
  EXPECT_FALSE(run.has_start_time());
  EXPECT_FALSE(run.has_finish_time());
  EXPECT_FALSE(run.has_as_of_time());
  EXPECT_FALSE(run.has_timings());
}

TEST(ProtoConvertTest, OnlyTheFinalEventCarriesTheRun) {
  RunUpdate update;
  update.run = SucceededRun();
  update.run.state = RunState::kRunning;
  update.progress = {"load", 1000, 12.5, 3.25, "orders"};
  pb::RunEvent event;
  ToProto(update, &event);
  EXPECT_EQ(event.state(), pb::RUN_STATE_RUNNING);
  EXPECT_EQ(event.stage(), "load");
  EXPECT_EQ(event.rows_read(), 1000);
  EXPECT_EQ(event.percent(), 12.5);
  EXPECT_EQ(event.eta().seconds(), 3);
  EXPECT_EQ(event.eta().nanos(), 250000000);
  EXPECT_EQ(event.detail(), "orders");
  EXPECT_FALSE(event.has_run());

  update.progress.eta_seconds = -1;  // unknown
  update.final = true;
  pb::RunEvent last;
  ToProto(update, &last);
  EXPECT_FALSE(last.has_eta());
  ASSERT_TRUE(last.has_run());
  EXPECT_EQ(last.run().customers(), 4372);
}

TEST(ProtoConvertTest, ScoresKeepTheirTypesAndNullsAreLeftOut) {
  CustomerResult result;
  result.run_id = "r-1";
  result.customer_id = "12346";
  result.segment = "111";
  result.as_of = 1323435000;
  result.scores = nlohmann::json::parse(
      R"({"recency_days": 325, "monetary_minor": 0, "p_alive": 0.25, "rfm_code": "111",
          "clv": null})");
  pb::CustomerResult out;
  ToProto(result, &out);
  EXPECT_EQ(out.customer_id(), "12346");
  EXPECT_EQ(out.segment(), "111");
  EXPECT_EQ(out.scores().size(), 4u);
  EXPECT_EQ(out.scores().at("recency_days").int_value(), 325);
  EXPECT_EQ(out.scores().at("monetary_minor").kind_case(), pb::ScoreValue::kIntValue);
  EXPECT_EQ(out.scores().at("p_alive").double_value(), 0.25);
  EXPECT_EQ(out.scores().at("rfm_code").string_value(), "111");
  EXPECT_EQ(out.scores().count("clv"), 0u);
}

TEST(ProtoConvertTest, PluginOptionTable) {
  PluginInfo info;
  info.name = "csv";
  info.kind = PluginKind::kSource;
  info.version = "1.0.0";
  info.path = "/plugins/encore_csv.so";
  info.abi_major = 1;
  info.options.push_back(
      {"on_error", ENCORE_OPTION_STRING, false, false, "\"fail\"", {"fail", "skip"}, "what"});
  info.options.push_back({"token", ENCORE_OPTION_STRING, true, true, "", {}, "secret"});
  pb::Plugin plugin;
  ToProto(info, &plugin);
  EXPECT_EQ(plugin.kind(), pb::PLUGIN_KIND_SOURCE);
  ASSERT_EQ(plugin.options_size(), 2);
  EXPECT_EQ(plugin.options(0).default_json(), "\"fail\"");
  EXPECT_EQ(plugin.options(0).allowed_values_size(), 2);
  EXPECT_EQ(plugin.options(1).type(), pb::OPTION_TYPE_STRING);
  EXPECT_TRUE(plugin.options(1).required());
  EXPECT_TRUE(plugin.options(1).secret());
}

}  // namespace
}  // namespace encore
