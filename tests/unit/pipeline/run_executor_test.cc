// ExecuteRun with the test plugins of testdata/: exact outcomes, call sequences, failures,
// retries and cancellation.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "daemon/pipeline/run_executor.h"
#include "tests/unit/pipeline/test_run.h"

namespace encore {
namespace {

using Lines = std::vector<std::string>;

class RunExecutorTest : public testing::RunTest {
 protected:
  PipelineSpec Spec(const std::string& source = "lines",
                    const std::vector<std::string>& methods = {"scores"},
                    const std::string& sink = "ok") const {
    PipelineSpec spec;
    spec.name = "test";
    spec.sources.push_back({"orders", "pipeline_test_source", {{"mode", source}, {"log", log_}}});
    for (size_t i = 0; i < methods.size(); ++i) {
      spec.methods.push_back({i == 0 ? "m" : "m" + std::to_string(i + 1),
                              "pipeline_test_method",
                              {{"mode", methods[i]}}});
    }
    if (!sink.empty()) {
      spec.sinks.push_back({"out", "pipeline_test_sink", {{"mode", sink}, {"log", log_}}});
    }
    return spec;
  }

  RunControl Control() const {
    RunControl control;
    control.run_id = "r1";
    control.started_at = 1700000000;
    control.cursors = {{"orders", "c0"}};
    control.lanes = 2;
    return control;
  }

