// The product_profile plugin through its real binary: exact shares and their rounding, returns
// and credit notes, ties, categories from a CSV map (quoted names, unmapped products), overall
// metrics, a generated history checked against a plain recount, the no-products case,
// configuration errors and cancellation.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "plugins/methods/product_profile/tests/temp_file.h"

namespace encore::plugins::product_profile {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::TestDataset;

// alice: P1 50.00 + 25.00 - 10.00 (returned in the same order) = 65.00, P2 30.00, P3 10.00
//        taken back by a credit note (net 0: not bought); total 95.00.
// bob:   P2 20.00, P4 20.00, P5 10.00 in one order (P2 and P4 tie).
// carol: lines without a product id only.  dan: a return of P1 only.
// erin:  P6 0.01 and P7 0.07 (shares 0.125 and 0.875 round half up).
// frank: P8 14.92 only.  gina: ordered after as_of, no row.
std::unique_ptr<TestDataset> Shop() {
  DatasetBuilder b;
  b.add(OrderLine{"A1", "alice", "2024-01-10", "P1", 2000, 5000, ""});
  b.add(OrderLine{"A1", "alice", "2024-01-10", "P2", 1000, 3000, ""});
  b.add(OrderLine{"A2", "alice", "2024-02-10", "P1", 1000, 2500, ""});
  b.add(OrderLine{"A2", "alice", "2024-02-10", "P3", 1000, 1000, ""});
  b.add(OrderLine{"A2", "alice", "2024-02-12", "P1", -400, -1000, ""});
  b.add(OrderLine{"CN-A3", "alice", "2024-03-01", "P3", -1000, -1000, ""});
  b.add(OrderLine{"B1", "bob", "2024-02-01", "P2", 1000, 2000, ""});
  b.add(OrderLine{"B1", "bob", "2024-02-01", "P4", 1000, 2000, ""});
  b.add(OrderLine{"B1", "bob", "2024-02-01", "P5", 1000, 1000, ""});
  b.add(OrderLine{"C1", "carol", "2024-02-02", "", 1000, 4000, ""});
  b.add(OrderLine{"D1", "dan", "2024-02-03", "P1", -1000, -500, ""});
  b.add(OrderLine{"E1", "erin", "2024-03-05", "P6", 1000, 1, ""});
  b.add(OrderLine{"E1", "erin", "2024-03-05", "P7", 1000, 7, ""});
  b.add(OrderLine{"F1", "frank", "2024-03-20", "P8", 1000, 1492, ""});
  b.add(OrderLine{"G1", "gina", "2024-04-10", "P1", 1000, 2500, ""});
  b.as_of("2024-03-31");
  return b.Build();
}

// Quoted name with a comma, a header, blank lines and spaces; P3, P6 and P8 are not mapped.
constexpr char kCategories[] =
    "product_id,category\n"
    "P1,tea\n"
    "P2, \"cups, mugs\"\n"
    "\n"
    "P4 ,tea\r\n"
    "P5,sweets\n"
    "P7,tea\n"
    "P1,tea\n"       // the same pair twice is fine
    "P99,unused\n";  // a product the data does not have: a category nobody bought

class ProductProfileTest : public sdk::testing::MethodPluginTest {
 protected:
  ProductProfileTest() : MethodPluginTest(ENCORE_PRODUCT_PROFILE_PLUGIN) {}
};

TEST_F(ProductProfileTest, DescribesItselfWithItsOptions) {
  const encore_plugin_v1& d = plugin_.descriptor();
  EXPECT_EQ(std::string(d.name), "product_profile");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 2u);
  EXPECT_EQ(std::string(d.options[0].name), "top_n");
  EXPECT_EQ(std::string(d.options[0].default_json), "3");
  EXPECT_EQ(std::string(d.options[1].name), "categories_file");
  EXPECT_EQ(std::string(d.options[1].default_json), "\"\"");
}

