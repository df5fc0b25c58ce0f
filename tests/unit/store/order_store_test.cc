#include "daemon/store/order_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/store/line_batch.h"

namespace encore {
namespace {

using testing::TestBatch;
using testing::TestLine;
constexpr uint32_t kNone = UINT32_MAX;

std::string Key(const encore_str& s) { return std::string(s.data, s.size); }

template <class T>
std::vector<T> Vec(const T* data, size_t n) {
  return std::vector<T>(data, data + n);
}

std::vector<std::string> Keys(const encore_str* keys, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(Key(keys[i]));
  return out;
}

TimeZone Utc() { return TimeZone::Load("UTC").value(); }

std::unique_ptr<OrderStore> Build(const std::vector<std::vector<TestLine>>& lanes) {
  OrderStoreBuilder builder(static_cast<int>(lanes.size()));
  for (size_t lane = 0; lane < lanes.size(); ++lane) {
    if (lanes[lane].empty()) continue;
    const TestBatch batch(lanes[lane]);
    const Status status = builder.Append(static_cast<int>(lane), batch.view());
    EXPECT_TRUE(status.ok()) << status.message();
  }
  auto store = builder.Finish("USD");
  EXPECT_TRUE(store.ok()) << store.status().message();
  return std::move(store).value();
}

// Lanes of a hand-checked example: an order split into two runs (line 6 comes back to o1), the
// same order_id for two customers, an order continued on another lane, a return inside an order
// and a return booked as its own order.
std::vector<std::vector<TestLine>> Example() {
  return {{{"o1", "A", 100, "P1", 2000, 500, "", 2},
           {"o1", "A", 100, "P2", 1000, 300, "M1", 3},
           {"o2", "B", 200, "P1", 1000, 250, "M2", 4},
           {"o2", "A", 150, "P3", -1000, -100, "", 5},
           {"o1", "A", 90, "P2", -1000, -300, "M3", 6}},
          {{"C9", "A", 300, "P1", -2000, -500, "", 7},
           {"o3", "C", 50, "", 1000, 999, "M2", 8},
           {"o2", "B", 210, "P4", 3000, 600, "", 9}}};
}

TEST(OrderStoreTest, GroupsLinesIntoOrdersAndNetsReturns) {
  const auto store = Build(Example());
  ASSERT_EQ(store->line_count(), 8u);
  EXPECT_EQ(store->order_count(), 5u);
  EXPECT_EQ(store->customer_count(), 3u);
  EXPECT_EQ(store->product_count(), 4u);
  EXPECT_EQ(store->manager_count(), 3u);
  EXPECT_EQ(store->currency(), "USD");
  EXPECT_EQ(store->first_order_time(), 50);
  EXPECT_EQ(store->last_order_time(), 300);

  const TimeZone utc = Utc();
  const auto view = store->View(300, utc);
  const encore_dataset_v1& d = *view->get();
  EXPECT_EQ(d.struct_size, sizeof(encore_dataset_v1));
  EXPECT_EQ(Keys(d.customer_key, d.customer_count), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(Keys(d.product_key, d.product_count),
            (std::vector<std::string>{"P1", "P2", "P3", "P4"}));
  EXPECT_EQ(Keys(d.manager_key, d.manager_count), (std::vector<std::string>{"M1", "M2", "M3"}));

  EXPECT_EQ(Vec(d.customer_order_begin, 3), (std::vector<uint32_t>{0, 3, 4}));
  EXPECT_EQ(Vec(d.customer_order_end, 3), (std::vector<uint32_t>{3, 4, 5}));
  EXPECT_EQ(Keys(d.order_key, 5), (std::vector<std::string>{"o1", "o2", "C9", "o2", "o3"}));
  EXPECT_EQ(Vec(d.order_customer, 5), (std::vector<uint32_t>{0, 0, 0, 1, 2}));
  EXPECT_EQ(Vec(d.order_time, 5), (std::vector<int64_t>{90, 150, 300, 200, 50}));
  EXPECT_EQ(Vec(d.order_amount_minor, 5), (std::vector<int64_t>{500, -100, -500, 850, 999}));
  EXPECT_EQ(Vec(d.order_manager, 5), (std::vector<uint32_t>{0, kNone, kNone, 1, 1}));
  EXPECT_EQ(Vec(d.order_line_begin, 6), (std::vector<uint32_t>{0, 3, 4, 5, 7, 8}));

  ASSERT_EQ(d.line_count, 8u);
  EXPECT_EQ(Vec(d.line_product, 8), (std::vector<uint32_t>{0, 1, 1, 2, 0, 0, 3, kNone}));
  EXPECT_EQ(Vec(d.line_quantity_milli, 8),
            (std::vector<int64_t>{2000, 1000, -1000, -1000, -2000, 1000, 3000, 1000}));
  EXPECT_EQ(Vec(d.line_amount_minor, 8),
            (std::vector<int64_t>{500, 300, -300, -100, -500, 250, 600, 999}));
  EXPECT_EQ(Vec(d.line_time, 8), (std::vector<int64_t>{100, 100, 90, 150, 300, 200, 210, 50}));
}

TEST(OrderStoreTest, FindCustomerByItsSourceId) {
  const auto store = Build(Example());
  EXPECT_EQ(store->FindCustomer("A"), 0u);
  EXPECT_EQ(store->FindCustomer("B"), 1u);
  EXPECT_EQ(store->FindCustomer("C"), 2u);
  EXPECT_EQ(store->FindCustomer("D"), kNone);
  EXPECT_EQ(store->FindCustomer(""), kNone);
}

TEST(OrderStoreTest, AsOfHidesLaterOrders) {
  const auto store = Build(Example());
  const TimeZone utc = Utc();

  const auto at_150 = store->View(150, utc);  // inclusive: A's order at 150 is visible
  EXPECT_EQ(Vec(at_150->get()->customer_order_end, 3), (std::vector<uint32_t>{2, 3, 5}));
  EXPECT_EQ(at_150->visible_customer_count(), 2u);
  EXPECT_TRUE(at_150->visible(0));
  EXPECT_FALSE(at_150->visible(1));  // B's only order is at 200
  EXPECT_TRUE(at_150->visible(2));
  EXPECT_EQ(at_150->get()->as_of, 150);

  const auto at_49 = store->View(49, utc);
  EXPECT_EQ(Vec(at_49->get()->customer_order_end, 3), (std::vector<uint32_t>{0, 3, 4}));
  EXPECT_EQ(at_49->visible_customer_count(), 0u);

  const auto later = store->View(1000, utc);
  EXPECT_EQ(Vec(later->get()->customer_order_end, 3), (std::vector<uint32_t>{3, 4, 5}));
  EXPECT_EQ(later->visible_customer_count(), 3u);

  // Views are independent: the first one still shows its own as_of.
  EXPECT_EQ(Vec(at_150->get()->customer_order_end, 3), (std::vector<uint32_t>{2, 3, 5}));
}

TEST(OrderStoreTest, LaneOrderDecidesIdsAndLineOrderWhateverTheAppendOrder) {
  OrderStoreBuilder builder(2);
  const TestBatch lane1(
      {{"a", "X", 1, "P9", 1000, 10, "", 1}, {"m", "Z", 5, "P1", 1000, 20, "", 2}});
  const TestBatch lane0(
      {{"b", "Y", 2, "P1", 1000, 30, "", 1}, {"m", "Z", 6, "P2", 1000, 40, "", 2}});
  ASSERT_TRUE(builder.Append(1, lane1.view()).ok());  // lane 1 first in time
  ASSERT_TRUE(builder.Append(0, lane0.view()).ok());
  EXPECT_EQ(builder.line_count(), 4);
  auto store = builder.Finish("USD");
  ASSERT_TRUE(store.ok()) << store.status().message();
  const TimeZone utc = Utc();
  const auto view = (*store)->View(10, utc);
  const encore_dataset_v1& d = *view->get();
  EXPECT_EQ(Keys(d.customer_key, 3), (std::vector<std::string>{"Y", "Z", "X"}));
  EXPECT_EQ(Keys(d.product_key, 3), (std::vector<std::string>{"P1", "P2", "P9"}));
  EXPECT_EQ(Keys(d.order_key, 3), (std::vector<std::string>{"b", "m", "a"}));
  EXPECT_EQ(Vec(d.order_time, 3), (std::vector<int64_t>{2, 5, 1}));
  EXPECT_EQ(Vec(d.order_amount_minor, 3), (std::vector<int64_t>{30, 60, 10}));
  // Order "m": lane 0's line comes before lane 1's.
  EXPECT_EQ(Vec(d.line_amount_minor, 4), (std::vector<int64_t>{30, 40, 20, 10}));
  EXPECT_EQ(Vec(d.line_product, 4), (std::vector<uint32_t>{0, 1, 0, 2}));
}

TEST(OrderStoreTest, OrdersOfOneCustomerSortByTimeThenOrderId) {
  // Same time for every order; long ids share their first 8 bytes; ORDER-00000001 comes in two
  // runs and is merged.
  const auto store = Build({{{"b", "A", 7, "", 1000, 1, "", 1},
                             {"ORDER-00000002", "A", 7, "", 1000, 2, "", 2},
                             {"ORDER-00000001", "A", 7, "", 1000, 3, "", 3},
                             {"a", "A", 7, "", 1000, 4, "", 4},
                             {"ORDER-00000001", "A", 7, "", 1000, 5, "M", 5},
                             {"ORDER-0000000", "A", 7, "", 1000, 6, "", 6}}});
  const TimeZone utc = Utc();
  const auto view = store->View(7, utc);
  const encore_dataset_v1& d = *view->get();
  ASSERT_EQ(d.order_count, 5u);
  EXPECT_EQ(Keys(d.order_key, 5), (std::vector<std::string>{"ORDER-0000000", "ORDER-00000001",
                                                            "ORDER-00000002", "a", "b"}));
  EXPECT_EQ(Vec(d.order_amount_minor, 5), (std::vector<int64_t>{6, 8, 2, 4, 1}));
  EXPECT_EQ(Vec(d.order_manager, 5), (std::vector<uint32_t>{kNone, 0, kNone, kNone, kNone}));
  EXPECT_EQ(Vec(d.order_line_begin, 6), (std::vector<uint32_t>{0, 1, 3, 4, 5, 6}));
  EXPECT_EQ(Vec(d.line_amount_minor, 6), (std::vector<int64_t>{6, 3, 5, 2, 4, 1}));
}

TEST(OrderStoreTest, ManagerIsTheFirstNonEmptyAmongTheOrdersLines) {
  const auto store = Build({{{"o", "A", 1, "", 1000, 1, "", 1},
                             {"o", "A", 1, "", 1000, 1, "M2", 2},
                             {"o", "A", 1, "", 1000, 1, "M1", 3},
                             {"p", "A", 2, "", 1000, 1, "M1", 4},
                             {"p", "A", 2, "", 1000, 1, "M2", 5}}});
  const TimeZone utc = Utc();
  const auto view = store->View(2, utc);
  EXPECT_EQ(Keys(view->get()->manager_key, 2), (std::vector<std::string>{"M2", "M1"}));
  EXPECT_EQ(Vec(view->get()->order_manager, 2), (std::vector<uint32_t>{0, 1}));
}

TEST(OrderStoreTest, BatchesSpreadOverManyAppendsMakeTheSameStore) {
  // The example again, one line per Append: runs continue across batches.
  OrderStoreBuilder builder(2);
  const auto lanes = Example();
  for (int lane = 0; lane < 2; ++lane) {
    for (const TestLine& line : lanes[lane]) {
      const TestBatch batch({line});
      ASSERT_TRUE(builder.Append(lane, batch.view()).ok());
    }
  }
  auto store = builder.Finish("USD");
  ASSERT_TRUE(store.ok());
  const TimeZone utc = Utc();
  const auto view = (*store)->View(300, utc);
  const encore_dataset_v1& d = *view->get();
  EXPECT_EQ(Keys(d.order_key, 5), (std::vector<std::string>{"o1", "o2", "C9", "o2", "o3"}));
  EXPECT_EQ(Vec(d.order_amount_minor, 5), (std::vector<int64_t>{500, -100, -500, 850, 999}));
  EXPECT_EQ(Vec(d.order_line_begin, 6), (std::vector<uint32_t>{0, 3, 4, 5, 7, 8}));
  EXPECT_EQ(Vec(d.line_time, 8), (std::vector<int64_t>{100, 100, 90, 150, 300, 200, 210, 50}));
}

TEST(OrderStoreTest, RefusesInvalidBatchesAsAWhole) {
  OrderStoreBuilder builder(2);
  const TestBatch good({{"o1", "A", 1, "P", 1000, 5, "", 17}});

  encore_line_batch_v1 small = good.view();
  small.struct_size = offsetof(encore_line_batch_v1, currency);
  Status status = builder.Append(0, small);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "line batch struct_size " + std::to_string(small.struct_size) +
                                  " is below the smallest known layout (" +
                                  std::to_string(offsetof(encore_line_batch_v1, source_line)) +
                                  " bytes)");

  encore_line_batch_v1 no_orders = good.view();
  no_orders.order_id = nullptr;
  EXPECT_EQ(builder.Append(0, no_orders).message(), "line batch without order_id");
  encore_line_batch_v1 no_amount = good.view();
  no_amount.amount_minor = nullptr;
  EXPECT_EQ(builder.Append(0, no_amount).message(), "line batch without amount_minor");

  const TestBatch empty_customer(
      {{"o1", "A", 1, "", 1000, 5, "", 16}, {"o2", "", 1, "", 1000, 5, "", 17}});
  status = builder.Append(1, empty_customer.view());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "line 17: empty customer_id");

