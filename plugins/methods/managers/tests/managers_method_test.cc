// Edge cases of the managers plugin beyond the worked example: window boundaries, who owns a
// customer when, the portfolio's segments and their migration between runs (with the scores a
// segments method would put), what happens when those scores or manager ids are missing, ranks
// of managers without a measure, option checks and cancellation.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <string>
#include <vector>

namespace encore::plugins::managers {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::ParseUtc;
using sdk::testing::RecordedTable;
using sdk::testing::TestDataset;

// One order of one line at noon UTC.
OrderLine Order(const std::string& id, const std::string& customer, const std::string& date,
                int64_t amount, const std::string& manager) {
  return OrderLine{id,     customer, date + "T12:00:00", "P", amount > 0 ? 1000 : -1000,
                   amount, manager};
}

class ManagersMethodTest : public sdk::testing::MethodPluginTest {
 protected:
  ManagersMethodTest() : MethodPluginTest(ENCORE_MANAGERS_PLUGIN) {}

  // The league row of `manager`.
  static size_t Row(const MethodRun& run, const std::string& manager) {
    const auto& names = run.tables.at("managers.league").column("manager").str;
    for (size_t r = 0; r < names.size(); ++r) {
      if (names[r] == manager) return r;
    }
    ADD_FAILURE() << "no league row for " << manager;
    return 0;
  }
  static int64_t I64(const MethodRun& run, const std::string& manager, const char* column) {
    return run.tables.at("managers.league").column(column).i64.at(Row(run, manager));
  }
  static double F64(const MethodRun& run, const std::string& manager, const char* column) {
    return run.tables.at("managers.league").column(column).f64.at(Row(run, manager));
  }
};

TEST_F(ManagersMethodTest, DescribesItselfWithItsOptions) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "managers");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 3u);
  EXPECT_EQ(std::string(d.options[0].name), "period_days");
  EXPECT_EQ(std::string(d.options[0].default_json), "90");
  EXPECT_EQ(std::string(d.options[1].name), "conversion_days");
  EXPECT_EQ(std::string(d.options[1].default_json), "60");
  EXPECT_EQ(std::string(d.options[2].name), "winback_factor");
  EXPECT_EQ(std::string(d.options[2].default_json), "2.0");
}

TEST_F(ManagersMethodTest, WithoutManagerIdsItSaysNotApplicableAndFinishes) {
  auto data = DatasetBuilder()
                  .add(Order("1", "a", "2024-01-01", 1000, ""))
                  .add(Order("2", "a", "2024-02-01", 1000, ""))
                  .Build();
  MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("managers.status"), "not applicable: no manager ids");
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0], "managers: not applicable: no manager ids");
  EXPECT_TRUE(run.tables.empty());
  EXPECT_TRUE(run.scores.empty());
}