TEST_F(ProductProfileTest, TopProductsAreSharesOfNetSpendRoundedHalfUp) {
  auto data = Shop();
  MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;
  const auto top = [&](const char* c) { return run.str("top_products", data->customer(c)); };
  const auto breadth = [&](const char* c) { return run.i64("product_breadth", data->customer(c)); };
  // 6500 / 9500 = 0.684 and 3000 / 9500 = 0.316; P3 came back in full.
  EXPECT_EQ(top("alice"), "P1:0.68|P2:0.32");
  EXPECT_EQ(breadth("alice"), 2);
  // Equal spends: the product key decides.
  EXPECT_EQ(top("bob"), "P2:0.40|P4:0.40|P5:0.20");
  EXPECT_EQ(breadth("bob"), 3);
  EXPECT_EQ(top("erin"), "P7:0.88|P6:0.13");
  EXPECT_EQ(top("frank"), "P8:1.00");
  EXPECT_EQ(breadth("frank"), 1);
  for (const char* c : {"carol", "dan", "gina"}) {
    EXPECT_EQ(top(c), "") << c;
    EXPECT_EQ(breadth(c), 0) << c;
  }
  // Without a category map there are no category scores and no category metrics.
  EXPECT_EQ(run.scores.count("top_category"), 0u);
  EXPECT_EQ(run.scores.count("bought_categories"), 0u);
  EXPECT_EQ(run.json_metrics.count("product_profile.category_shares"), 0u);
  EXPECT_TRUE(run.warnings.empty());

  MethodRun two = Run({{"top_n", 2}}, *data);
  ASSERT_TRUE(two.ok()) << two.message;
  EXPECT_EQ(two.str("top_products", data->customer("bob")), "P2:0.40|P4:0.40");
  EXPECT_EQ(two.i64("product_breadth", data->customer("bob")), 3);
}

TEST_F(ProductProfileTest, OverallMetrics) {
  auto data = Shop();
  MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("product_profile.status"), "ok");
  EXPECT_EQ(run.metric("product_profile.customers"), 6);  // not gina
  EXPECT_EQ(run.metric("product_profile.customers_with_products"), 4);
  EXPECT_EQ(run.metric("product_profile.spend"), 16000);          // 9500 + 5000 + 8 + 1492
  EXPECT_EQ(run.metric("product_profile.products_bought"), 7);    // not P3
  EXPECT_EQ(run.metric("product_profile.average_breadth"), 2.0);  // (2 + 3 + 2 + 1) / 4
  EXPECT_EQ(run.metric("product_profile.top_n"), 3);
  const json expected = json::parse(R"([
    {"product": "P1", "spend": 6500, "share": 0.40625, "customers": 1},
    {"product": "P2", "spend": 5000, "share": 0.3125, "customers": 2},
    {"product": "P4", "spend": 2000, "share": 0.125, "customers": 1},
    {"product": "P8", "spend": 1492, "share": 0.09325, "customers": 1},
    {"product": "P5", "spend": 1000, "share": 0.0625, "customers": 1},
    {"product": "P7", "spend": 7, "share": 0.0004375, "customers": 1},
    {"product": "P6", "spend": 1, "share": 0.0000625, "customers": 1}])");
  const json& got = run.json_metric("product_profile.top_products");
  ASSERT_EQ(got.size(), expected.size()) << got.dump();
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(got[i]["product"], expected[i]["product"]);
    EXPECT_EQ(got[i]["spend"], expected[i]["spend"]);
    EXPECT_EQ(got[i]["customers"], expected[i]["customers"]);
    EXPECT_DOUBLE_EQ(got[i]["share"].get<double>(), expected[i]["share"].get<double>());
  }
}

