// The dataset the rfm tests are built on: DatasetBuilder must group and net lines the way the
// daemon's store does (daemon/store/order_store.h), or every expected value above it is wrong.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>

#include <string>
#include <vector>

#include "plugins/methods/rfm/tests/docs_example.h"

namespace encore::plugins::rfm {
namespace {

using sdk::testing::DatasetBuilder;
using sdk::testing::ParseUtc;

std::string Key(encore_str s) { return std::string(s.data, s.size); }

TEST(DatasetBuilderTest, GroupsLinesIntoNettedOrdersSortedByTime) {
  const auto data = DatasetBuilder().add(DocsExampleLines()).as_of(kDocsExampleAsOf).Build();
  const encore_dataset_v1& d = **data;
  EXPECT_EQ(d.as_of, ParseUtc("2024-03-31T23:59:59"));
  EXPECT_EQ(d.customer_count, 7u);
  EXPECT_EQ(d.order_count, 13u);
  EXPECT_EQ(d.line_count, 15u);

  const uint32_t alice = data->customer("alice");
  ASSERT_EQ(d.customer_order_end[alice] - d.customer_order_begin[alice], 3u);
  const uint32_t a2 = d.customer_order_begin[alice] + 1;
  EXPECT_EQ(Key(d.order_key[a2]), "A2");
  EXPECT_EQ(d.order_amount_minor[a2], 2500);  // 50.00 bought, 25.00 returned in the same order
  EXPECT_EQ(d.order_time[a2], ParseUtc("2024-03-20T10:00:00"));  // the earliest line
  EXPECT_EQ(d.order_line_begin[a2 + 1] - d.order_line_begin[a2], 2u);

  const uint32_t bob = data->customer("bob");
  std::vector<std::string> bob_orders;
  std::vector<int64_t> bob_values;
  for (uint32_t o = d.customer_order_begin[bob]; o < d.customer_order_end[bob]; ++o) {
    bob_orders.push_back(Key(d.order_key[o]));
    bob_values.push_back(d.order_amount_minor[o]);
  }
  EXPECT_EQ(bob_orders, (std::vector<std::string>{"B1", "CN-B1", "B2"}));
  EXPECT_EQ(bob_values, (std::vector<int64_t>{20000, -20000, 6000}));
}

TEST(DatasetBuilderTest, HidesOrdersAfterAsOf) {
  const auto data = DatasetBuilder().add(DocsExampleLines()).as_of(kDocsExampleAsOf).Build();
  const encore_dataset_v1& d = **data;
  const uint32_t erin = data->customer("erin");
  EXPECT_EQ(d.customer_order_end[erin] - d.customer_order_begin[erin], 1u);
  const uint32_t gina = data->customer("gina");
  EXPECT_FALSE(data->visible(gina));
  EXPECT_EQ(d.customer_order_begin[gina], d.customer_order_end[gina]);
}

TEST(DatasetBuilderTest, LocalDayIsTheUtcDate) {
  const auto data = DatasetBuilder().add(DocsExampleLines()).Build();
  const encore_dataset_v1& d = **data;
  EXPECT_EQ(d.local_day(&d, ParseUtc("2024-03-31T23:59:59")), 19813);
  EXPECT_EQ(d.local_day(&d, ParseUtc("2024-04-01")), 19814);
  EXPECT_EQ(d.local_day(&d, -1), -1);
}

TEST(DatasetBuilderTest, AsOfDefaultsToTheTimeOfTheLatestOrder) {
  // X's return line is the latest line, but X's time is its first line: Y is the latest order.
  const auto data = DatasetBuilder()
                        .add({"X", "a", "2024-01-01T10:00:00", "P1", 1000, 500, ""})
                        .add({"X", "a", "2024-01-05T10:00:00", "P1", -1000, -500, ""})
                        .add({"Y", "b", "2024-01-03T10:00:00", "P1", 1000, 700, ""})
                        .Build();
  EXPECT_EQ((**data).as_of, ParseUtc("2024-01-03T10:00:00"));
}

}  // namespace
}  // namespace encore::plugins::rfm
