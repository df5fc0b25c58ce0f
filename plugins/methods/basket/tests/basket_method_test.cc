// The basket plugin through its real binary: exact supports, confidences and lifts on a
// hand-made history, planted bundles in a generated one, returns, the no-products case,
// recommendations and configuration errors.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace encore::plugins::basket {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::RecordedTable;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 19800 * kDay;

// One order of `customer` buying one unit of each product for 1.00.
void AddOrder(DatasetBuilder& builder, const std::string& order, const std::string& customer,
              int64_t day, const std::vector<std::string>& products) {
  for (const auto& p : products) {
    builder.add(OrderLine{order, customer, kStart + day * kDay, p, 1000, 100, ""});
  }
}

// Ten orders over A..E (counts A 6, B 5, C 5, D 3, E 2; AB = AC = BC = 4; ABC = 3):
//   T1 ABC, T2 ABC, T3 AB, T4 AC, T5 BC, T6 A, T7 D, T8 DE, T9 ABCD, T10 E.
std::unique_ptr<TestDataset> TenOrders() {
  DatasetBuilder b;
  AddOrder(b, "T1", "u1", 0, {"A", "B", "C"});
  AddOrder(b, "T2", "u7", 1, {"A", "B", "C"});
  AddOrder(b, "T3", "u2", 2, {"A", "B"});
  AddOrder(b, "T4", "u3", 3, {"A", "C"});
  AddOrder(b, "T5", "u4", 4, {"B", "C"});
  AddOrder(b, "T6", "u5", 5, {"A"});
  AddOrder(b, "T7", "u6", 6, {"D"});
  AddOrder(b, "T8", "u6", 7, {"D", "E"});
  AddOrder(b, "T9", "u8", 8, {"A", "B", "C", "D"});
  AddOrder(b, "T10", "u9", 9, {"E"});
  return b.Build();
}

class BasketMethodTest : public sdk::testing::MethodPluginTest {
 protected:
  BasketMethodTest() : MethodPluginTest(ENCORE_BASKET_PLUGIN) {}
};

struct ExpectedRule {
  std::vector<std::string> antecedent;
  std::string consequent;
  int64_t count;
  double support, confidence, lift;
};

// The rules of the run's basket.rules table, checked row by row (rank order) against `expected`.
void ExpectRules(const MethodRun& run, const std::vector<ExpectedRule>& expected) {
  ASSERT_EQ(run.tables.count("basket.rules"), 1u);
  const RecordedTable& table = run.tables.at("basket.rules");
  ASSERT_EQ(table.row_count, expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("rule " + std::to_string(i));
    const ExpectedRule& e = expected[i];
    std::string antecedent = e.antecedent[0];
    if (e.antecedent.size() == 2) antecedent += "+" + e.antecedent[1];
    EXPECT_EQ(table.column("rank").i64[i], static_cast<int64_t>(i) + 1);
    EXPECT_EQ(table.column("antecedent").str[i], antecedent);
    EXPECT_EQ(table.column("consequent").str[i], e.consequent);
    EXPECT_EQ(table.column("antecedent_size").i64[i], static_cast<int64_t>(e.antecedent.size()));
    EXPECT_EQ(table.column("count").i64[i], e.count);
    EXPECT_DOUBLE_EQ(table.column("support").f64[i], e.support);
    EXPECT_DOUBLE_EQ(table.column("confidence").f64[i], e.confidence);
    EXPECT_DOUBLE_EQ(table.column("lift").f64[i], e.lift);
  }
}

TEST_F(BasketMethodTest, DescribesItselfAsMethodBasketWithItsOptions) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "basket");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 6u);
  EXPECT_EQ(std::string(d.options[0].name), "min_support");
  EXPECT_EQ(std::string(d.options[0].default_json), "0.001");
  EXPECT_EQ(std::string(d.options[1].name), "min_count");
  EXPECT_EQ(std::string(d.options[1].default_json), "10");
  EXPECT_EQ(std::string(d.options[2].default_json), "0.1");
  EXPECT_EQ(std::string(d.options[3].default_json), "1.0");
  EXPECT_EQ(std::string(d.options[4].default_json), "1000");
  EXPECT_EQ(std::string(d.options[5].name), "recommendations");
  EXPECT_EQ(std::string(d.options[5].default_json), "3");
}

