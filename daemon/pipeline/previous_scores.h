// The previous run's scores as a method sees them (ABI 1.1 find_previous_scores): each column
// realigned from the previous run's customer order to this dataset's customer indexes, with
// customers the previous run did not score marked null. Built lazily: the customer map on the
// first lookup of any column, each column on its first lookup. Entries never move, so a column
// handed out stays valid for the rest of the compute stage.
#pragma once

#include <encore/plugin_abi.h>

#include <deque>
#include <mutex>
#include <string_view>
#include <vector>

#include "daemon/common/results_table.h"

namespace encore::pipeline {

class PreviousScores {
 public:
  // `previous` may be null (no previous run); it must outlive this object, as must `dataset`.
  PreviousScores(const ResultsTable* previous, const encore_dataset_v1& dataset)
      : previous_(previous), dataset_(dataset) {}

  // nullptr when there is no previous run or it has no score of that name. Thread-safe.
  const encore_column_v1* Find(std::string_view name);

 private:
  struct Entry {
    ScoreColumn column;
    std::vector<encore_str> str_views;
    encore_column_v1 abi{};
  };
  void MapCustomers();  // fills row_of_customer_

  const ResultsTable* previous_;
  const encore_dataset_v1& dataset_;
  std::mutex mu_;
  bool mapped_ = false;
  std::vector<uint32_t> row_of_customer_;  // previous row of each dataset customer, or kNone
  std::deque<Entry> entries_;
};

}  // namespace encore::pipeline
