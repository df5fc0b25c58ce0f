#include "model/purchase_history.h"

#include <gtest/gtest.h>

#include <vector>

namespace encore::plugins::lifecycle {
namespace {

std::vector<Purchase> Collect(const std::vector<Order>& orders, int32_t as_of_day) {
  std::vector<Purchase> out(orders.size());
  out.resize(CollectPurchases(orders.data(), orders.size(), as_of_day, out.data()));
  return out;
}

TEST(CollectPurchasesTest, KeepsPositiveOrdersInDayOrder) {
  const auto p = Collect({{10, 500}, {20, 700}, {35, 100}}, 100);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].day, 10);
  EXPECT_EQ(p[0].amount_minor, 500);
  EXPECT_EQ(p[1].day, 20);
  EXPECT_EQ(p[1].amount_minor, 700);
  EXPECT_EQ(p[2].day, 35);
  EXPECT_EQ(p[2].amount_minor, 100);
}

TEST(CollectPurchasesTest, DropsCreditNotesAndZeroValueOrders) {
  const auto p = Collect({{10, 500}, {12, -500}, {15, 0}, {20, 300}}, 100);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].day, 10);
  EXPECT_EQ(p[1].day, 20);
  EXPECT_EQ(p[1].amount_minor, 300);
}

TEST(CollectPurchasesTest, MergesSameDayPurchasesSummingValues) {
  const auto p = Collect({{10, 500}, {10, 250}, {10, -100}, {11, 40}}, 100);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].day, 10);
  EXPECT_EQ(p[0].amount_minor, 750);  // the credit note of the same day is not a purchase
  EXPECT_EQ(p[1].day, 11);
  EXPECT_EQ(p[1].amount_minor, 40);
}

TEST(CollectPurchasesTest, AllOnOneDayIsOnePurchase) {
  const auto p = Collect({{7, 100}, {7, 200}, {7, 300}}, 7);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].day, 7);
  EXPECT_EQ(p[0].amount_minor, 600);
}

TEST(CollectPurchasesTest, IgnoresOrdersAfterAsOfDay) {
  const auto p = Collect({{10, 500}, {20, 700}, {21, 900}}, 20);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].day, 20);
}

TEST(CollectPurchasesTest, EmptyAndReturnsOnlyGiveNoPurchase) {
  EXPECT_TRUE(Collect({}, 100).empty());
  EXPECT_TRUE(Collect({{10, -500}, {20, 0}}, 100).empty());
}

TEST(CollectPurchasesTest, SameDayAfterNonPositiveOrderStartsNewPurchase) {
  const auto p = Collect({{5, -10}, {5, 30}, {5, 20}}, 100);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].amount_minor, 50);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