TEST_F(BasketMethodTest, ExactSupportConfidenceAndLiftOfPairAndTripleRules) {
  auto data = TenOrders();
  MethodRun run = Run({{"min_count", 2}, {"min_support", 0.0}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("basket.transactions"), 10);
  EXPECT_EQ(run.metric("basket.min_count"), 2);
  EXPECT_EQ(run.metric("basket.frequent_items"), 5);  // A B C D E
  EXPECT_EQ(run.metric("basket.frequent_pairs"), 3);  // AB AC BC (AD, DE... once each)
  EXPECT_EQ(run.metric("basket.frequent_triples"), 1);
  // N = 10. B -> C: 4 / 5 = 0.8, lift 4·10 / (5·5) = 1.6; AB -> C: 3 / 4, lift 3·10 / (4·5);
  // B -> A: 4 / 5, lift 4·10 / (5·6); BC -> A: 3 / 4, lift 3·10 / (4·6) = 1.25.
  ExpectRules(run, {
                       {{"B"}, "C", 4, 0.4, 0.8, 1.6},
                       {{"C"}, "B", 4, 0.4, 0.8, 1.6},
                       {{"A", "B"}, "C", 3, 0.3, 0.75, 1.5},
                       {{"A", "C"}, "B", 3, 0.3, 0.75, 1.5},
                       {{"B"}, "A", 4, 0.4, 0.8, 40.0 / 30},
                       {{"C"}, "A", 4, 0.4, 0.8, 40.0 / 30},
                       {{"A"}, "B", 4, 0.4, 4.0 / 6, 40.0 / 30},
                       {{"A"}, "C", 4, 0.4, 4.0 / 6, 40.0 / 30},
                       {{"B", "C"}, "A", 3, 0.3, 0.75, 1.25},
                   });
  const json& top = run.json_metric("basket.top_pairs");
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0]["items"], json({"A", "B"}));
  EXPECT_EQ(top[1]["items"], json({"A", "C"}));
  EXPECT_EQ(top[2]["items"], json({"B", "C"}));
  EXPECT_EQ(top[2]["count"], 4);
  EXPECT_DOUBLE_EQ(top[2]["lift"].get<double>(), 1.6);
}

TEST_F(BasketMethodTest, ThresholdsCutRulesAndMaxRulesKeepsTheBest) {
  auto data = TenOrders();
  MethodRun run = Run({{"min_count", 2},
                       {"min_support", 0.0},
                       {"min_confidence", 0.76},
                       {"min_lift", 1.3},
                       {"max_rules", 3}},
                      *data);
  ASSERT_TRUE(run.ok()) << run.message;
  // Confidence 0.75 (triples) and 0.667 (A -> ...) are cut; 4 rules pass, the best 3 stay.
  ExpectRules(run, {
                       {{"B"}, "C", 4, 0.4, 0.8, 1.6},
                       {{"C"}, "B", 4, 0.4, 0.8, 1.6},
                       {{"B"}, "A", 4, 0.4, 0.8, 40.0 / 30},
                   });
}