  const TestBatch empty_order(
      {{"o1", "A", 1, "", 1000, 5, "", 16}, {"", "B", 1, "", 1000, 5, "", 0}});
  encore_line_batch_v1 no_source_line = empty_order.view();
  no_source_line.source_line = nullptr;
  EXPECT_EQ(builder.Append(0, no_source_line).message(), "row 2 of the batch: empty order_id");

  // A batch of the oldest layout (no source_line field) names rows, not lines.
  encore_line_batch_v1 oldest = empty_order.view();
  oldest.struct_size = offsetof(encore_line_batch_v1, source_line);
  EXPECT_EQ(builder.Append(0, oldest).message(), "row 2 of the batch: empty order_id");

  EXPECT_EQ(builder.Append(2, good.view()).message(), "lane 2 is out of range 0..1");
  EXPECT_EQ(builder.Append(-1, good.view()).code(), StatusCode::kInvalidArgument);

  EXPECT_EQ(builder.line_count(), 0);  // nothing of a refused batch was kept
  encore_line_batch_v1 oldest_good = good.view();
  oldest_good.struct_size = offsetof(encore_line_batch_v1, source_line);
  EXPECT_TRUE(builder.Append(0, oldest_good).ok());
  EXPECT_EQ(builder.line_count(), 1);
  auto store = builder.Finish("USD");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->line_count(), 1u);
  EXPECT_EQ((*store)->order_count(), 1u);
}

