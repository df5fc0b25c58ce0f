// The rfm plugin through its real binary: 5x5x5 scoring, ties, returns, as-of, fixed borders,
// configuration errors and cancellation.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <string>
#include <vector>

#include "plugins/methods/rfm/tests/docs_example.h"

namespace encore::plugins::rfm {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
// 2024-04-01T00:00:00Z.
constexpr int64_t kAsOf = 19814 * kDay;

OrderLine Order(const std::string& order, const std::string& customer, int64_t days_before_as_of,
                int64_t amount_minor) {
  return OrderLine{order,
                   customer,
                   kAsOf - days_before_as_of * kDay + 3600,
                   "P1",
                   amount_minor < 0 ? -1000 : 1000,
                   amount_minor,
                   ""};
}

class RfmMethodTest : public sdk::testing::MethodPluginTest {
 protected:
  RfmMethodTest() : MethodPluginTest(ENCORE_RFM_PLUGIN) {}
};

TEST_F(RfmMethodTest, DescribesItselfAsMethodRfmWithItsOptions) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "rfm");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 3u);
  EXPECT_EQ(std::string(d.options[0].name), "k");
  EXPECT_EQ(std::string(d.options[0].default_json), "3");
  EXPECT_EQ(std::string(d.options[1].name), "scoring");
  EXPECT_EQ(std::string(d.options[1].default_json), "\"quantile\"");
  EXPECT_EQ(std::string(d.options[1].allowed), "quantile|fixed");
  EXPECT_EQ(std::string(d.options[2].name), "borders");
  EXPECT_EQ(d.options[2].default_json, nullptr);
}

// Customer i (1..10) has i orders of 1.00, the last one 11 - i days before as_of: recency,
// frequency and monetary all rank the customers the same way.
std::unique_ptr<TestDataset> TenRankedCustomers() {
  DatasetBuilder builder;
  for (int i = 1; i <= 10; ++i) {
    const std::string customer = "c" + std::to_string(i);
    for (int j = 0; j < i; ++j) {
      builder.add(Order(customer + "-" + std::to_string(j), customer, (11 - i) + 3 * j, 100));
    }
  }
  return builder.as_of(kAsOf).Build();
}