  Result<RunOutcome> Run(const PipelineSpec& spec) const {
    return ExecuteRun(spec, host(), Control());
  }
};

const Lines kDelivered = {
    "sink check",
    "sink open run=r1 pipeline=test as_of=4000 started_at=1700000000",
    "sink write customers rows=3 [customer_id,order_count,net,tier] A|2|500|gold B|1|250|basic "
    "C|1|700|gold",
    "sink write metrics rows=2 [name,value,unit,json] test.customers|3||null "
    "test.summary|null||{\"orders\":4}",
    "sink write events rows=0 [customer_id,type,subject,priority,due_at,evidence_json,method]",
    "sink write tasks rows=0 [task_id,status,customer_id,manager,type,subject,priority,due_at,"
    "action,channel,title,body,evidence_json,opened_as_of,seen_count,close_reason,key]",
    "sink flush",
    "sink close committed=1"};

Lines Concat(Lines a, const Lines& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(RunExecutorTest, LoadsScoresAndDelivers) {
  auto outcome = Run(Spec());
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  const RunOutcome& r = *outcome;
  EXPECT_EQ(r.as_of, 4000);  // latest: the last order's time
  EXPECT_EQ(r.lines_loaded, 5);
  EXPECT_EQ(r.orders, 4);
  EXPECT_EQ(r.customers, 3);
  EXPECT_EQ(r.counters, (std::map<std::string, int64_t>{{"rows_without_customer", 3}}));
  EXPECT_EQ(r.row_error_count, 2);
  ASSERT_EQ(r.first_row_errors.size(), 2u);
  EXPECT_EQ(r.first_row_errors[0].source, "orders");
  EXPECT_EQ(r.first_row_errors[0].location, "test.csv:7");
  EXPECT_EQ(r.first_row_errors[0].field, "customer_id");
  EXPECT_EQ(r.first_row_errors[0].reason, "empty");
  EXPECT_EQ(r.first_row_errors[1].location, "test.csv:9");
  EXPECT_EQ(r.first_row_errors[1].reason, "not a number");
  EXPECT_EQ(r.cursors, (std::map<std::string, std::string>{{"orders", "after:c0"}}));
  EXPECT_EQ(r.warnings, (std::vector<std::string>{"method 'm': checked 3 customers"}));

  ASSERT_EQ(r.metrics.size(), 2u);
  EXPECT_EQ(r.metrics[0].name, "test.customers");
  EXPECT_EQ(r.metrics[0].value, 3);
  EXPECT_EQ(r.metrics[0].unit, "");
  EXPECT_EQ(r.metrics[0].json, "");
  EXPECT_EQ(r.metrics[1].name, "test.summary");
  EXPECT_EQ(r.metrics[1].json, "{\"orders\":4}");

  EXPECT_EQ(r.results.customer_ids, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(r.results.columns.size(), 3u);
  const ScoreColumn& orders = r.results.columns[0];
  EXPECT_EQ(orders.name, "order_count");
  EXPECT_EQ(orders.type, ENCORE_VALUE_I64);
  EXPECT_EQ(orders.i64, (std::vector<int64_t>{2, 1, 1}));
  EXPECT_TRUE(orders.null_mask.empty());
  const ScoreColumn& net = r.results.columns[1];
  EXPECT_EQ(net.type, ENCORE_VALUE_F64);
  EXPECT_EQ(net.f64, (std::vector<double>{500, 250, 700}));
  EXPECT_EQ(net.null_mask, (std::vector<uint8_t>{0, 0, 0}));
  const ScoreColumn& tier = r.results.columns[2];
  EXPECT_EQ(tier.type, ENCORE_VALUE_STR);
  EXPECT_EQ(tier.str, (StringColumn{"gold", "basic", "gold"}));
  EXPECT_GE(r.load_seconds, 0);
  EXPECT_GE(r.compute_seconds, 0);
  EXPECT_GE(r.deliver_seconds, 0);

  EXPECT_EQ(Transcript(), Concat({"source check", "source read cursor=c0 lanes=2"}, kDelivered));
}

TEST_F(RunExecutorTest, AsOfDropsCustomersWithoutVisibleOrders) {
  PipelineSpec spec = Spec();
  spec.as_of = "1970-01-01T00:40:00";  // 2400: A's first order and B's only one are visible
  auto outcome = Run(spec);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->as_of, 2400);
  EXPECT_EQ(outcome->lines_loaded, 5);
  EXPECT_EQ(outcome->orders, 2);
  EXPECT_EQ(outcome->customers, 2);
  EXPECT_EQ(outcome->results.customer_ids, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(outcome->results.columns[0].i64, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(outcome->results.columns[1].f64, (std::vector<double>{800, 250}));
  EXPECT_EQ(outcome->results.columns[1].null_mask, (std::vector<uint8_t>{0, 0}));
  EXPECT_EQ(outcome->results.columns[2].str, (StringColumn{"gold", "basic"}));
  EXPECT_EQ(outcome->warnings, (std::vector<std::string>{"method 'm': checked 2 customers"}));
}

TEST_F(RunExecutorTest, LaterMethodReadsEarlierScores) {
  auto outcome = Run(Spec("lines", {"scores", "reader"}, ""));
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  ASSERT_EQ(outcome->results.columns.size(), 5u);
  EXPECT_EQ(outcome->results.columns[3].name, "order_count_x2");
  EXPECT_EQ(outcome->results.columns[3].i64, (std::vector<int64_t>{4, 2, 2}));
  EXPECT_EQ(outcome->results.columns[4].name, "tier_upper");
  EXPECT_EQ(outcome->results.columns[4].str, (StringColumn{"GOLD", "BASIC", "GOLD"}));
}

TEST_F(RunExecutorTest, ReaderWithoutEarlierScoresFails) {
  auto outcome = Run(Spec("lines", {"reader"}, ""));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.status().message(), "method 'm': earlier scores are missing");
}

TEST_F(RunExecutorTest, SinkAskingToRetryIsRetried) {
  auto outcome = Run(Spec("lines", {"scores"}, "retry_twice"));
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  Lines expected = {"source check", "source read cursor=c0 lanes=2", kDelivered[0],
                    kDelivered[1],  "sink write customers: retry",   "sink write customers: retry"};
  expected.insert(expected.end(), kDelivered.begin() + 2, kDelivered.end());
  EXPECT_EQ(Transcript(), expected);
}

TEST_F(RunExecutorTest, SinkThatNeverAcceptsFailsTheRunUncommitted) {
  auto outcome = Run(Spec("lines", {"scores"}, "retry_forever"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(outcome.status().message(), "sink 'out': busy (gave up after 5 attempts)");
  const Lines retry(5, "sink write customers: retry");
  EXPECT_EQ(
      Transcript(),
      Concat(Concat({"source check", "source read cursor=c0 lanes=2", kDelivered[0], kDelivered[1]},
                    retry),
             {"sink close committed=0"}));
}

TEST_F(RunExecutorTest, SinkFailureClosesWithoutCommitting) {
  auto outcome = Run(Spec("lines", {"scores"}, "fail_write"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.status().message(), "sink 'out': disk full");
  EXPECT_EQ(Transcript(),
            (Lines{"source check", "source read cursor=c0 lanes=2", kDelivered[0], kDelivered[1],
                   "sink write customers: fail", "sink close committed=0"}));
}

TEST_F(RunExecutorTest, SourceFailureNamesTheSource) {
  auto outcome = Run(Spec("fail"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.status().message(),
            "source 'orders': orders.csv:3: column 'quantity': not a number");
  EXPECT_EQ(Transcript(), (Lines{"source check", "source read cursor=c0 lanes=2"}));
}

TEST_F(RunExecutorTest, SourceCheckRunsFirst) {
  auto outcome = Run(Spec("check_fail"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().message(), "source 'orders': shop unreachable: connection refused");
  EXPECT_EQ(Transcript(), (Lines{"source check"}));
}

TEST_F(RunExecutorTest, RefusedBatchNamesTheLine) {
  auto outcome = Run(Spec("bad_batch"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(outcome.status().message(), "source 'orders': line 17: empty customer_id");
}

TEST_F(RunExecutorTest, MethodFailureNamesTheMethod) {
  auto outcome = Run(Spec("lines", {"fail"}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.status().message(), "method 'm': model did not converge");
  EXPECT_EQ(Transcript(), (Lines{"source check", "source read cursor=c0 lanes=2"}));
}

TEST_F(RunExecutorTest, RefusedScoresExplainTheMethodFailure) {
  auto outcome = Run(Spec("lines", {"duplicate"}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().message(),
            "method 'm': the host refused scores 'order_count' (scores 'order_count' were put "
            "already)");
}

TEST_F(RunExecutorTest, PluginOfTheWrongKind) {
  PipelineSpec spec = Spec();
  spec.sources[0].plugin = "pipeline_test_method";
  spec.sources[0].config = nlohmann::json::object();
  auto outcome = Run(spec);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.status().message(),
            "source 'orders': plugin 'pipeline_test_method' is a method, not a source");
}

TEST_F(RunExecutorTest, BadSinkConfigFailsBeforeAnythingIsRead) {
  PipelineSpec spec = Spec();
  spec.sinks[0].config["mode"] = "sometimes";
  auto outcome = Run(spec);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(outcome.status().message().rfind("sink 'out': ", 0), 0u) << outcome.status().message();
  EXPECT_TRUE(Transcript().empty());
}

TEST_F(RunExecutorTest, UnknownTimeZoneFailsFirst) {
  PipelineSpec spec = Spec();
  spec.time_zone = "Mars/Olympus";
  auto outcome = Run(spec);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(outcome.status().message().rfind("time_zone: ", 0), 0u) << outcome.status().message();
  EXPECT_TRUE(Transcript().empty());
}

TEST_F(RunExecutorTest, CancelDuringTheLoad) {
  std::atomic<bool> cancel{false};
  RunControl control = Control();
  control.cancel = &cancel;
  control.on_progress = [&](const RunProgress& progress) {
    if (progress.stage == "load") cancel = true;
  };
  auto outcome = ExecuteRun(Spec("slow"), host(), control);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(Transcript(),
            (Lines{"source check", "source read cursor=c0 lanes=2", "source stopped"}));
}

TEST_F(RunExecutorTest, CancelledBeforeTheStart) {
  std::atomic<bool> cancel{true};
  RunControl control = Control();
  control.cancel = &cancel;
  auto outcome = ExecuteRun(Spec(), host(), control);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), StatusCode::kCancelled);
  EXPECT_TRUE(Transcript().empty());
}

TEST_F(RunExecutorTest, ProgressMovesThroughTheStages) {
  std::vector<RunProgress> seen;
  RunControl control = Control();
  control.on_progress = [&](const RunProgress& progress) { seen.push_back(progress); };
  auto outcome = ExecuteRun(Spec(), host(), control);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  ASSERT_FALSE(seen.empty());
  std::vector<std::string> stages;
  for (const RunProgress& p : seen) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"load", "compute", "deliver"}));
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].percent, seen[i - 1].percent);
  for (const RunProgress& p : seen) {
    if (p.stage == "load") {
      EXPECT_LE(p.percent, 60);
    } else if (p.stage == "compute") {
      EXPECT_TRUE(p.percent >= 60 && p.percent <= 90) << p.percent;
    } else {
      EXPECT_GE(p.percent, 90);
    }
  }
  EXPECT_EQ(seen.front().percent, 0);
  EXPECT_EQ(seen.back().percent, 100);
  EXPECT_EQ(seen.back().rows_read, 5);
  EXPECT_EQ(seen.front().detail, "orders");
}

TEST_F(RunExecutorTest, RunWithoutSinksOrMethods) {
  PipelineSpec spec = Spec("lines", {}, "");
  auto outcome = Run(spec);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->customers, 3);
  EXPECT_EQ(outcome->results.customer_ids, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_TRUE(outcome->results.columns.empty());
  EXPECT_TRUE(outcome->metrics.empty());
}

TEST_F(RunExecutorTest, TwoSourcesLoadInSpecOrder) {
  PipelineSpec spec = Spec("lines", {"scores"}, "");
  spec.sources.push_back({"more", "pipeline_test_source", {{"mode", "lines"}}});
  auto outcome = Run(spec);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->lines_loaded, 10);
  // The same order ids again: each order gets the second source's lines too.
  EXPECT_EQ(outcome->orders, 4);
  EXPECT_EQ(outcome->results.columns[1].f64, (std::vector<double>{1000, 500, 1400}));
  EXPECT_EQ(outcome->counters, (std::map<std::string, int64_t>{{"rows_without_customer", 6}}));
  EXPECT_EQ(outcome->cursors,
            (std::map<std::string, std::string>{{"more", "after:"}, {"orders", "after:c0"}}));
  EXPECT_EQ(outcome->row_error_count, 4);
  EXPECT_EQ(outcome->first_row_errors[2].source, "more");
}

// ---- ABI 1.1: events, report tables, the previous run's scores. ----

TEST_F(RunExecutorTest, EventsAndReportTablesReachTheOutcomeAndTheSinks) {
  auto outcome = Run(Spec("lines", {"events"}));
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  ASSERT_EQ(outcome->events.size(), 1u);  // only A has two orders
  const CustomerEvent& e = outcome->events[0];
  EXPECT_EQ(e.customer_id, "A");
  EXPECT_EQ(e.type, "many_orders");
  EXPECT_EQ(e.subject, "p1");
  EXPECT_EQ(e.priority, 1);
  EXPECT_EQ(e.due_at, 5000);
  EXPECT_EQ(e.evidence_json, R"({"orders":2})");
  EXPECT_EQ(e.method, "m");
  ASSERT_EQ(outcome->tables.size(), 1u);
  EXPECT_EQ(outcome->tables[0].name, "test.table");
  EXPECT_EQ(outcome->tables[0].method, "m");
  EXPECT_EQ(outcome->tables[0].row_count, 2u);
  ASSERT_EQ(outcome->tables[0].columns.size(), 2u);
  EXPECT_EQ(outcome->tables[0].columns[0].str, (StringColumn{"x", "y"}));
  EXPECT_EQ(outcome->tables[0].columns[1].i64, (std::vector<int64_t>{3, 4}));

  const Lines transcript = Transcript();
  EXPECT_NE(std::find(transcript.begin(), transcript.end(),
                      "sink write events rows=1 [customer_id,type,subject,priority,due_at,"
                      "evidence_json,method] A|many_orders|p1|1|5000|{\"orders\":2}|m"),
            transcript.end());
  EXPECT_NE(std::find(transcript.begin(), transcript.end(),
                      "sink write report test.table rows=2 [item,count] x|3 y|4"),
            transcript.end());
}

TEST_F(RunExecutorTest, SinkBuiltForAbi10GetsOnlyCustomersAndMetrics) {
  PipelineSpec spec = Spec("lines", {"events"});
  spec.sinks[0].plugin = "pipeline_test_sink_v10";
  auto outcome = Run(spec);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  ASSERT_EQ(outcome->events.size(), 1u);
  for (const std::string& line : Transcript()) {
    EXPECT_EQ(line.find("sink write events"), std::string::npos) << line;
    EXPECT_EQ(line.find("sink write tasks"), std::string::npos) << line;
    EXPECT_EQ(line.find("sink write report"), std::string::npos) << line;
  }
}

TEST_F(RunExecutorTest, BadEventFailsTheRunNamingTheMethodAndTheReason) {
  auto outcome = Run(Spec("lines", {"bad_event"}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().message(),
            "method 'm': the host refused events (event type 'Many Orders' is not snake_case "
            "(a-z, 0-9, _))");
}

TEST_F(RunExecutorTest, PreviousScoresAreAlignedByCustomerId) {
  ResultsTable previous;
  previous.customer_ids = {"C", "A", "Z"};  // another order, and a customer gone since
  ScoreColumn orders;
  orders.name = "order_count";
  orders.type = ENCORE_VALUE_I64;
  orders.i64 = {5, 7, 9};
  previous.columns.push_back(orders);
  RunControl control = Control();
  control.previous_results = &previous;
  control.previous_as_of = 1234;
  auto outcome = ExecuteRun(Spec("lines", {"history"}, ""), host(), control);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  const ScoreColumn* before = outcome->results.find("order_count_before");
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(outcome->results.customer_ids, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(before->f64, (std::vector<double>{7, 0, 5}));
  EXPECT_EQ(before->null_mask, (std::vector<uint8_t>{0, 1, 0}));  // B is new
  ASSERT_EQ(outcome->metrics.size(), 1u);
  EXPECT_EQ(outcome->metrics[0].value, 1234);
}

TEST_F(RunExecutorTest, WithoutAPreviousRunThereAreNoPreviousScores) {
  auto outcome = Run(Spec("lines", {"history"}, ""));
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->results.find("order_count_before")->null_mask,
            (std::vector<uint8_t>{1, 1, 1}));
  EXPECT_EQ(outcome->metrics[0].value, 0);
}

TEST_F(RunExecutorTest, BacktestRunsEveryDateOverOneLoadAgainstThePreviousDate) {
  PipelineSpec spec = Spec("lines", {"scores", "history"});
  spec.segment_score = "tier";
  RunControl control = Control();
  control.plan_tasks = false;
  std::vector<int64_t> dates;
  std::vector<std::vector<std::string>> customers;
  auto outcome =
      ExecuteBacktest(spec, host(), control, {4000, 1500, 2500, 1500},
                      [&](size_t index, const RunOutcome& earlier) {
                        EXPECT_EQ(index, dates.size());
                        dates.push_back(earlier.as_of);
                        customers.push_back(earlier.results.customer_ids);
                        EXPECT_EQ(earlier.lines_loaded, 5);  // every date shares the one load
                        return Status::Ok();
                      });
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(dates, (std::vector<int64_t>{1500, 2500}));  // sorted, the duplicate dropped
  EXPECT_EQ(customers, (std::vector<std::vector<std::string>>{{"A"}, {"A", "B"}}));
  EXPECT_EQ(outcome->as_of, 4000);
  EXPECT_EQ(outcome->results.customer_ids, (std::vector<std::string>{"A", "B", "C"}));
  const ScoreColumn* before = outcome->results.find("order_count_before");
  EXPECT_EQ(before->f64, (std::vector<double>{1, 1, 0}));  // as of 2500; C did not exist
  EXPECT_EQ(before->null_mask, (std::vector<uint8_t>{0, 0, 1}));
  EXPECT_TRUE(outcome->tasks.empty());

  const Metric* probability = nullptr;
  for (const Metric& m : outcome->metrics) {
    if (m.name == "transitions.purchase_probability") probability = &m;
    if (m.name == "test.previous_as_of") {
      EXPECT_EQ(m.value, 2500);
    }
  }
  ASSERT_NE(probability, nullptr);
  // Between 2500 and 4000 only A ordered again, and that order was a return (value -300):
  // not a purchase. C is new, so in no segment of 2500.
  EXPECT_EQ(nlohmann::json::parse(probability->json), nlohmann::json::parse(R"({
      "from_as_of": 2500, "to_as_of": 4000, "segment_score": "tier",
      "customers": 2, "ordered": 0,
      "segments": [{"segment": "basic", "customers": 1, "ordered": 0, "probability": 0.0},
                   {"segment": "gold", "customers": 1, "ordered": 0, "probability": 0.0}]})"));
  // One read of the source, and backtests deliver to no sink.
  EXPECT_EQ(Transcript(), (Lines{"source check", "source read cursor=c0 lanes=2"}));
}

TEST_F(RunExecutorTest, PurchaseProbabilityCountsOrdersOfPositiveValueAfterThePreviousRun) {
  PipelineSpec spec = Spec("lines", {"scores"}, "");
  spec.segment_score = "tier";
  ResultsTable previous;
  previous.customer_ids = {"A", "B", "C"};
  ScoreColumn tier;
  tier.name = "tier";
  tier.type = ENCORE_VALUE_STR;
  tier.str = {"gold", "basic", "basic"};
  previous.columns.push_back(tier);
  RunControl control = Control();
  control.previous_results = &previous;
  control.previous_as_of = 1500;  // after it: B at 2000 (250), C at 3000, A's return at 4000
  auto outcome = ExecuteRun(spec, host(), control);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  const Metric& m = outcome->metrics.back();
  ASSERT_EQ(m.name, "transitions.purchase_probability");
  EXPECT_EQ(nlohmann::json::parse(m.json)["segments"], nlohmann::json::parse(R"([
      {"segment": "basic", "customers": 2, "ordered": 2, "probability": 1.0},
      {"segment": "gold", "customers": 1, "ordered": 0, "probability": 0.0}])"));
}

}  // namespace
}  // namespace encore