TEST(OrderStoreTest, ValuesBeyond32BitsAndHugeIdsSurvive) {
  // Lanes keep values in 32 bits with exceptions on the side; the store must give back exactly
  // what was emitted. Times far from the lane's first one, a run whose later line is earlier
  // (its earlier lines keep their own time), huge quantities and amounts, a 2 MiB order id.
  const int64_t year_2200 = 7258118400;
  const std::string huge_id(2 << 20, 'x');
  const auto store = Build({{{"o1", "A", 1000, "P", 1000, 1, "", 1},
                             {"o2", "A", year_2200, "P", 5000000000000, 3000000000000, "", 2},
                             {"o2", "A", year_2200 + 5, "P", -5000000000000, -7, "", 3},
                             {"o3", "B", 500, "P", 1000, 1, "", 4},
                             {"o3", "B", 700, "P", 1000, 1, "", 5},
                             {"o3", "B", -year_2200, "P", 1000, 1, "", 6},
                             {huge_id, "B", 800, "P", 1000, 1, "", 7}}});
  const TimeZone utc = Utc();
  const auto view = store->View(year_2200 + 10, utc);
  const encore_dataset_v1& d = *view->get();
  ASSERT_EQ(d.order_count, 4u);
  EXPECT_EQ(Vec(d.order_time, 4), (std::vector<int64_t>{1000, year_2200, -year_2200, 800}));
  EXPECT_EQ(Vec(d.order_amount_minor, 4), (std::vector<int64_t>{1, 3000000000000 - 7, 3, 1}));
  EXPECT_EQ(Vec(d.line_time, 7),
            (std::vector<int64_t>{1000, year_2200, year_2200 + 5, 500, 700, -year_2200, 800}));
  EXPECT_EQ(Vec(d.line_quantity_milli, 7),
            (std::vector<int64_t>{1000, 5000000000000, -5000000000000, 1000, 1000, 1000, 1000}));
  EXPECT_EQ(Vec(d.line_amount_minor, 3), (std::vector<int64_t>{1, 3000000000000, -7}));
  EXPECT_EQ(Key(d.order_key[3]), huge_id);
}

