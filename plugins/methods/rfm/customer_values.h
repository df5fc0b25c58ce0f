// The raw per-customer numbers RFM scores are made of (definitions: docs/metrics.md).
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <vector>

namespace encore::plugins::rfm {

struct CustomerValues {
  // Indexed by customer; zero for customers without a visible order.
  std::vector<int64_t> recency_days;    // as-of day - day of the last positive order
  std::vector<int64_t> frequency;       // orders with a positive net value
  std::vector<int64_t> monetary_minor;  // sum of all order values, returns included
  std::vector<int64_t> orders;          // all orders, returns included
  std::vector<int32_t> first_day;       // local day of the first order
  std::vector<int32_t> last_day;        // local day of the last order of any kind
  // Customers with at least one order as of the dataset's as_of, ascending.
  std::vector<uint32_t> visible;
};

// `poll` is called every few thousand customers; it throws to stop the computation.
CustomerValues ComputeCustomerValues(const sdk::Dataset& dataset,
                                     const std::function<void(size_t done)>& poll);

}  // namespace encore::plugins::rfm
