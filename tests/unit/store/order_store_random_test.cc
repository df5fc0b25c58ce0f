// The store against a plain reference implementation on generated data big enough to cross the
// builder's chunk sizes (512 Ki lines, 256 Ki runs per lane) and to use every bulk thread.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "daemon/store/order_store.h"
#include "tests/unit/store/line_batch.h"

namespace encore {
namespace {

using testing::TestBatch;
using testing::TestLine;

struct ReferenceOrder {
  std::string customer, key;
  uint32_t customer_index = 0;  // store order of the customer
  int64_t time = INT64_MAX, amount = 0;
  std::string manager;
  std::vector<const TestLine*> lines;  // in store order
};

// Lines of each lane in store order, grouped by (customer_id, order_id) the plain way.
std::vector<ReferenceOrder> ReferenceOrders(const std::vector<std::vector<TestLine>>& lanes) {
  std::unordered_map<std::string, size_t> by_key;
  std::vector<ReferenceOrder> orders;
  for (const auto& lane : lanes) {
    for (const TestLine& line : lane) {
      const auto [it, added] =
          by_key.try_emplace(line.customer_id + '\n' + line.order_id, orders.size());
      if (added) {
        orders.emplace_back();
        orders.back().customer = line.customer_id;
        orders.back().key = line.order_id;
      }
      ReferenceOrder& order = orders[it->second];
      order.time = std::min(order.time, line.ordered_at);
      order.amount += line.amount_minor;
      if (order.manager.empty()) order.manager = line.manager_id;
      order.lines.push_back(&line);
    }
  }
  return orders;
}

std::string Key(const encore_str& s) { return std::string(s.data, s.size); }

TEST(OrderStoreRandomTest, MatchesAReferenceOnGeneratedLanes) {
  std::mt19937_64 random(20240601);
  constexpr int kLanes = 3;
  std::vector<std::vector<TestLine>> lanes(kLanes);
  // Lane sizes straddle chunk boundaries; lane 2 is small.
  const size_t lane_lines[kLanes] = {560000, 540000, 1000};
  int64_t source_line = 1;
  for (int lane = 0; lane < kLanes; ++lane) {
    auto& lines = lanes[lane];
    while (lines.size() < lane_lines[lane]) {
      const std::string customer = "C" + std::to_string(random() % 40000);
      // Mostly fresh order ids; sometimes an id reused by another customer or an order of this
      // customer continued later (its lines then form several runs), sometimes long ids.
      std::string order = std::to_string(random() % 500000);
      if (random() % 10 == 0) order = "LONG-ORDER-ID-" + order;
      const int64_t time = 1600000000 + static_cast<int64_t>(random() % 50000000);
      const std::string manager = random() % 3 == 0 ? "" : "M" + std::to_string(random() % 30);
      const int line_count = 1 + static_cast<int>(random() % 2);
      for (int i = 0; i < line_count; ++i) {
        const int64_t quantity = (random() % 8 == 0 ? -1000 : 1000) * (1 + random() % 3);
        const std::string product = random() % 20 == 0 ? "" : "P" + std::to_string(random() % 3000);
        lines.push_back({order, customer, time + static_cast<int64_t>(random() % 3), product,
                         quantity, quantity / 10 * static_cast<int64_t>(1 + random() % 50),
                         i == 0 ? "" : manager, source_line++});
      }
    }
  }

  OrderStoreBuilder builder(kLanes);
  for (int lane = kLanes - 1; lane >= 0; --lane) {  // append order must not matter
    for (size_t first = 0; first < lanes[lane].size(); first += 4093) {
      const size_t last = std::min(lanes[lane].size(), first + 4093);
      const TestBatch batch(
          std::vector<TestLine>(lanes[lane].begin() + first, lanes[lane].begin() + last), "EUR");
      ASSERT_TRUE(builder.Append(lane, batch.view()).ok());
    }
  }
  auto built = builder.Finish("EUR");
  ASSERT_TRUE(built.ok()) << built.status().message();
  const OrderStore& store = **built;

  std::vector<ReferenceOrder> reference = ReferenceOrders(lanes);
  // Store order: customers by first appearance in lane order, then (time, order id).
  std::map<std::string, uint32_t> customer_index;
  for (const auto& lane : lanes) {
    for (const TestLine& line : lane)
      customer_index.emplace(line.customer_id, customer_index.size());
  }
  for (ReferenceOrder& order : reference) order.customer_index = customer_index[order.customer];
  std::sort(reference.begin(), reference.end(), [](const auto& a, const auto& b) {
    return std::tie(a.customer_index, a.time, a.key) < std::tie(b.customer_index, b.time, b.key);
  });

  const TimeZone utc = TimeZone::Load("UTC").value();
  const auto view = store.View(INT64_MAX / 2, utc);
  const encore_dataset_v1& d = *view->get();
  size_t total_lines = 0;
  for (const auto& lane : lanes) total_lines += lane.size();
  ASSERT_EQ(d.line_count, total_lines);
  ASSERT_EQ(d.customer_count, customer_index.size());
  ASSERT_EQ(d.order_count, reference.size());
  for (const auto& [customer, index] : customer_index) {
    ASSERT_EQ(Key(d.customer_key[index]), customer);
    ASSERT_EQ(store.FindCustomer(customer), index);
  }
  size_t line = 0;
  for (size_t o = 0; o < reference.size(); ++o) {
    const ReferenceOrder& want = reference[o];
    const uint32_t customer = customer_index[want.customer];
    ASSERT_EQ(d.order_customer[o], customer) << o;
    ASSERT_EQ(Key(d.order_key[o]), want.key) << o;
    ASSERT_EQ(d.order_time[o], want.time) << o;
    ASSERT_EQ(d.order_amount_minor[o], want.amount) << o;
    ASSERT_EQ(d.order_manager[o] == UINT32_MAX ? "" : Key(d.manager_key[d.order_manager[o]]),
              want.manager)
        << o;
    ASSERT_EQ(d.order_line_begin[o], line) << o;
    for (const TestLine* l : want.lines) {
      ASSERT_EQ(d.line_time[line], l->ordered_at);
      ASSERT_EQ(d.line_quantity_milli[line], l->quantity_milli);
      ASSERT_EQ(d.line_amount_minor[line], l->amount_minor);
      ASSERT_EQ(d.line_product[line] == UINT32_MAX ? "" : Key(d.product_key[d.line_product[line]]),
                l->product_id);
      ++line;
    }
  }
  ASSERT_EQ(d.order_line_begin[reference.size()], line);
  for (uint32_t c = 0; c < d.customer_count; ++c) {
    const uint32_t begin = d.customer_order_begin[c];
    const uint32_t end = d.customer_order_end[c];
    ASSERT_LT(begin, end);
    ASSERT_TRUE(c + 1 == d.customer_count || d.customer_order_begin[c + 1] == end);
    ASSERT_EQ(d.order_customer[begin], c);
    ASSERT_EQ(d.order_customer[end - 1], c);
  }
  int64_t first_time = INT64_MAX, last_time = INT64_MIN;
  for (const auto& order : reference) {
    first_time = std::min(first_time, order.time);
    last_time = std::max(last_time, order.time);
  }
  EXPECT_EQ(store.first_order_time(), first_time);
  EXPECT_EQ(store.last_order_time(), last_time);
}

}  // namespace
}  // namespace encore