TEST_F(ProductProfileTest, CategoriesFromACsvMapWithOtherForUnmappedProducts) {
  auto data = Shop();
  TempFile map(kCategories);
  MethodRun run = Run({{"categories_file", map.path()}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  const auto top = [&](const char* c) { return run.str("top_category", data->customer(c)); };
  const auto bought = [&](const char* c) {
    return run.str("bought_categories", data->customer(c));
  };
  // alice: tea 6500, cups 3000 (P3 netted to 0 is in no category).
  EXPECT_EQ(top("alice"), "tea");
  EXPECT_EQ(bought("alice"), "|cups, mugs|tea|");
  // bob: cups 2000 and tea 2000 tie, the smaller name wins; sweets 1000.
  EXPECT_EQ(top("bob"), "cups, mugs");
  EXPECT_EQ(bought("bob"), "|cups, mugs|sweets|tea|");
  // erin: P6 is not in the map.
  EXPECT_EQ(top("erin"), "tea");
  EXPECT_EQ(bought("erin"), "|other|tea|");
  EXPECT_EQ(top("frank"), "other");
  EXPECT_EQ(bought("frank"), "|other|");
  for (const char* c : {"carol", "dan", "gina"}) {
    EXPECT_EQ(top(c), "") << c;
    EXPECT_EQ(bought(c), "") << c;
  }
  // tea 6500 + 2000 + 7, cups 3000 + 2000, sweets 1000, other 1 + 1492, of 16000.
  const json& shares = run.json_metric("product_profile.category_shares");
  ASSERT_EQ(shares.size(), 5u) << shares.dump();
  EXPECT_DOUBLE_EQ(shares["tea"].get<double>(), 8507.0 / 16000);
  EXPECT_DOUBLE_EQ(shares["cups, mugs"].get<double>(), 0.3125);
  EXPECT_DOUBLE_EQ(shares["sweets"].get<double>(), 0.0625);
  EXPECT_DOUBLE_EQ(shares["other"].get<double>(), 1493.0 / 16000);
  EXPECT_EQ(shares["unused"].get<double>(), 0.0);
  EXPECT_EQ(run.json_metric("product_profile.category_customers"),
            json::parse(R"({"cups, mugs": 2, "other": 2, "sweets": 1, "tea": 3, "unused": 0})"));
}

TEST_F(ProductProfileTest, ACategoryFileWithoutHeaderWorksToo) {
  auto data = Shop();
  TempFile map("P8,gifts\n");
  MethodRun run = Run({{"categories_file", map.path()}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.str("top_category", data->customer("frank")), "gifts");
  EXPECT_EQ(run.str("bought_categories", data->customer("bob")), "|other|");
  // Everything but P8 is "other" now: alice, bob and erin bought from it.
  EXPECT_EQ(run.json_metric("product_profile.category_customers"),
            json::parse(R"({"gifts": 1, "other": 3})"));
}

TEST_F(ProductProfileTest, BadCategoryFilesAreConfigurationErrorsNamingFileAndLine) {
  EXPECT_EQ(CreateError({{"categories_file", "/nonexistent/categories.csv"}}),
            "option 'categories_file': cannot open category file '/nonexistent/categories.csv'");
  {
    TempFile f("product_id,category\nP1,tea,extra\n");
    EXPECT_EQ(CreateError({{"categories_file", f.path()}}),
              "option 'categories_file': " + f.path() +
                  ":2: expected 2 fields product_id,category, got 3");
  }
  {
    TempFile f("P1\n");
    EXPECT_EQ(CreateError({{"categories_file", f.path()}}),
              "option 'categories_file': " + f.path() +
                  ":1: expected 2 fields product_id,category, got 1");
  }
  {
    TempFile f("P1,\n");
    EXPECT_EQ(CreateError({{"categories_file", f.path()}}),
              "option 'categories_file': " + f.path() + ":1: empty category");
  }
  {
    TempFile f("P1,tea|coffee\n");
    EXPECT_EQ(CreateError({{"categories_file", f.path()}}),
              "option 'categories_file': " + f.path() + ":1: category 'tea|coffee' contains '|'");
  }
  {
    TempFile f("P1,tea\nP1,coffee\n");
    EXPECT_EQ(CreateError({{"categories_file", f.path()}}),
              "option 'categories_file': " + f.path() +
                  ":2: product 'P1' is in category 'tea' and in 'coffee'");
  }
  {
    TempFile f("P1,\"tea\n");
    EXPECT_EQ(CreateError({{"categories_file", f.path()}}),
              "option 'categories_file': " + f.path() + ":1: unbalanced quotes");
  }
  EXPECT_EQ(CreateError({{"top_n", 0}}), "option 'top_n' must be from 1 to 100, got 0");
  EXPECT_EQ(CreateError({{"top_n", 101}}), "option 'top_n' must be from 1 to 100, got 101");
}

TEST_F(ProductProfileTest, WithoutProductIdsItSaysNotApplicableAndPutsNoScores) {
  DatasetBuilder b;
  b.add(OrderLine{"O1", "x", "2024-01-01", "", 1000, 100, ""});
  auto data = b.Build();
  MethodRun run = Run(json::object(), *data);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("product_profile.status"), "not applicable: no product ids");
  EXPECT_TRUE(run.scores.empty());
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0], "product_profile: not applicable: no product ids");
}

