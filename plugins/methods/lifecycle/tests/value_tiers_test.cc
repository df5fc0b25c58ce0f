#include "model/value_tiers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace encore::plugins::lifecycle {
namespace {

std::string Tiers(const std::vector<int64_t>& revenue, TierSummary* summary = nullptr,
                  const TierOptions& options = {}) {
  std::vector<ValueTier> tiers(revenue.size());
  const TierSummary s = AssignValueTiers(revenue.data(), revenue.size(), tiers.data(), options);
  if (summary != nullptr) *summary = s;
  std::string out;
  for (ValueTier t : tiers) out += ToString(t);
  return out;
}

TEST(ValueTiersTest, HandExampleWithTieAtTheBorder) {
  // Total positive revenue 1000. From the top: 500, 700, 800 (reaches 80% with a 100), so the
  // other customer with 100 joins A too; 900, 950 (reaches 95% with the 50): B = {50}.
  TierSummary s;
  EXPECT_EQ(Tiers({100, 500, 20, 200, 0, 50, 100, -10, 30}, &s), "AACACBACC");
  EXPECT_EQ(s.customers, 9);
  EXPECT_EQ(s.a_customers, 4);
  EXPECT_EQ(s.b_customers, 1);
  EXPECT_EQ(s.c_customers, 4);
  EXPECT_EQ(s.total_revenue_minor, 1000);
  EXPECT_DOUBLE_EQ(s.pareto_share, 4.0 / 9.0);
  EXPECT_DOUBLE_EQ(s.a_customer_share, 4.0 / 9.0);
  EXPECT_DOUBLE_EQ(s.b_customer_share, 1.0 / 9.0);
  EXPECT_DOUBLE_EQ(s.c_customer_share, 4.0 / 9.0);
  EXPECT_DOUBLE_EQ(s.a_revenue_share, 0.9);
  EXPECT_EQ(s.a_min_revenue_minor, 100);
  EXPECT_EQ(s.b_min_revenue_minor, 50);
}

TEST(ValueTiersTest, ExactlyReachingTheShareClosesTheTier) {
  // 60 + 20 = 80 of 100 exactly: A = {60, 20}. 80 + 10 + 5 = 95: B = {10, 5} and the tied 5.
  TierSummary s;
  EXPECT_EQ(Tiers({5, 60, 10, 20, 5}, &s), "BABAB");
  EXPECT_EQ(s.a_customers, 2);
  EXPECT_EQ(s.b_customers, 3);
  EXPECT_EQ(s.c_customers, 0);
  EXPECT_DOUBLE_EQ(s.pareto_share, 0.4);
}

TEST(ValueTiersTest, ResultDoesNotDependOnInputOrder) {
  EXPECT_EQ(Tiers({1, 2, 3, 4, 90}), "CCBBA");
  EXPECT_EQ(Tiers({90, 4, 3, 2, 1}), "ABBCC");
}

TEST(ValueTiersTest, AllEqualRevenueIsAllA) {
  TierSummary s;
  EXPECT_EQ(Tiers({7, 7, 7, 7}, &s), "AAAA");
  EXPECT_DOUBLE_EQ(s.pareto_share, 1.0);
}

TEST(ValueTiersTest, NoPositiveRevenueIsAllC) {
  TierSummary s;
  EXPECT_EQ(Tiers({0, -5, 0}, &s), "CCC");
  EXPECT_EQ(s.a_customers, 0);
  EXPECT_EQ(s.total_revenue_minor, 0);
  EXPECT_DOUBLE_EQ(s.pareto_share, 0);
  EXPECT_EQ(s.a_min_revenue_minor, 0);
  EXPECT_EQ(Tiers({}, &s), "");
  EXPECT_EQ(s.customers, 0);
}

TEST(ValueTiersTest, SingleCustomerIsA) { EXPECT_EQ(Tiers({123}), "A"); }

TEST(ValueTiersTest, SharesAreConfigurable) {
  TierOptions half;
  half.a_share = 0.5;
  half.b_share = 0.9;
  // 40 + 30 reaches 50 | + 20 reaches 90 | 10.
  EXPECT_EQ(Tiers({10, 20, 30, 40}, nullptr, half), "CBAA");
}

TEST(NetRevenueTest, IncludesReturnsAndStopsAtAsOfDay) {
  const std::vector<Order> orders = {{1, 1000}, {2, -300}, {5, 0}, {9, 500}};
  EXPECT_EQ(NetRevenue(orders.data(), orders.size(), 100), 1200);
  EXPECT_EQ(NetRevenue(orders.data(), orders.size(), 8), 700);
  EXPECT_EQ(NetRevenue(orders.data(), 0, 8), 0);
}

}  // namespace
}  // namespace encore::plugins::lifecycle
