// PreviousScores realigns the previous run's rows to this dataset's customers, whether the rows
// come in the dataset's own order (a backtest's earlier date) or in any other (a stored run,
// sorted by id).
#include "daemon/pipeline/previous_scores.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace encore::pipeline {
namespace {

// A dataset that only names its customers: all PreviousScores reads.
struct Customers {
  explicit Customers(std::vector<std::string> ids) : ids_(std::move(ids)) {
    for (const std::string& id : ids_) keys_.push_back({id.data(), id.size()});
    dataset_.customer_count = keys_.size();
    dataset_.customer_key = keys_.data();
  }
  const encore_dataset_v1& dataset() const { return dataset_; }

 private:
  std::vector<std::string> ids_;
  std::vector<encore_str> keys_;
  encore_dataset_v1 dataset_{};
};

// A previous run with one integer score: the id's number.
ResultsTable Previous(const std::vector<std::string>& ids) {
  ResultsTable table;
  table.customer_ids = ids;
  ScoreColumn number;
  number.name = "number";
  for (const std::string& id : ids) number.i64.push_back(std::stoll(id.substr(1)));
  table.columns.push_back(number);
  return table;
}

// Each dataset customer's previous "number", or -1 when the previous run lacks them.
std::vector<int64_t> Realigned(const Customers& customers, const ResultsTable& previous) {
  PreviousScores scores(&previous, nullptr, customers.dataset());
  const encore_column_v1* column = scores.Find("number");
  EXPECT_NE(column, nullptr);
  std::vector<int64_t> out;
  if (column == nullptr) return out;
  const auto* values = static_cast<const int64_t*>(column->values);
  for (size_t c = 0; c < customers.dataset().customer_count; ++c) {
    out.push_back(column->null_mask[c] != 0 ? -1 : values[c]);
  }
  return out;
}

TEST(PreviousScoresTest, RowsInTheDatasetsOrderWithGaps) {
  const Customers customers({"c5", "c1", "c9", "c3"});
  EXPECT_EQ(Realigned(customers, Previous({"c5", "c9"})), (std::vector<int64_t>{5, -1, 9, -1}));
  EXPECT_EQ(Realigned(customers, Previous({})), (std::vector<int64_t>{-1, -1, -1, -1}));
}

TEST(PreviousScoresTest, RowsInAnotherOrderOrWithCustomersGoneSince) {
  const Customers customers({"c5", "c1", "c9", "c3"});
  EXPECT_EQ(Realigned(customers, Previous({"c1", "c3", "c5", "c9"})),  // sorted, as stored
            (std::vector<int64_t>{5, 1, 9, 3}));
  // In order but for c7, whom this dataset lacks: the walk misses it, the map does not.
  EXPECT_EQ(Realigned(customers, Previous({"c5", "c7", "c9"})),
            (std::vector<int64_t>{5, -1, 9, -1}));
}

TEST(PreviousScoresTest, BothWaysAgreeOnManyCustomers) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20000; ++i) ids.push_back("c" + std::to_string(i * 7 % 20011));
  const Customers customers(ids);
  std::mt19937 random(42);
  std::vector<std::string> kept;  // every third customer, in the dataset's order
  for (size_t i = 0; i < ids.size(); i += 3) kept.push_back(ids[i]);
  const std::vector<int64_t> in_order = Realigned(customers, Previous(kept));
  std::shuffle(kept.begin(), kept.end(), random);
  EXPECT_EQ(Realigned(customers, Previous(kept)), in_order);
  for (size_t c = 0; c < ids.size(); ++c) {
    ASSERT_EQ(in_order[c], c % 3 == 0 ? std::stoll(ids[c].substr(1)) : -1) << c;
  }
}

}  // namespace
}  // namespace encore::pipeline