// 3000 customers, 1..6 orders of 1..4 lines over 40 products with returns: the plugin (two
// threads) must agree with a plain recount of every customer.
TEST_F(ProductProfileTest, AGeneratedHistoryMatchesAPlainRecount) {
  std::mt19937_64 rng(7);
  DatasetBuilder b;
  std::map<std::string, std::map<std::string, int64_t>> net;  // customer -> product -> net
  int64_t order = 0;
  for (int c = 0; c < 3000; ++c) {
    const std::string customer = "c" + std::to_string(c);
    for (int o = 0, orders = 1 + static_cast<int>(rng() % 6); o < orders; ++o, ++order) {
      for (int l = 0, lines = 1 + static_cast<int>(rng() % 4); l < lines; ++l) {
        const std::string product = "P" + std::to_string(rng() % 40);
        int64_t amount = 100 + static_cast<int64_t>(rng() % 900);
        if (rng() % 10 == 0) amount = -amount;  // a return
        b.add(OrderLine{"O" + std::to_string(order), customer,
                        static_cast<int64_t>(1700000000 + order * 600), product,
                        amount > 0 ? 1000 : -1000, amount, ""});
        net[customer][product] += amount;
      }
    }
  }
  auto data = b.Build();
  MethodRun run = Run({{"top_n", 2}}, *data);
  ASSERT_TRUE(run.ok()) << run.message;
  int64_t customers_with_products = 0;
  for (const auto& [customer, products] : net) {
    std::vector<std::pair<int64_t, std::string>> bought;  // (-net, key): best first
    int64_t total = 0;
    for (const auto& [product, value] : products) {
      if (value > 0) bought.emplace_back(-value, product), total += value;
    }
    std::sort(bought.begin(), bought.end());
    std::string expected;
    for (size_t i = 0; i < bought.size() && i < 2; ++i) {
      const int64_t hundredths = (-bought[i].first * 200 + total) / (2 * total);
      char share[32];
      std::snprintf(share, sizeof(share), "%lld.%02lld", static_cast<long long>(hundredths / 100),
                    static_cast<long long>(hundredths % 100));
      expected += (i > 0 ? "|" : "") + bought[i].second + ":" + share;
    }
    customers_with_products += bought.empty() ? 0 : 1;
    const uint32_t row = data->customer(customer);
    ASSERT_EQ(run.str("top_products", row), expected) << customer;
    ASSERT_EQ(run.i64("product_breadth", row), static_cast<int64_t>(bought.size())) << customer;
  }
  EXPECT_EQ(run.metric("product_profile.customers"), 3000);
  EXPECT_EQ(run.metric("product_profile.customers_with_products"), customers_with_products);
}

TEST_F(ProductProfileTest, StopsWhenTheHostAsks) {
  auto data = Shop();
  auto instance = plugin_.Create(json::object());
  MethodHarness harness(data->get());
  harness.stop_after_polls(0);
  MethodRun run = harness.Run(*instance);
  EXPECT_EQ(run.status, ENCORE_CANCELLED);
  EXPECT_TRUE(run.scores.empty());
}

}  // namespace
}  // namespace encore::plugins::product_profile
