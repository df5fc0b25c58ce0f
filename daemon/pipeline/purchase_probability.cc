#include "daemon/pipeline/purchase_probability.h"

#include <map>
#include <nlohmann/json.hpp>

namespace encore::pipeline {
namespace {

std::string SegmentOf(const encore_column_v1& column, size_t c) {
  switch (column.type) {
    case ENCORE_VALUE_I64:
      return std::to_string(static_cast<const int64_t*>(column.values)[c]);
    case ENCORE_VALUE_F64:
      return nlohmann::json(static_cast<const double*>(column.values)[c]).dump();
    default: {
      const encore_str s = static_cast<const encore_str*>(column.values)[c];
      return std::string(s.data, s.size);
    }
  }
}

// Whether customer c has an order of positive value after `after`, among its visible orders.
bool OrderedAfter(const encore_dataset_v1& d, size_t c, int64_t after) {
  for (uint32_t o = d.customer_order_end[c]; o > d.customer_order_begin[c]; --o) {
    if (d.order_time[o - 1] <= after) return false;  // orders are in time order
    if (d.order_amount_minor[o - 1] > 0) return true;
  }
  return false;
}

}  // namespace

std::optional<Metric> PurchaseProbability(const std::string& segment_score,
                                          PreviousScores& previous, int64_t previous_as_of,
                                          const encore_dataset_v1& dataset) {
  const encore_column_v1* segments = previous.Find(segment_score);
  if (segments == nullptr) return std::nullopt;
  struct Count {
    int64_t customers = 0, ordered = 0;
  };
  std::map<std::string, Count> by_segment;
  Count all;
  for (size_t c = 0; c < dataset.customer_count; ++c) {
    if (segments->null_mask != nullptr && segments->null_mask[c] != 0) continue;  // new since
    const bool ordered = OrderedAfter(dataset, c, previous_as_of);
    Count& count = by_segment[SegmentOf(*segments, c)];
    ++count.customers;
    ++all.customers;
    count.ordered += ordered ? 1 : 0;
    all.ordered += ordered ? 1 : 0;
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [segment, count] : by_segment) {
    rows.push_back({{"segment", segment},
                    {"customers", count.customers},
                    {"ordered", count.ordered},
                    {"probability",
                     static_cast<double>(count.ordered) / static_cast<double>(count.customers)}});
  }
  const nlohmann::json doc = {{"from_as_of", previous_as_of},   {"to_as_of", dataset.as_of},
                              {"segment_score", segment_score}, {"customers", all.customers},
                              {"ordered", all.ordered},         {"segments", std::move(rows)}};
  Metric metric;
  metric.name = "transitions.purchase_probability";
  metric.json = doc.dump();
  return metric;
}

}  // namespace encore::pipeline