TEST_F(RfmMethodTest, FiveLevelsSplitTenCustomersIntoPairs) {
  const auto data = TenRankedCustomers();
  const MethodRun run = Run({{"k", 5}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  // Ranks ceil(i * 10 / 5) = 2, 4, 6, 8 of the sorted values.
  EXPECT_EQ(run.json_metric("rfm.borders"), json::parse(R"({"recency": [2, 4, 6, 8],
      "frequency": [2, 4, 6, 8], "monetary": [200, 400, 600, 800]})"));
  const std::vector<std::string> codes = {"111", "111", "222", "222", "333",
                                          "333", "444", "444", "555", "555"};
  for (int i = 1; i <= 10; ++i) {
    const uint32_t c = data->customer("c" + std::to_string(i));
    EXPECT_EQ(run.i64("recency_days", c), 11 - i);
    EXPECT_EQ(run.i64("frequency", c), i);
    EXPECT_EQ(run.i64("monetary_minor", c), 100 * i);
    EXPECT_EQ(run.str("rfm_code", c), codes[i - 1]) << "c" << i;
  }
  EXPECT_EQ(run.metric("rfm.k"), 5);
  EXPECT_EQ(run.metric("rfm.customers"), 10);
  const json& cells = run.json_metric("rfm.cell_sizes");
  ASSERT_EQ(cells.size(), 125u);
  int64_t total = 0;
  for (const auto& [code, size] : cells.items()) {
    const bool diagonal = code[0] == code[1] && code[1] == code[2];
    EXPECT_EQ(size.get<int64_t>(), diagonal ? 2 : 0) << code;
    total += size.get<int64_t>();
  }
  EXPECT_EQ(total, 10);
  EXPECT_EQ(run.json_metric("rfm.score_sizes")["frequency"],
            json::parse(R"({"1": 2, "2": 2, "3": 2, "4": 2, "5": 2})"));
}

TEST_F(RfmMethodTest, EqualValuesAlwaysShareAScore) {
  // Four customers with the same single order: nothing separates them.
  DatasetBuilder builder;
  for (const char* customer : {"a", "b", "c", "d"}) {
    builder.add(Order(std::string("o-") + customer, customer, 10, 2500));
  }
  const auto data = builder.as_of(kAsOf).Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  for (const char* customer : {"a", "b", "c", "d"}) {
    // Every value sits in band 1; recency counts down, so R is the best score.
    EXPECT_EQ(run.str("rfm_code", data->customer(customer)), "311") << customer;
  }
  EXPECT_EQ(run.json_metric("rfm.borders"),
            json::parse(R"({"recency": [10, 10], "frequency": [1, 1], "monetary": [2500, 2500]})"));
  EXPECT_EQ(run.json_metric("rfm.cell_sizes")["311"], 4);
  EXPECT_EQ(run.warnings,
            (std::vector<std::string>{
                "rfm: all 4 customers got recency score 3; that dimension does not separate "
                "customers",
                "rfm: all 4 customers got frequency score 1; that dimension does not separate "
                "customers",
                "rfm: all 4 customers got monetary score 1; that dimension does not separate "
                "customers"}));
}

TEST_F(RfmMethodTest, TiesAtABorderStayTogetherInTheLowerBand) {
  // Frequencies 1,1,1,1,2,5: borders at ranks 2 and 4 are both 1, so F=2 stays empty and the
  // two repeat buyers share F=3.
  DatasetBuilder builder;
  const std::vector<std::pair<std::string, int>> frequency = {{"a", 1}, {"b", 1}, {"c", 1},
                                                              {"d", 1}, {"e", 2}, {"f", 5}};
  for (const auto& [customer, orders] : frequency) {
    for (int j = 0; j < orders; ++j) {
      builder.add(Order(customer + std::to_string(j), customer, 5 + j, 1000));
    }
  }
  const auto data = builder.as_of(kAsOf).Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("rfm.borders")["frequency"], json::parse("[1, 1]"));
  for (const char* customer : {"a", "b", "c", "d"}) {
    EXPECT_EQ(run.i64("f_score", data->customer(customer)), 1) << customer;
  }
  EXPECT_EQ(run.i64("f_score", data->customer("e")), 3);
  EXPECT_EQ(run.i64("f_score", data->customer("f")), 3);
  EXPECT_EQ(run.json_metric("rfm.score_sizes")["frequency"],
            json::parse(R"({"1": 4, "2": 0, "3": 2})"));
}

TEST_F(RfmMethodTest, ReturnsOnlyCustomerHasNoFrequencyAndNegativeValue) {
  const auto data = DatasetBuilder()
                        .add(Order("R1", "returner", 40, -1500))
                        .add(Order("R2", "returner", 12, -500))
                        .add(Order("B1", "buyer", 3, 9000))
                        .as_of(kAsOf)
                        .Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t c = data->customer("returner");
  EXPECT_EQ(run.i64("frequency", c), 0);
  EXPECT_EQ(run.i64("orders", c), 2);
  EXPECT_EQ(run.i64("monetary_minor", c), -2000);
  // No positive order: recency runs from the last order of any kind.
  EXPECT_EQ(run.i64("recency_days", c), 12);
  // Two customers, three levels: borders at ranks 1 and 2 are the two values themselves, so the
  // better customer reaches band 2 of each dimension and nobody band 3 (R counts down).
  EXPECT_EQ(run.json_metric("rfm.borders"),
            json::parse(R"({"recency": [3, 12], "frequency": [0, 1], "monetary": [-2000, 9000]})"));
  EXPECT_EQ(run.str("rfm_code", c), "211");
  EXPECT_EQ(run.str("rfm_code", data->customer("buyer")), "322");
}

TEST_F(RfmMethodTest, RecencyRunsFromTheLastPositiveOrderNotALaterReturn) {
  const auto data = DatasetBuilder()
                        .add(Order("S1", "a", 30, 5000))
                        .add(Order("RET", "a", 2, -1000))
                        .as_of(kAsOf)
                        .Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t a = data->customer("a");
  EXPECT_EQ(run.i64("recency_days", a), 30);
  EXPECT_EQ(run.i64("frequency", a), 1);
  EXPECT_EQ(run.i64("monetary_minor", a), 4000);
  EXPECT_EQ(run.str("last_order_date", a), "2024-03-30");
}

TEST_F(RfmMethodTest, AsOfHidesLaterOrdersAndCountsDaysToTheAsOfDay) {
  const std::vector<OrderLine> lines = DocsExampleLines();
  // As of 2024-02-01 alice has only A1, bob's B2 is hidden, erin and gina do not exist yet.
  const auto data = DatasetBuilder().add(lines).as_of("2024-02-01").Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("rfm.customers"), 5);
  const uint32_t alice = data->customer("alice");
  EXPECT_EQ(run.i64("orders", alice), 1);
  EXPECT_EQ(run.i64("monetary_minor", alice), 8000);
  EXPECT_EQ(run.i64("recency_days", alice), 22);  // 2024-01-10 .. 2024-02-01
  const uint32_t bob = data->customer("bob");
  EXPECT_EQ(run.i64("orders", bob), 2);
  EXPECT_EQ(run.i64("frequency", bob), 1);
  EXPECT_EQ(run.i64("monetary_minor", bob), 0);
  EXPECT_EQ(run.i64("recency_days", bob), 91);  // 2023-11-02 .. 2024-02-01
  EXPECT_EQ(run.str("last_order_date", bob), "2023-11-15");
  EXPECT_EQ(run.str("rfm_code", data->customer("erin")), "");
  EXPECT_EQ(run.str("rfm_code", data->customer("gina")), "");
}

