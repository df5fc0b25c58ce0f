// The basket plugin on real data: the UCI Online Retail orders (canonical layout, gzip). The
// expected figures are computed here, independently of the plugin, by a plain counting loop
// over the file: net each (customer, order), keep orders worth more than zero, collect the
// products of their positive-quantity lines, count products and pairs of products in maps.
#include <gtest/gtest.h>
#include <zlib.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace encore::plugins::basket {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::RecordedTable;

constexpr int64_t kMinCount = 300;  // about 1.6% of the ~18.5k transactions

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

// order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id; rows without a
// customer are skipped.
std::vector<OrderLine> ReadOrders() {
  gzFile file = gzopen(ENCORE_ONLINE_RETAIL_ORDERS, "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " ENCORE_ONLINE_RETAIL_ORDERS);
  std::vector<OrderLine> lines;
  char buffer[4096];
  bool header = true;
  while (gzgets(file, buffer, sizeof(buffer)) != nullptr) {
    std::string line(buffer);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string> f = Split(line);
    if (f.size() < 6 || f[1].empty()) continue;
    const int64_t quantity = std::stoll(f[4]);
    const auto amount = static_cast<int64_t>(std::llround(std::stod(f[5]) * 100.0 * quantity));
    lines.push_back(OrderLine{f[0], f[1], f[2], f[3], quantity * 1000, amount, ""});
  }
  gzclose(file);
  return lines;
}

struct PairFigure {
  std::string x, y;  // x < y
  int64_t count;
  double lift;
};

TEST(BasketOnlineRetailTest, TopPairsByLiftMatchAPlainCount) {
  const std::vector<OrderLine> lines = ReadOrders();
  ASSERT_GT(lines.size(), 400000u);

  // Independent count.
  struct Order {
    int64_t value = 0;
    std::set<std::string> bought;
  };
  std::map<std::pair<std::string, std::string>, Order> orders;
  for (const OrderLine& l : lines) {
    Order& o = orders[{l.customer_id, l.order_id}];
    o.value += l.amount_minor;
    if (l.quantity_milli > 0 && !l.product_id.empty()) o.bought.insert(l.product_id);
  }
  std::vector<const std::set<std::string>*> transactions;
  std::map<std::string, int64_t> item_count;
  for (const auto& [key, o] : orders) {
    if (o.value <= 0 || o.bought.empty()) continue;
    transactions.push_back(&o.bought);
    for (const auto& p : o.bought) ++item_count[p];
  }
  std::map<std::pair<std::string, std::string>, int64_t> pair_count;
  int64_t frequent_items = 0;
  for (const auto& [p, n] : item_count) frequent_items += n >= kMinCount;
  for (const auto* t : transactions) {
    std::vector<std::string> items;
    for (const auto& p : *t) {
      if (item_count[p] >= kMinCount) items.push_back(p);  // sorted: std::set order
    }
    for (size_t i = 0; i < items.size(); ++i) {
      for (size_t j = i + 1; j < items.size(); ++j) ++pair_count[{items[i], items[j]}];
    }
  }
  const auto n = static_cast<double>(transactions.size());
  std::vector<PairFigure> pairs;
  for (const auto& [xy, count] : pair_count) {
    if (count < kMinCount) continue;
    const double lift =
        static_cast<double>(count) * n /
        (static_cast<double>(item_count[xy.first]) * static_cast<double>(item_count[xy.second]));
    pairs.push_back(PairFigure{xy.first, xy.second, count, lift});
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const PairFigure& a, const PairFigure& b) { return a.lift > b.lift; });
  ASSERT_GE(pairs.size(), 5u);
  // The top pairs are told apart by lift alone, so the comparison below does not hang on
  // tie-breaking.
  for (size_t i = 0; i + 1 < 5; ++i) ASSERT_GT(pairs[i].lift, pairs[i + 1].lift * (1 + 1e-9));

  // The plugin, with every rule kept.
  auto data = DatasetBuilder().add(lines).Build();
  LoadedPlugin plugin(ENCORE_BASKET_PLUGIN);
  auto basket = plugin.Create({{"min_count", kMinCount},
                               {"min_support", 0.0},
                               {"min_confidence", 0.0},
                               {"min_lift", 0.0},
                               {"max_rules", 1000000}});
  MethodHarness harness(data->get());
  MethodRun run = harness.Run(*basket);
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.metric("basket.transactions"), n);
  EXPECT_EQ(run.metric("basket.frequent_items"), frequent_items);
  EXPECT_EQ(run.metric("basket.frequent_pairs"), static_cast<double>(pairs.size()));

  // Single-item rules come in twos per pair (X -> y, y -> X) with the same lift.
  const RecordedTable& table = run.tables.at("basket.rules");
  const auto& size = table.column("antecedent_size").i64;
  std::vector<size_t> pair_rules;
  for (size_t r = 0; r < table.row_count; ++r) {
    if (size[r] == 1) pair_rules.push_back(r);
  }
  ASSERT_EQ(pair_rules.size(), 2 * pairs.size());
  for (size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE("pair " + std::to_string(i) + ": " + pairs[i].x + " " + pairs[i].y);
    for (size_t r : {pair_rules[2 * i], pair_rules[2 * i + 1]}) {
      std::vector<std::string> xy = {table.column("antecedent").str[r],
                                     table.column("consequent").str[r]};
      std::sort(xy.begin(), xy.end());
      EXPECT_EQ(xy[0], pairs[i].x);
      EXPECT_EQ(xy[1], pairs[i].y);
      EXPECT_EQ(table.column("count").i64[r], pairs[i].count);
      EXPECT_DOUBLE_EQ(table.column("lift").f64[r], pairs[i].lift);
      EXPECT_DOUBLE_EQ(table.column("support").f64[r], static_cast<double>(pairs[i].count) / n);
    }
  }
}

}  // namespace
}  // namespace encore::plugins::basket
