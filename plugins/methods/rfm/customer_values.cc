#include "plugins/methods/rfm/customer_values.h"

namespace encore::plugins::rfm {
namespace {

constexpr size_t kPollEvery = 1 << 16;

}  // namespace

CustomerValues ComputeCustomerValues(const sdk::Dataset& dataset,
                                     const std::function<void(size_t done)>& poll) {
  const size_t n = dataset.customer_count();
  const encore_dataset_v1& raw = dataset.raw();
  const int64_t* amount = raw.order_amount_minor;
  const int64_t* time = raw.order_time;

  CustomerValues v;
  v.recency_days.assign(n, 0);
  v.frequency.assign(n, 0);
  v.monetary_minor.assign(n, 0);
  v.orders.assign(n, 0);
  v.first_day.assign(n, 0);
  v.last_day.assign(n, 0);
  v.visible.reserve(n);

  sdk::LocalDays local_day(dataset);
  const int64_t as_of_day = dataset.local_day(dataset.as_of());
  for (size_t c = 0; c < n; ++c) {
    if (c % kPollEvery == 0) poll(c);
    const uint32_t begin = dataset.first_order(c);
    const uint32_t end = dataset.end_order(c);
    if (begin >= end) continue;  // no order yet as of as_of: not a customer at that date
    int64_t positive = 0, sum = 0;
    uint32_t last_positive = end;
    for (uint32_t o = begin; o < end; ++o) {
      sum += amount[o];
      if (amount[o] > 0) {
        ++positive;
        last_positive = o;
      }
    }
    // Orders are sorted by time, so the range ends with the latest. Without a positive order,
    // recency runs from the last order of any kind (docs/metrics.md, "Recency").
    const uint32_t recency_order = positive > 0 ? last_positive : end - 1;
    v.first_day[c] = local_day(time[begin]);
    v.last_day[c] = local_day(time[end - 1]);
    v.recency_days[c] = as_of_day - local_day(time[recency_order]);
    v.frequency[c] = positive;
    v.monetary_minor[c] = sum;
    v.orders[c] = end - begin;
    v.visible.push_back(static_cast<uint32_t>(c));
  }
  poll(n);
  return v;
}

}  // namespace encore::plugins::rfm