TEST_F(RfmMethodTest, DatesFarApartAreWrittenCorrectly) {
  // More than a century between the two customers' orders.
  const auto data = DatasetBuilder()
                        .add({"1", "old", "1900-03-01T10:00:00", "", 1000, 100, ""})
                        .add({"2", "new", "2024-02-29T10:00:00", "", 1000, 100, ""})
                        .add({"3", "new", "2024-03-01T10:00:00", "", 1000, 100, ""})
                        .as_of("2024-03-31")
                        .Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.str("first_order_date", data->customer("old")), "1900-03-01");
  EXPECT_EQ(run.str("last_order_date", data->customer("old")), "1900-03-01");
  EXPECT_EQ(run.i64("recency_days", data->customer("old")), 45321);
  EXPECT_EQ(run.str("first_order_date", data->customer("new")), "2024-02-29");
  EXPECT_EQ(run.str("last_order_date", data->customer("new")), "2024-03-01");
}

TEST_F(RfmMethodTest, QuantileBordersPastedAsFixedBordersGiveTheSameCodes) {
  const auto data = TenRankedCustomers();
  const MethodRun quantile = Run({{"k", 5}}, *data);
  ASSERT_TRUE(quantile.ok()) << quantile.message;
  const MethodRun fixed = Run(
      {{"k", 5}, {"scoring", "fixed"}, {"borders", quantile.json_metric("rfm.borders")}}, *data);
  ASSERT_TRUE(fixed.ok()) << fixed.message;
  EXPECT_EQ(fixed.column("rfm_code").str, quantile.column("rfm_code").str);
  EXPECT_EQ(fixed.json_metric("rfm.cell_sizes"), quantile.json_metric("rfm.cell_sizes"));
}

TEST_F(RfmMethodTest, FixedBordersPutEachValueInTheBandItsBorderCloses) {
  // recency [7, 30]: 0..7 days -> R3, 8..30 -> R2, 31+ -> R1; a value equal to a border
  // belongs to the band below it.
  const auto data = DatasetBuilder()
                        .add(Order("1", "seven", 7, 1000))
                        .add(Order("2", "eight", 8, 1001))
                        .add(Order("3", "thirty", 30, 5000))
                        .add(Order("4", "thirty-one", 31, 5001))
                        .as_of(kAsOf)
                        .Build();
  const json config = {
      {"k", 3},
      {"scoring", "fixed"},
      {"borders", {{"recency", {7, 30}}, {"frequency", {1, 2}}, {"monetary", {1000, 5000}}}}};
  const MethodRun run = Run(config, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.str("rfm_code", data->customer("seven")), "311");
  EXPECT_EQ(run.str("rfm_code", data->customer("eight")), "212");
  EXPECT_EQ(run.str("rfm_code", data->customer("thirty")), "212");
  EXPECT_EQ(run.str("rfm_code", data->customer("thirty-one")), "113");
}

