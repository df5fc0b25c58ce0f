#include "model/history_table.h"

#include <gtest/gtest.h>

#include <vector>

namespace encore::plugins::predictive {
namespace {

CustomerSummary Customer(int32_t x, double t_x, double T) {
  CustomerSummary c;
  c.in_calibration = true;
  c.x = x;
  c.t_x = t_x;
  c.T = T;
  return c;
}

TEST(HistoryTableTest, CollapsesIdenticalHistories) {
  std::vector<CustomerSummary> customers = {Customer(2, 5, 9), Customer(0, 0, 9),
                                            Customer(2, 5, 9), Customer(1, 3, 4),
                                            Customer(0, 0, 4), Customer(0, 0, 9)};
  customers.push_back(CustomerSummary{});  // not in calibration
  const HistoryTable t = BuildHistoryTable(customers);
  EXPECT_EQ(t.customers, 6);
  EXPECT_EQ(t.repeat_customers, 3);
  EXPECT_EQ(t.total_x, 5);
  EXPECT_EQ(t.total_T, 44);
  EXPECT_EQ(t.times, (std::vector<double>{0, 3, 4, 5, 9}));
  EXPECT_EQ(t.group_x, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(t.group_count, (std::vector<double>{3, 1, 2}));
  // Tuples by x, then in order of first appearance.
  ASSERT_EQ(t.tuple_count.size(), 4u);
  EXPECT_EQ(t.tuple_group, (std::vector<uint32_t>{0, 0, 1, 2}));
  EXPECT_EQ(t.tuple_T, (std::vector<uint32_t>{4, 2, 2, 4}));
  EXPECT_EQ(t.tuple_tx, (std::vector<uint32_t>{0, 0, 1, 3}));
  EXPECT_EQ(t.tuple_count, (std::vector<double>{2, 1, 1, 2}));
}

TEST(HistoryTableTest, ManyDistinctTimesUseTheHashedPath) {
  // More than 2,048 distinct times: pass 3 hashes instead of indexing directly.
  std::vector<CustomerSummary> customers;
  for (int i = 0; i < 6000; ++i)
    customers.push_back(Customer(i % 3, (i % 3) * 0.25 * (i % 1000), 0.5 * i + 250));
  for (int i = 0; i < 6000; ++i) customers.push_back(customers[i]);
  const HistoryTable t = BuildHistoryTable(customers);
  EXPECT_GT(t.times.size(), 2048u);
  EXPECT_EQ(t.tuple_count.size(), 6000u);
  for (double count : t.tuple_count) EXPECT_EQ(count, 2);
  // Group x = 1 holds customers 1, 4, 7, ... in order: the first has t_x = 0.25, T = 250.5.
  ASSERT_EQ(t.group_x, (std::vector<int32_t>{0, 1, 2}));
  const size_t first_of_x1 = 2000;
  EXPECT_EQ(t.tuple_group[first_of_x1], 1u);
  EXPECT_EQ(t.times[t.tuple_tx[first_of_x1]], 0.25);
  EXPECT_EQ(t.times[t.tuple_T[first_of_x1]], 250.5);
}

TEST(HistoryTableTest, SystematicSampleOfTuples) {
  const HistoryTable t =
      BuildHistoryTable({Customer(2, 5, 9), Customer(0, 0, 9), Customer(2, 5, 9), Customer(1, 3, 4),
                         Customer(0, 0, 4), Customer(0, 0, 9)});
  // Tuples (x, t_x, T, count): (0,0,9,2) (0,0,4,1) (1,3,4,1) (2,5,9,2); every 2nd: 1st and 3rd.
  const HistoryTable s = SampleTuples(t, 2);
  EXPECT_EQ(s.tuple_count, (std::vector<double>{2, 1}));
  EXPECT_EQ(s.tuple_group, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(s.group_count, (std::vector<double>{2, 1, 0}));
  EXPECT_EQ(s.customers, 3);
  EXPECT_EQ(s.repeat_customers, 1);
  EXPECT_EQ(s.total_x, 1);
  EXPECT_EQ(s.total_T, 22);
  EXPECT_EQ(s.times, t.times);
  EXPECT_EQ(SampleTuples(t, 1).tuple_count, t.tuple_count);
}

TEST(HistoryTableTest, TimePairs) {
  HistoryTable t = BuildHistoryTable({Customer(2, 5, 9), Customer(2, 9, 9), Customer(0, 0, 9)});
  AddTimePairs(&t);
  // Pairs (x=0,t=0), (0,9), (2,5), (2,9).
  EXPECT_EQ(t.pair_group.size(), 4u);
  for (size_t k = 0; k < t.tuple_count.size(); ++k) {
    EXPECT_EQ(t.pair_group[t.tuple_pair_tx[k]], t.tuple_group[k]);
    EXPECT_EQ(t.pair_time[t.tuple_pair_tx[k]], t.tuple_tx[k]);
    EXPECT_EQ(t.pair_time[t.tuple_pair_T[k]], t.tuple_T[k]);
  }
}

TEST(HistoryPairsTest, DistinctXAndT) {
  std::vector<CustomerSummary> customers = {Customer(2, 5, 9), Customer(2, 1, 9), CustomerSummary{},
                                            Customer(0, 0, 9), Customer(2, 0.5, 3)};
  const HistoryPairs p = BuildHistoryPairs(customers);
  EXPECT_EQ(p.x, (std::vector<int32_t>{2, 0, 2}));
  EXPECT_EQ(p.T, (std::vector<double>{9, 9, 3}));
  EXPECT_EQ(p.of_customer, (std::vector<uint32_t>{0, 0, HistoryPairs::kNone, 1, 2}));
}

}  // namespace
}  // namespace encore::plugins::predictive
