#include "plugin/dataset_summaries.h"

#include <algorithm>

#include "model/parallel.h"

namespace encore::plugins::predictive {
namespace {

constexpr size_t kBlock = 1 << 16;

}  // namespace

DatasetSummaries SummarizeDataset(const sdk::Dataset& dataset, const SummaryPeriod& period,
                                  const std::optional<SummaryPeriod>& validation_period,
                                  int threads, const std::function<void(size_t)>& between_blocks) {
  const size_t n = dataset.customer_count();
  const encore_dataset_v1& raw = dataset.raw();
  DatasetSummaries out;
  out.customers.resize(n);
  if (validation_period) out.validation.resize(n);
  std::vector<char> no_purchase(n, 0);
  for (size_t block = 0; block < n; block += kBlock) {
    between_blocks(block);
    const size_t block_end = std::min(n, block + kBlock);
    // local_day() reads an immutable table in the daemon, so threads may call it concurrently.
    ParallelChunks(block_end - block, threads, [&](int, size_t begin, size_t end) {
      std::vector<int32_t> days;
      std::vector<double> values;
      for (size_t c = block + begin; c < block + end; ++c) {
        const uint32_t first = raw.customer_order_begin[c], last = raw.customer_order_end[c];
        if (first >= last) continue;  // no visible order: not a customer at this date
        days.clear();
        values.clear();
        int64_t previous_time = 0;
        int32_t previous_day = 0;
        for (uint32_t o = first; o < last; ++o) {
          const int64_t amount = raw.order_amount_minor[o];
          if (amount < 0) continue;
          const int64_t time = raw.order_time[o];
          if (days.empty() || time != previous_time) {
            previous_day = raw.local_day(&raw, time);
            previous_time = time;
          }
          days.push_back(previous_day);
          values.push_back(static_cast<double>(amount));
        }
        if (days.empty()) {
          no_purchase[c] = 1;
          continue;
        }
        out.customers[c] = SummarizeCustomer(days.data(), values.data(), days.size(), period);
        if (validation_period) {
          out.validation[c] =
              SummarizeCustomer(days.data(), values.data(), days.size(), *validation_period);
        }
      }
    });
  }
  between_blocks(n);
  for (size_t c = 0; c < n; ++c) {
    out.without_purchase += no_purchase[c];
    const CustomerSummary& s = out.customers[c];
    if (!s.in_calibration) continue;
    out.first_purchase_day =
        out.in_calibration == 0 ? s.first_day : std::min(out.first_purchase_day, s.first_day);
    ++out.in_calibration;
    out.repeat_customers += s.x > 0;
  }
  for (const CustomerSummary& s : out.validation) {
    out.validation_repeat_customers += s.in_calibration && s.x > 0;
  }
  return out;
}

}  // namespace encore::plugins::predictive