TEST(OrderStoreTest, OptionalColumnsMayBeMissing) {
  const TestBatch lines(
      {{"o1", "A", 1, "P", 1000, 5, "M", 1}, {"o1", "A", 1, "Q", 1000, 6, "N", 2}});
  encore_line_batch_v1 batch = lines.view();
  batch.product_id = nullptr;
  batch.manager_id = nullptr;
  OrderStoreBuilder builder(1);
  ASSERT_TRUE(builder.Append(0, batch).ok());
  auto store = builder.Finish("USD");
  ASSERT_TRUE(store.ok());
  const TimeZone utc = Utc();
  const auto view = (*store)->View(1, utc);
  EXPECT_EQ(view->get()->product_count, 0u);
  EXPECT_EQ(view->get()->manager_count, 0u);
  EXPECT_EQ(Vec(view->get()->line_product, 2), (std::vector<uint32_t>{kNone, kNone}));
  EXPECT_EQ(view->get()->order_manager[0], kNone);
  EXPECT_EQ(view->get()->order_amount_minor[0], 11);
}

TEST(OrderStoreTest, OneCurrencyPerPipeline) {
  {
    OrderStoreBuilder builder(1);
    const TestBatch usd({{"o1", "A", 1, "", 1000, 5, "", 1}}, "USD");
    const TestBatch unset({{"o2", "A", 1, "", 1000, 5, "", 1}}, "");
    ASSERT_TRUE(builder.Append(0, usd.view()).ok());
    ASSERT_TRUE(builder.Append(0, unset.view()).ok());
    auto store = builder.Finish("USD");
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->currency(), "USD");
  }
  {
    OrderStoreBuilder builder(2);
    const TestBatch eur({{"o1", "A", 1, "", 1000, 5, "", 1}}, "EUR");
    ASSERT_TRUE(builder.Append(1, eur.view()).ok());
    auto store = builder.Finish("USD");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store.status().message(),
              "order lines in currency 'EUR' but the pipeline's currency is 'USD' (a pipeline "
              "has one currency)");
  }
}

