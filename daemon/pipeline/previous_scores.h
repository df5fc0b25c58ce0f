// The previous run's scores as a method sees them (ABI 1.1 find_previous_scores): each column
// realigned from the previous run's customer order to this dataset's customer indexes, with
// customers the previous run did not score marked null. Built lazily: the customer map on the
// first lookup of any column, each column on its first lookup. Entries never move, so a column
// handed out stays valid for the rest of the compute stage.
#pragma once

#include <encore/plugin_abi.h>

#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"

namespace encore::pipeline {

class PreviousScores {
 public:
  using Loader = std::function<Result<ResultsTable>(const std::string& score)>;
  // `previous` (in memory) or `loader` (one score at a time) or neither (no previous run).
  // `previous` and `dataset` must outlive this object.
  PreviousScores(const ResultsTable* previous, Loader loader, const encore_dataset_v1& dataset)
      : previous_(previous), loader_(std::move(loader)), dataset_(dataset) {}

  // nullptr when there is no previous run or it has no score of that name. Thread-safe.
  const encore_column_v1* Find(std::string_view name);

 private:
  struct Entry {
    ScoreColumn column;
    std::vector<encore_str> str_views;
    encore_column_v1 abi{};
  };
  void MapCustomers(const std::vector<std::string>& previous_ids);  // fills row_of_customer_
  // The previous rows are often in this dataset's own customer order, only with gaps (a
  // backtest's earlier date: the same store, fewer customers visible): one walk over both maps
  // them. False when some previous id was not met on the way.
  bool MapInOrder(const std::vector<std::string>& previous_ids);
  // Any order, e.g. a stored run's, which keeps its customers sorted by id.
  void MapByHash(const std::vector<std::string>& previous_ids);
  // The previous run's column of that name, from memory or loaded; nullptr if it has none.
  const ScoreColumn* Source(std::string_view name);

  const ResultsTable* previous_;
  Loader loader_;
  std::deque<ScoreColumn> loaded_;  // columns the loader gave (a deque: views stay valid)
  const encore_dataset_v1& dataset_;
  std::mutex mu_;
  bool mapped_ = false;
  std::vector<uint32_t> row_of_customer_;  // previous row of each dataset customer, or kNone
  std::deque<Entry> entries_;
};

}  // namespace encore::pipeline