TEST_F(RfmMethodTest, NoVisibleCustomerScoresNothingAndWarns) {
  const auto data = DatasetBuilder().add(Order("1", "later", -3, 1000)).as_of(kAsOf).Build();
  const MethodRun run = Run({{"k", 3}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("rfm.customers"), 0);
  EXPECT_EQ(run.json_metric("rfm.borders"),
            json::parse(R"({"recency": [], "frequency": [], "monetary": []})"));
  EXPECT_EQ(run.json_metric("rfm.cell_sizes")["111"], 0);
  EXPECT_EQ(run.str("rfm_code", 0), "");
  EXPECT_EQ(run.warnings,
            (std::vector<std::string>{"rfm: no customer has an order at or before the as-of date; "
                                      "nothing scored"}));
}

TEST_F(RfmMethodTest, StopsWhenTheHostAsksTo) {
  const auto data = TenRankedCustomers();
  auto instance = plugin_.Create({{"k", 3}});
  MethodHarness harness(data->get());
  harness.stop_after_polls(0);
  const MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_TRUE(run.scores.empty());
}

TEST_F(RfmMethodTest, RefusesKOtherThanThreeOrFive) {
  EXPECT_EQ(CreateError({{"k", 4}}), "option 'k' must be 3 (27 cells) or 5 (125 cells), got 4");
}

TEST_F(RfmMethodTest, RefusesUnknownScoring) {
  EXPECT_EQ(CreateError({{"scoring", "kmeans"}}),
            "option 'scoring' must be 'quantile' or 'fixed', got 'kmeans'");
}

TEST_F(RfmMethodTest, FixedScoringNeedsBorders) {
  EXPECT_EQ(CreateError({{"scoring", "fixed"}}),
            "option 'borders' is required with scoring: fixed");
}

TEST_F(RfmMethodTest, QuantileScoringRefusesBorders) {
  EXPECT_EQ(CreateError({{"borders", {{"recency", {1, 2}}}}}),
            "option 'borders' is only used with scoring: fixed (scoring is 'quantile')");
}

TEST_F(RfmMethodTest, RefusesWrongBorderCount) {
  const json borders = {{"recency", {30, 90}}, {"frequency", {1, 2, 3}}, {"monetary", {1, 2}}};
  EXPECT_EQ(CreateError({{"scoring", "fixed"}, {"borders", borders}}),
            "option 'borders.frequency' must be a list of 2 ascending order counts for k = 3, "
            "got [1,2,3]");
}

TEST_F(RfmMethodTest, FiveLevelsNeedFourBorders) {
  const json borders = {{"recency", {30, 90}}, {"frequency", {1, 2}}, {"monetary", {1, 2}}};
  EXPECT_EQ(CreateError({{"k", 5}, {"scoring", "fixed"}, {"borders", borders}}),
            "option 'borders.recency' must be a list of 4 ascending days for k = 5, got [30,90]");
}

TEST_F(RfmMethodTest, RefusesDescendingBorders) {
  const json borders = {{"recency", {90, 30}}, {"frequency", {1, 2}}, {"monetary", {1, 2}}};
  EXPECT_EQ(CreateError({{"scoring", "fixed"}, {"borders", borders}}),
            "option 'borders.recency' must be ascending, got [90,30]");
}

TEST_F(RfmMethodTest, RefusesFractionalBorders) {
  const json borders = {{"recency", {30, 90}}, {"frequency", {1, 2}}, {"monetary", {10.5, 20}}};
  EXPECT_EQ(CreateError({{"scoring", "fixed"}, {"borders", borders}}),
            "option 'borders.monetary' must hold whole numbers (amounts in minor units), got 10.5");
}

TEST_F(RfmMethodTest, RefusesMissingAndUnknownBorderKeys) {
  EXPECT_EQ(CreateError({{"scoring", "fixed"},
                         {"borders", {{"recency", {30, 90}}, {"frequency", {1, 2}}}}}),
            "option 'borders.monetary' is missing: give 2 ascending amounts in minor units");
  EXPECT_EQ(CreateError({{"scoring", "fixed"},
                         {"borders",
                          {{"recency", {30, 90}},
                           {"frequency", {1, 2}},
                           {"monetary", {1, 2}},
                           {"money", {1, 2}}}}}),
            "option 'borders' has an unknown key 'money' (expected recency, frequency, monetary)");
}

}  // namespace
}  // namespace encore::plugins::rfm