TEST_F(ManagersMethodTest, WindowBoundaries) {
  // As of 2024-03-31, period_days 10, conversion_days 5: the period is March 22-31, the previous
  // period March 12-21, the cohort first bought March 17-26 and converts by first day + 4.
  auto data = DatasetBuilder()
                  .add(Order("A1", "a", "2024-03-17", 100, "M1"))   // cohort, first day
                  .add(Order("A2", "a", "2024-03-21", 200, "M1"))   // + 4: converted
                  .add(Order("B1", "b", "2024-03-26", 400, "M1"))   // cohort, last day
                  .add(Order("B2", "b", "2024-03-31", 800, "M1"))   // + 5: too late
                  .add(Order("C1", "c", "2024-03-16", 1600, "M1"))  // before the cohort
                  .add(Order("C2", "c", "2024-03-17", 3200, "M1"))
                  .add(Order("D1", "d", "2024-03-27", 6400, "M1"))   // after the cohort
                  .add(Order("E1", "e", "2024-03-11", 12800, "M1"))  // before both periods
                  .add(Order("F1", "f", "2024-03-22", 25600, "M1"))  // first day of the period
                  .add(Order("G1", "g", "2024-04-01", 51200, "M1"))  // after as_of
                  .as_of("2024-03-31")
                  .Build();
  MethodRun run = Run({{"period_days", 10}, {"conversion_days", 5}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(I64(run, "M1", "conversion_base"), 3);  // a, b, f
  EXPECT_EQ(I64(run, "M1", "conversion_converted"), 1);
  EXPECT_EQ(I64(run, "M1", "revenue"), 400 + 800 + 6400 + 25600);
  EXPECT_EQ(I64(run, "M1", "previous_revenue"), 100 + 200 + 1600 + 3200);
  EXPECT_EQ(I64(run, "M1", "customers"), 3);  // b, d, f
  EXPECT_EQ(I64(run, "M1", "orders"), 4);
  EXPECT_EQ(I64(run, "M1", "portfolio"), 6);  // not g
  // a and c bought in the previous period and not since.
  EXPECT_EQ(I64(run, "M1", "retention_base"), 2);
  EXPECT_EQ(I64(run, "M1", "retention_retained"), 0);
}

TEST_F(ManagersMethodTest, OwnersAtThePeriodStartAndAtTheAsOfInstant) {
  // x: M1, then an order without a manager (which does not change the owner) before June, then
  // M2 in June. y: M1 and M2 both in June. As of June 30, period_days 30.
  auto data = DatasetBuilder()
                  .add(Order("X1", "x", "2024-05-10", 1000, "M1"))
                  .add(Order("X2", "x", "2024-05-20", 1000, ""))
                  .add(Order("X3", "x", "2024-06-10", 3000, "M2"))
                  .add(Order("Y1", "y", "2024-06-05", 500, "M1"))
                  .add(Order("Y2", "y", "2024-06-15", 700, "M2"))
                  .add(Order("Y3", "y", "2024-06-16", -200, "M2"))  // a credit note
                  .as_of("2024-06-30")
                  .Build();
  MethodRun run = Run({{"period_days", 30}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  // x was M1's at June 1: M1 retained it, though M2 took the June order.
  EXPECT_EQ(I64(run, "M1", "retention_base"), 1);
  EXPECT_EQ(I64(run, "M1", "retention_retained"), 1);
  EXPECT_EQ(I64(run, "M2", "retention_base"), 0);
  // Orders belong to their own manager: y counts for both.
  EXPECT_EQ(I64(run, "M1", "customers"), 1);
  EXPECT_EQ(I64(run, "M1", "revenue"), 500);
  EXPECT_EQ(I64(run, "M1", "previous_revenue"), 1000);
  EXPECT_EQ(I64(run, "M2", "customers"), 2);
  EXPECT_EQ(I64(run, "M2", "orders"), 2);
  EXPECT_EQ(I64(run, "M2", "revenue"), 3500);
  EXPECT_DOUBLE_EQ(F64(run, "M2", "average_order_value"), 1750.0);
  // Without revenue in the previous period the growth is 0.
  EXPECT_EQ(I64(run, "M2", "previous_revenue"), 0);
  EXPECT_EQ(F64(run, "M2", "revenue_growth"), 0.0);
  // At June 30 both customers' last order with a manager is M2's.
  EXPECT_EQ(I64(run, "M1", "portfolio"), 0);
  EXPECT_EQ(I64(run, "M2", "portfolio"), 2);
  EXPECT_EQ(run.metric("managers.unassigned_revenue"), 0);
  // M1 has a measure (retention), M2 none: M1 ranks first whatever the scores.
  EXPECT_EQ(run.tables.at("managers.league").column("manager").str,
            (std::vector<std::string>{"M1", "M2"}));
  EXPECT_DOUBLE_EQ(F64(run, "M1", "adjusted_score"), 0.0);  // the only customer of its stratum
  EXPECT_DOUBLE_EQ(F64(run, "M1", "retention_ratio"), 1.0);
}

TEST_F(ManagersMethodTest, ManagersWithoutAMeasureRankLastByKeyAndZeroExpectedGivesRatioZero) {
  // As of June 30, period_days 30: p (Mb) and q (Ma) bought in May and not since, so each is the
  // whole retention base of their manager, in a stratum where nobody was retained: expected 0,
  // ratio 0, adjusted 0. Mc and Md only sold in June to newcomers: no measure.
  auto data = DatasetBuilder()
                  .add(Order("P1", "p", "2024-05-10", 1000, "Mb"))
                  .add(Order("Q1", "q", "2024-05-11", 1000, "Ma"))
                  .add(Order("R1", "r", "2024-06-10", 1000, "Md"))
                  .add(Order("S1", "s", "2024-06-11", 1000, "Mc"))
                  .as_of("2024-06-30")
                  .Build();
  MethodRun run = Run({{"period_days", 30}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.tables.at("managers.league").column("manager").str,
            (std::vector<std::string>{"Ma", "Mb", "Mc", "Md"}));
  EXPECT_EQ(run.tables.at("managers.league").column("rank").i64,
            (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(F64(run, "Ma", "retention_expected_rate"), 0.0);
  EXPECT_EQ(F64(run, "Ma", "retention_ratio"), 0.0);
  EXPECT_EQ(F64(run, "Ma", "retention_adjusted"), 0.0);
}

TEST_F(ManagersMethodTest, OneDayBuyersAreNotAtRiskWhenNobodyHasAGap) {
  // Every customer bought on one day only: there is no usual gap to be late against.
  auto data = DatasetBuilder()
                  .add(Order("A1", "a", "2023-01-10", 1000, "M1"))
                  .add(Order("A2", "a", "2023-01-10", 1000, "M1"))  // same day: still one day
                  .add(Order("B1", "b", "2022-05-10", 1000, "M1"))
                  .add(Order("B2", "b", "2024-06-10", 1000, "M1"))
                  .as_of("2024-06-30")
                  .Build();
  MethodRun run = Run({{"period_days", 30}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("managers.median_gap_days"), 0);
  EXPECT_EQ(I64(run, "M1", "winback_base"), 0);
}

TEST_F(ManagersMethodTest, OneDayBuyersAreAtRiskAgainstTheCompanyMedianGap) {
  // m's gaps before June are 10 and 30 (lower median 10): the company median gap is 10, so a
  // one-day buyer is at risk when silent more than 2 x 10 days at June 1. a: 20 days, b: 21.
  auto data = DatasetBuilder()
                  .add(Order("M1", "m", "2024-04-12", 1000, "X"))
                  .add(Order("M2", "m", "2024-04-22", 1000, "X"))
                  .add(Order("M3", "m", "2024-05-22", 1000, "X"))
                  .add(Order("A1", "a", "2024-05-12", 1000, "X"))
                  .add(Order("B1", "b", "2024-05-11", 1000, "X"))
                  .add(Order("B2", "b", "2024-06-02", 1000, "X"))  // won back
                  .as_of("2024-06-30")
                  .Build();
  MethodRun run = Run({{"period_days", 30}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("managers.median_gap_days"), 10);
  // m: silent 10 days, own median gap 10: not at risk. a: 20 = 2 x 10: not more. b: 21.
  EXPECT_EQ(I64(run, "X", "winback_base"), 1);
  EXPECT_EQ(I64(run, "X", "winback_won"), 1);
}

// The segments method's scores, put by a stand-in plugin before managers runs, and the
// previous run's segment_rank through the harness.
class ManagersSegmentsTest : public ManagersMethodTest {
 protected:
  ManagersSegmentsTest() : scores_(ENCORE_MANAGERS_TEST_SCORES_PLUGIN) {}

  static json Column(const std::string& name, const std::string& type, const json& values) {
    return {{"name", name}, {"type", type}, {"values", values}};
  }

  // June: a, b (M1), c, d, f (M2), e (no manager); as of June 30.
  static std::unique_ptr<TestDataset> June() {
    return DatasetBuilder()
        .add(Order("A", "a", "2024-06-01", 1000, "M1"))
        .add(Order("B", "b", "2024-06-02", 1000, "M1"))
        .add(Order("C", "c", "2024-06-03", 1000, "M2"))
        .add(Order("D", "d", "2024-06-04", 1000, "M2"))
        .add(Order("F", "f", "2024-06-05", 1000, "M2"))
        .add(Order("E", "e", "2024-06-06", 1000, ""))
        .as_of("2024-06-30")
        .Build();
  }
  // The previous run's dataset: a, b, c, f existed at May 31 (d and e did not).
  static std::unique_ptr<TestDataset> May() {
    return DatasetBuilder()
        .add(Order("A0", "a", "2024-05-01", 1000, "M1"))
        .add(Order("B0", "b", "2024-05-02", 1000, "M1"))
        .add(Order("C0", "c", "2024-05-03", 1000, "M2"))
        .add(Order("F0", "f", "2024-05-04", 1000, "M2"))
        .as_of("2024-05-31")
        .Build();
  }

  // Runs the stand-in with `now` on June, then managers; `then` (if not null) is the previous
  // run's scores on May.
  MethodRun RunWith(const json& now, const json* then) {
    auto june = June();
    MethodHarness harness(june->get());
    std::unique_ptr<TestDataset> may;
    MethodRun previous;
    if (then != nullptr) {
      may = May();
      MethodHarness earlier(may->get());
      previous = earlier.Run(*scores_.Create({{"columns", *then}}));
      EXPECT_TRUE(previous.ok()) << previous.message;
      harness.set_previous(previous, may->get(), ParseUtc("2024-05-31") + 86399);
    }
    MethodRun scores = harness.Run(*scores_.Create({{"columns", now}}));
    EXPECT_TRUE(scores.ok()) << scores.message;
    return harness.Run(*plugin_.Create({{"period_days", 30}}));
  }

  const json kSegments = Column("segment", "str",
                                {{"a", "champions"},
                                 {"b", "at_risk"},
                                 {"c", "champions"},
                                 {"d", "lost"},
                                 {"f", "loyal"},
                                 {"e", "champions"}});

  LoadedPlugin scores_;
};

TEST_F(ManagersSegmentsTest, PortfolioSegmentsAndMigrationSinceThePreviousRun) {
  const json now = json::array(
      {kSegments, Column("segment_rank", "i64",
                         {{"a", 1}, {"b", 5}, {"c", 1}, {"d", 7}, {"f", 2}, {"e", 1}})});
  const json then =
      json::array({Column("segment_rank", "i64", {{"a", 2}, {"b", 3}, {"c", 1}, {"f", 4}})});
  MethodRun run = RunWith(now, &then);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("managers.segments"), "ok");
  EXPECT_EQ(run.json_metric("managers.migration"), "ok");

  // Neither manager has a measure (everyone is new in June): ranked by key.
  const RecordedTable& segments = run.tables.at("managers.segments");
  EXPECT_EQ(segments.column_order,
            (std::vector<std::string>{"rank", "manager", "segment", "customers", "share"}));
  EXPECT_EQ(segments.column("manager").str,
            (std::vector<std::string>{"M1", "M1", "M2", "M2", "M2"}));
  EXPECT_EQ(segments.column("rank").i64, (std::vector<int64_t>{1, 1, 2, 2, 2}));
  EXPECT_EQ(segments.column("segment").str,
            (std::vector<std::string>{"at_risk", "champions", "champions", "lost", "loyal"}));
  EXPECT_EQ(segments.column("customers").i64, (std::vector<int64_t>{1, 1, 1, 1, 1}));
  EXPECT_EQ(segments.column("share").f64,
            (std::vector<double>{0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3}));

  // M1: a went up (2 -> 1), b down (3 -> 5). M2: c stayed, f went up (4 -> 2), d is new (no
  // rank in May). e has no manager.
  EXPECT_EQ(I64(run, "M1", "migration_compared"), 2);
  EXPECT_EQ(I64(run, "M1", "migrated_up"), 1);
  EXPECT_EQ(I64(run, "M1", "migrated_down"), 1);
  EXPECT_EQ(F64(run, "M1", "migration_net_share"), 0.0);
  EXPECT_EQ(I64(run, "M2", "migration_compared"), 2);
  EXPECT_EQ(I64(run, "M2", "migrated_up"), 1);
  EXPECT_EQ(I64(run, "M2", "migrated_down"), 0);
  EXPECT_EQ(F64(run, "M2", "migration_net_share"), 0.5);
  const auto& columns = run.tables.at("managers.league").column_order;
  EXPECT_EQ(std::vector<std::string>(columns.end() - 5, columns.end()),
            (std::vector<std::string>{"portfolio", "migration_compared", "migrated_up",
                                      "migrated_down", "migration_net_share"}));
}

TEST_F(ManagersSegmentsTest, RanksMayBeNumbersWithNulls) {
  const json now = json::array(
      {kSegments, Column("segment_rank", "f64", {{"a", 1}, {"b", 5}, {"c", 1}, {"f", 2}})});
  const json then = json::array({Column("segment_rank", "f64", {{"a", 2}, {"b", 3}, {"f", 4}})});
  MethodRun run = RunWith(now, &then);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(I64(run, "M1", "migrated_up"), 1);
  EXPECT_EQ(I64(run, "M1", "migrated_down"), 1);
  EXPECT_EQ(I64(run, "M2", "migration_compared"), 1);  // c had no rank in May, d none now
  EXPECT_EQ(I64(run, "M2", "migrated_up"), 1);
}

TEST_F(ManagersSegmentsTest, MigrationIsNotAvailableWithoutBothRanks) {
  const json rank_now = Column("segment_rank", "i64", {{"a", 1}});
  {
    MethodRun run = RunWith(json::array({kSegments, rank_now}), nullptr);
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.json_metric("managers.migration"), "not available: no previous run");
    EXPECT_EQ(run.json_metric("managers.segments"), "ok");
    EXPECT_EQ(run.tables.at("managers.league").column_order.back(), "portfolio");
  }
  {
    const json then = json::array({Column("segment", "str", {{"a", "loyal"}})});
    MethodRun run = RunWith(json::array({kSegments, rank_now}), &then);
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.json_metric("managers.migration"),
              "not available: the previous run has no 'segment_rank' score");
  }
  {
    const json then = json::array({Column("segment_rank", "str", {{"a", "1"}})});
    MethodRun run = RunWith(json::array({kSegments, rank_now}), &then);
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.json_metric("managers.migration"),
              "not available: the 'segment_rank' score is not a number");
  }
  {
    const json then = json::array({rank_now});
    MethodRun run = RunWith(json::array({kSegments}), &then);
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.json_metric("managers.migration"),
              "not available: no 'segment_rank' score in this run");
  }
  {
    MethodRun run = RunWith(json::array({Column("segment", "i64", {{"a", 1}})}), nullptr);
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.json_metric("managers.segments"),
              "not available: the 'segment' score is not a string");
    EXPECT_EQ(run.tables.count("managers.segments"), 0u);
  }
}

TEST_F(ManagersMethodTest, RejectsOutOfRangeOptions) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"period_days", 0}}, "option 'period_days' must be a number of days from 1 to 3660, got 0"},
      {{{"conversion_days", 4000}},
       "option 'conversion_days' must be a number of days from 1 to 3660, got 4000"},
      {{{"winback_factor", 0.5}}, "option 'winback_factor' must be from 1 to 100, got 0.500000"},
  };
  for (const auto& [config, expected] : cases) {
    int32_t status = ENCORE_OK;
    std::string message;
    EXPECT_EQ(plugin_.TryCreate(config, &status, &message), nullptr) << config.dump();
    EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
    EXPECT_EQ(message, expected);
  }
}

TEST_F(ManagersMethodTest, StopsWhenTheHostAsks) {
  auto data = DatasetBuilder().add(Order("1", "a", "2024-01-01", 1000, "M1")).Build();
  auto instance = plugin_.Create(json::object());
  MethodHarness harness(data->get());
  harness.stop_after_polls(0);
  MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_TRUE(run.tables.empty());
  EXPECT_TRUE(run.metrics.empty());
}

}  // namespace
}  // namespace encore::plugins::managers
