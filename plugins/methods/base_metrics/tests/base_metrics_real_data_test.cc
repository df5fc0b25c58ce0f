// The plugin on real data: the UCI Online Retail history in the canonical layout
// (shared/data/online_retail_orders.csv.gz, 541,909 lines, returns and C-prefixed credit
// notes included). Customers, second-order conversion and the Pareto share are computed a
// second time here by a plain loop over the file, without the plugin's code, and must agree.
#include <gtest/gtest.h>
#include <zlib.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace encore::plugins::base_metrics {
namespace {

using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;

std::vector<std::string_view> SplitCommas(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      fields.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

// "2.55" -> 2550 thousandths (the file has at most three decimals; no field is quoted).
int64_t Thousandths(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  int64_t whole = 0, fraction = 0;
  int digits = 0;
  bool after_point = false;
  for (char ch : text) {
    if (ch == '.') {
      after_point = true;
    } else if (after_point) {
      fraction = fraction * 10 + (ch - '0'), ++digits;
    } else {
      whole = whole * 10 + (ch - '0');
    }
  }
  for (; digits < 3; ++digits) fraction *= 10;
  const int64_t value = whole * 1000 + fraction;
  return negative ? -value : value;
}

// Line value in cents: quantity x unit price, rounded half away from zero from tenths of a cent.
int64_t AmountMinor(int64_t quantity, int64_t price_thousandths) {
  const int64_t tenths = quantity * price_thousandths;
  return tenths >= 0 ? (tenths + 5) / 10 : -((-tenths + 5) / 10);
}

// The order lines that have a customer id; the 135,080 lines without one are skipped.
std::vector<OrderLine> ReadOnlineRetail() {
  gzFile file = gzopen(ENCORE_ONLINE_RETAIL_ORDERS, "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " ENCORE_ONLINE_RETAIL_ORDERS);
  std::vector<OrderLine> lines;
  lines.reserve(410000);
  char buffer[4096];
  bool header = true;
  while (gzgets(file, buffer, sizeof(buffer)) != nullptr) {
    std::string_view text(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string_view> f = SplitCommas(text);
    if (f.size() != 7) throw std::runtime_error("not 7 fields: " + std::string(text));
    if (f[1].empty()) continue;
    const int64_t quantity = std::strtoll(std::string(f[4]).c_str(), nullptr, 10);
    lines.push_back(OrderLine{std::string(f[0]), std::string(f[1]), std::string(f[2]),
                              std::string(f[3]), quantity * 1000,
                              AmountMinor(quantity, Thousandths(f[5])), std::string(f[6])});
  }
  gzclose(file);
  return lines;
}

// The three figures recomputed by the plain definition (docs/metrics.md, "Base metrics"):
// as_of is the latest order, so every order is visible; an order is (customer, order_id) with
// the sum of its line values; positive when that sum is above 0.
struct Expected {
  int64_t customers = 0, buyers = 0, repeaters = 0, pareto_customers = 0;
};

Expected Recompute(const std::vector<OrderLine>& lines) {
  std::map<std::string, std::map<std::string, int64_t>> orders;  // customer -> order -> value
  for (const OrderLine& line : lines) orders[line.customer_id][line.order_id] += line.amount_minor;
  Expected e;
  std::vector<int64_t> revenues;
  int64_t total = 0;
  for (const auto& [customer, values] : orders) {
    ++e.customers;
    int64_t positive = 0, net = 0;
    for (const auto& [order, value] : values) {
      net += value;
      if (value > 0) ++positive;
    }
    if (positive >= 1) ++e.buyers;
    if (positive >= 2) ++e.repeaters;
    if (net > 0) revenues.push_back(net), total += net;
  }
  std::sort(revenues.rbegin(), revenues.rend());
  int64_t running = 0;
  for (int64_t r : revenues) {
    running += r;
    ++e.pareto_customers;
    if (running * 10 >= total * 8) break;
  }
  return e;
}

TEST(BaseMetricsRealData, OnlineRetailAgreesWithAPlainRecount) {
  const std::vector<OrderLine> lines = ReadOnlineRetail();
  ASSERT_EQ(lines.size(), 406829u);  // 541,909 lines less the 135,080 without a customer id
  const Expected expected = Recompute(lines);
  // The data README gives 4,372 customers with an id; the other figures are this recount's,
  // written down so that a change in the recount itself is noticed too.
  ASSERT_EQ(expected.customers, 4372);
  EXPECT_EQ(expected.buyers, 4338);
  EXPECT_EQ(expected.repeaters, 2845);
  EXPECT_EQ(expected.pareto_customers, 1178);

  LoadedPlugin plugin(ENCORE_BASE_METRICS_PLUGIN);
  auto instance = plugin.Create(nlohmann::json::object());
  auto data = DatasetBuilder().add(lines).currency("GBP").Build();
  MethodHarness harness(data->get());
  const MethodRun run = harness.Run(*instance);
  ASSERT_TRUE(run.ok()) << run.message;

  EXPECT_EQ(run.metric("base_metrics.customers"), expected.customers);
  EXPECT_EQ(run.metric("base_metrics.buyers"), expected.buyers);
  EXPECT_EQ(run.metric("base_metrics.repeat_customers"), expected.repeaters);
  EXPECT_DOUBLE_EQ(run.metric("base_metrics.second_order_conversion"),
                   static_cast<double>(expected.repeaters) / expected.buyers);
  EXPECT_EQ(run.metric("base_metrics.pareto_customers"), expected.pareto_customers);
  EXPECT_DOUBLE_EQ(run.metric("base_metrics.pareto_share"),
                   static_cast<double>(expected.pareto_customers) / expected.customers);

  // Every customer is in exactly one bucket of the distribution, and every buyer in one cohort.
  int64_t bucketed = 0;
  for (const auto& [orders, count] : run.json_metric("base_metrics.customers_by_orders").items()) {
    bucketed += count.get<int64_t>();
  }
  EXPECT_EQ(bucketed, expected.customers);
  int64_t acquired = 0;
  for (const auto& [month, cohort] :
       run.json_metric("base_metrics.second_order_conversion_by_cohort").items()) {
    acquired += cohort["customers"].get<int64_t>();
  }
  EXPECT_EQ(acquired, expected.buyers);
}

}  // namespace
}  // namespace encore::plugins::base_metrics