TEST(OrderStoreTest, EmptyStore) {
  OrderStoreBuilder builder(2);
  auto store = builder.Finish("GBP");
  ASSERT_TRUE(store.ok());
  const OrderStore& s = **store;
  EXPECT_EQ(s.line_count(), 0u);
  EXPECT_EQ(s.order_count(), 0u);
  EXPECT_EQ(s.customer_count(), 0u);
  EXPECT_EQ(s.product_count(), 0u);
  EXPECT_EQ(s.manager_count(), 0u);
  EXPECT_EQ(s.first_order_time(), 0);
  EXPECT_EQ(s.last_order_time(), 0);
  EXPECT_EQ(s.FindCustomer("A"), kNone);
  const TimeZone utc = Utc();
  const auto view = s.View(1000, utc);
  const encore_dataset_v1& d = *view->get();
  EXPECT_EQ(d.customer_count, 0u);
  EXPECT_EQ(d.order_count, 0u);
  EXPECT_EQ(d.line_count, 0u);
  ASSERT_NE(d.order_line_begin, nullptr);
  EXPECT_EQ(d.order_line_begin[0], 0u);
  EXPECT_EQ(Key(d.currency), "GBP");
  EXPECT_EQ(view->visible_customer_count(), 0u);
  EXPECT_EQ(d.local_day(&d, 86400), 1);
}

TEST(OrderStoreTest, FinishTwiceIsAnError) {
  OrderStoreBuilder builder(1);
  ASSERT_TRUE(builder.Finish("USD").ok());
  EXPECT_EQ(builder.Finish("USD").status().code(), StatusCode::kFailedPrecondition);
  const TestBatch lines({{"o1", "A", 1, "", 1000, 5, "", 1}});
  EXPECT_EQ(builder.Append(0, lines.view()).code(), StatusCode::kFailedPrecondition);
}

TEST(OrderStoreTest, ViewCarriesTheZone) {
  const auto store = Build(Example());
  const TimeZone london = TimeZone::Load("Europe/London").value();
  // 2023-07-01T23:30:00Z is 00:30 on 2 July in London (BST, +1h).
  const int64_t summer_night = 1688254200;
  const auto view = store->View(summer_night, london);
  const encore_dataset_v1& d = *view->get();
  EXPECT_EQ(Key(d.time_zone), "Europe/London");
  EXPECT_EQ(d.utc_offset_as_of, 3600);
  EXPECT_EQ(d.local_day(&d, summer_night), 19540);  // 2023-07-02
  EXPECT_EQ(TimeZone::FormatDay(d.local_day(&d, summer_night)), "2023-07-02");
  EXPECT_EQ(d.local_day(&d, 50), 0);  // an order time: 1970-01-01 in London too (GMT+1 in 1970)
}

}  // namespace
}  // namespace encore