TEST_F(BasketMethodTest, SupportThresholdIsAShareOfTransactions) {
  auto data = TenOrders();
  // ceil(0.35 · 10) = 4 > min_count 2: the triple (3) is no longer frequent, the pairs (4) are.
  MethodRun run = Run({{"min_count", 2}, {"min_support", 0.35}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("basket.min_count"), 4);
  EXPECT_EQ(run.metric("basket.frequent_items"), 3);
  EXPECT_EQ(run.metric("basket.frequent_pairs"), 3);
  EXPECT_EQ(run.metric("basket.frequent_triples"), 0);
  EXPECT_EQ(run.metric("basket.rules_kept"), 6);
  EXPECT_EQ(run.tables.at("basket.rules").row_count, 6u);
}

TEST_F(BasketMethodTest, RecommendsUnboughtConsequentsByLiftTimesConfidence) {
  auto data = TenOrders();
  MethodRun run = Run({{"min_count", 2}, {"min_support", 0.0}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  const auto products = [&](const char* c) {
    return run.str("recommended_products", data->customer(c));
  };
  const auto& lift = run.column("recommendation_lift");
  // u2 bought A, B: B -> C (1.6 · 0.8), AB -> C, A -> C all point to C; the best lift is 1.6.
  EXPECT_EQ(products("u2"), "C");
  EXPECT_DOUBLE_EQ(lift.f64[data->customer("u2")], 1.6);
  // u5 bought A: A -> B and A -> C score the same; the product key breaks the tie.
  EXPECT_EQ(products("u5"), "B|C");
  EXPECT_DOUBLE_EQ(lift.f64[data->customer("u5")], 40.0 / 30);
  // u4 bought B, C: B -> A and C -> A (4/3 · 0.8) beat BC -> A (1.25 · 0.75).
  EXPECT_EQ(products("u4"), "A");
  EXPECT_DOUBLE_EQ(lift.f64[data->customer("u4")], 40.0 / 30);
  // u3 bought A, C: C -> B (1.28) first.
  EXPECT_EQ(products("u3"), "B");
  EXPECT_DOUBLE_EQ(lift.f64[data->customer("u3")], 1.6);
  // Bought everything the rules know, or nothing they know: no recommendation.
  for (const char* c : {"u1", "u7", "u8", "u6", "u9"}) {
    EXPECT_EQ(products(c), "") << c;
    EXPECT_TRUE(lift.is_null(data->customer(c))) << c;
  }
  EXPECT_EQ(run.metric("basket.customers_with_recommendations"), 4);

  MethodRun one = Run({{"min_count", 2}, {"min_support", 0.0}, {"recommendations", 1}}, *data);
  ASSERT_TRUE(one.ok()) << one.message;
  EXPECT_EQ(one.str("recommended_products", data->customer("u5")), "B");
}

TEST_F(BasketMethodTest, ReturnLinesAndNonPositiveOrdersAreNotPurchases) {
  DatasetBuilder b;
  AddOrder(b, "O1", "x", 0, {"A", "B"});
  AddOrder(b, "O2", "y", 1, {"A", "B"});
  // O3: A bought, B returned in the same order; the order is still worth 1.00 - 0.50.
  b.add(OrderLine{"O3", "z", kStart + 2 * kDay, "A", 1000, 100, ""});
  b.add(OrderLine{"O3", "z", kStart + 2 * kDay, "B", -1000, -50, ""});
  // O4: a credit note returning A and B: not a transaction.
  b.add(OrderLine{"O4", "x", kStart + 3 * kDay, "A", -1000, -100, ""});
  b.add(OrderLine{"O4", "x", kStart + 3 * kDay, "B", -1000, -100, ""});
  // O5: A and B bought but a larger return nets the order to -1.00: not a transaction.
  b.add(OrderLine{"O5", "w", kStart + 4 * kDay, "A", 1000, 100, ""});
  b.add(OrderLine{"O5", "w", kStart + 4 * kDay, "B", 1000, 100, ""});
  b.add(OrderLine{"O5", "w", kStart + 4 * kDay, "C", -1000, -300, ""});
  // O6: bought after as_of: not visible.
  AddOrder(b, "O6", "v", 30, {"A", "B"});
  b.as_of(kStart + 10 * kDay);
  auto data = b.Build();
  MethodRun run = Run({{"min_count", 1}, {"min_support", 0.0}, {"min_lift", 0.0}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("basket.transactions"), 3);  // O1, O2, O3 (A alone)
  // A in 3, B in 2, AB in 2: B -> A confidence 1, lift 2·3 / (2·3) = 1; A -> B 2/3.
  ExpectRules(run, {
                       {{"B"}, "A", 2, 2.0 / 3, 1.0, 1.0},
                       {{"A"}, "B", 2, 2.0 / 3, 2.0 / 3, 1.0},
                   });
  // z bought A (B came back, so it is not theirs): B is recommended.
  EXPECT_EQ(run.str("recommended_products", data->customer("z")), "B");
  EXPECT_EQ(run.str("recommended_products", data->customer("w")), "");
}

TEST_F(BasketMethodTest, WithoutProductIdsItSaysNotApplicableAndPutsNoScores) {
  DatasetBuilder b;
  b.add(OrderLine{"O1", "x", kStart, "", 1000, 100, ""});
  b.add(OrderLine{"O2", "y", kStart, "", 2000, 300, ""});
  auto data = b.Build();
  MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("basket.status"), "not applicable: no product ids");
  EXPECT_EQ(run.metric("basket.transactions"), 0);
  EXPECT_TRUE(run.scores.empty());
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0], "basket: not applicable: no product ids");
  EXPECT_TRUE(run.tables.empty());
}

TEST_F(BasketMethodTest, FindsPlantedBundlesExactly) {
  // 20000 orders of 1..4 products out of 200 noise products (uniform), plus A+B planted in 5%
  // of the orders and A+B+C in another 2%. With min_support 0.01 (200 orders) no noise pair can
  // be frequent (expected count about 0.2), so the frequent pairs are exactly AB, AC, BC.
  std::mt19937_64 rng(20240401);
  std::uniform_int_distribution<int> noise(0, 199), size(1, 4), customer(0, 4999);
  std::uniform_real_distribution<double> plant(0.0, 1.0);
  DatasetBuilder b;
  int64_t ab = 0, abc = 0;
  for (int o = 0; o < 20000; ++o) {
    std::vector<std::string> products;
    const int n = size(rng);
    for (int i = 0; i < n; ++i) {
      std::string p = "N" + std::to_string(noise(rng));
      if (std::find(products.begin(), products.end(), p) == products.end()) products.push_back(p);
    }
    const double u = plant(rng);
    if (u < 0.05) {
      ++ab, products.push_back("A"), products.push_back("B");
    } else if (u < 0.07) {
      ++abc, products.push_back("A"), products.push_back("B"), products.push_back("C");
    }
    AddOrder(b, "O" + std::to_string(o), "c" + std::to_string(customer(rng)), o % 365, products);
  }
  auto data = b.Build();
  MethodRun run = Run({{"min_support", 0.01}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  ASSERT_EQ(run.metric("basket.transactions"), 20000);
  EXPECT_EQ(run.metric("basket.min_count"), 200);
  EXPECT_EQ(run.metric("basket.frequent_pairs"), 3);
  EXPECT_EQ(run.metric("basket.frequent_triples"), 1);
  const double n = 20000, a = static_cast<double>(ab + abc), c = static_cast<double>(abc);
  // A and B always come together and C only with both, so every rule has lift N / count(A);
  // confidence 1 before c / a, then the count, then the smaller antecedent, then the keys.
  const double lift = n / a;
  ExpectRules(run, {
                       {{"A"}, "B", ab + abc, a / n, 1.0, lift},
                       {{"B"}, "A", ab + abc, a / n, 1.0, lift},
                       {{"C"}, "A", abc, c / n, 1.0, lift},
                       {{"C"}, "B", abc, c / n, 1.0, lift},
                       {{"A", "C"}, "B", abc, c / n, 1.0, lift},
                       {{"B", "C"}, "A", abc, c / n, 1.0, lift},
                       {{"A"}, "C", abc, c / n, c / a, lift},
                       {{"B"}, "C", abc, c / n, c / a, lift},
                       {{"A", "B"}, "C", abc, c / n, c / a, lift},
                   });
  // The rest of the basket.rules table: the columns in order, the counts behind the ratios and
  // every product of each rule wrapped in '|'.
  EXPECT_EQ(run.metric("basket.rules_kept"), 9);
  const RecordedTable& table = run.tables.at("basket.rules");
  EXPECT_EQ(table.column_order,
            (std::vector<std::string>{"rank", "antecedent", "consequent", "antecedent_size",
                                      "support", "confidence", "lift", "count", "antecedent_count",
                                      "consequent_count", "products"}));
  const int64_t count_a = ab + abc;  // A, B and {A, B} are in the same orders
  EXPECT_EQ(
      table.column("antecedent_count").i64,
      (std::vector<int64_t>{count_a, count_a, abc, abc, abc, abc, count_a, count_a, count_a}));
  EXPECT_EQ(
      table.column("consequent_count").i64,
      (std::vector<int64_t>{count_a, count_a, count_a, count_a, count_a, count_a, abc, abc, abc}));
  EXPECT_EQ(table.column("products").str,
            (std::vector<std::string>{"|A|B|", "|A|B|", "|A|C|", "|B|C|", "|A|B|C|", "|A|B|C|",
                                      "|A|C|", "|B|C|", "|A|B|C|"}));
}

TEST_F(BasketMethodTest, CountsPairsInAHashMapWhenTheTriangleWouldBeTooLarge) {
  // 9000 frequent items: 9000 · 8999 / 2 counters exceed the dense limit (32 Mi), so pairs are
  // hashed. Order i buys P_i, P_i+1, P_i+2 (indices mod 9000): every item is in 3 orders, every
  // pair of neighbours in 2, every pair at distance 2 in 1, every triple in 1.
  constexpr int kItems = 9000;
  DatasetBuilder b;
  for (int i = 0; i < kItems; ++i) {
    AddOrder(b, "O" + std::to_string(i), "c" + std::to_string(i % 100), i % 300,
             {"P" + std::to_string(i), "P" + std::to_string((i + 1) % kItems),
              "P" + std::to_string((i + 2) % kItems)});
  }
  auto data = b.Build();
  MethodRun run = Run({{"min_count", 1}, {"min_support", 0.0}, {"max_rules", 5}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("basket.frequent_items"), kItems);
  EXPECT_EQ(run.metric("basket.frequent_pairs"), 2 * kItems);
  EXPECT_EQ(run.metric("basket.frequent_triples"), kItems);
  // The best rules are {P_i, P_i+2} -> P_i+1: confidence 1, lift 1 · 9000 / (1 · 3) = 3000.
  // Byte order of the antecedents, keys sorted inside each: P0+P2 < P0+P8998 (order 8998,
  // wrapping around) < P1+P3 < P1+P8999 (order 8999) < P10+P12.
  ExpectRules(run, {
                       {{"P0", "P2"}, "P1", 1, 1.0 / kItems, 1.0, 3000.0},
                       {{"P0", "P8998"}, "P8999", 1, 1.0 / kItems, 1.0, 3000.0},
                       {{"P1", "P3"}, "P2", 1, 1.0 / kItems, 1.0, 3000.0},
                       {{"P1", "P8999"}, "P0", 1, 1.0 / kItems, 1.0, 3000.0},
                       {{"P10", "P12"}, "P11", 1, 1.0 / kItems, 1.0, 3000.0},
                   });
  EXPECT_EQ(run.tables.at("basket.rules").column("products").str[1], "|P0|P8998|P8999|");
}

TEST_F(BasketMethodTest, StopsWhenTheHostAsks) {
  auto data = TenOrders();
  auto instance = plugin_.Create({{"min_count", 2}});
  MethodHarness harness(data->get());
  harness.stop_after_polls(0);
  MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_EQ(run.stop_polls, 1);
  EXPECT_TRUE(run.scores.empty());
  EXPECT_TRUE(run.json_metrics.empty());
  EXPECT_TRUE(run.tables.empty());
}

TEST_F(BasketMethodTest, RejectsOutOfRangeOptions) {
  for (const json& config :
       {json{{"min_support", 1.5}}, json{{"min_count", 0}}, json{{"min_confidence", -0.1}},
        json{{"max_rules", -1}}, json{{"recommendations", "three"}}}) {
    int32_t status = ENCORE_OK;
    std::string message;
    auto instance = plugin_.TryCreate(config, &status, &message);
    EXPECT_EQ(instance, nullptr) << config.dump();
    EXPECT_EQ(status, ENCORE_INVALID_CONFIG) << config.dump();
    EXPECT_NE(message.find(config.begin().key()), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace encore::plugins::basket
