#include "plugins/methods/managers/manager_tallies.h"

#include <encore/sdk/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <climits>

namespace encore::plugins::managers {
namespace {

constexpr size_t kPollEvery = 1 << 14;
constexpr int64_t kNoDay = INT64_MIN;

// A newcomer of the conversion cohort; tiers need the whole cohort's values first.
struct Newcomer {
  uint32_t owner;  // manager slot
  bool converted;
  int64_t first_value;
};

// A customer with purchases on one day only before the period: their win-back threshold is the
// company median gap, known after the pass.
struct OneDayBuyer {
  uint32_t owner;  // manager slot
  bool won;        // bought in the period
  int32_t frequency_band;
  int64_t silent_days;
};

struct Part {
  std::vector<ManagerCounts> managers;
  std::vector<int64_t> gap_histogram;  // purchase-day gaps (days) -> count
  std::vector<Newcomer> newcomers;
  std::vector<OneDayBuyer> one_day_buyers;
  std::vector<int64_t> gaps;      // scratch: one customer's gaps
  std::vector<uint32_t> handled;  // scratch: one customer's managers in the period
};

class CustomerCounter {
 public:
  CustomerCounter(const sdk::Dataset& dataset, const ManagersOptions& options, ManagerTallies& out)
      : dataset_(dataset), options_(options), out_(out), days_(dataset) {
    period_start_ = out.period_start;
    previous_start_ = period_start_ - options.period_days;
    // The cohort window is the period moved back by conversion_days, so that every newcomer in
    // it has had the full conversion_days to come back before the as-of day.
    cohort_last_ = out.as_of_day - options.conversion_days;
    cohort_first_ = cohort_last_ - options.period_days + 1;
    unassigned_ = static_cast<uint32_t>(dataset.manager_count());
  }

  void Count(size_t c, Part& part) {
    const uint32_t begin = dataset_.first_order(c), end = dataset_.end_order(c);
    if (begin == end) return;
    const int64_t* time = dataset_.raw().order_time;
    const int64_t* amount = dataset_.raw().order_amount_minor;
    const uint32_t* manager = dataset_.raw().order_manager;

    uint32_t owner_start = sdk::Dataset::kNone, owner_now = sdk::Dataset::kNone;
    int64_t positives = 0, purchases_before = 0;
    int64_t first_day = kNoDay, first_value = 0, second_day = kNoDay;
    uint32_t first_manager = sdk::Dataset::kNone;
    int64_t last_purchase_before = kNoDay;
    bool bought_previous = false, bought_period = false;
    part.gaps.clear();
    part.handled.clear();
    for (uint32_t o = begin; o < end; ++o) {
      const int64_t day = days_(time[o]);
      const uint32_t m = manager[o];
      const uint32_t slot = m == sdk::Dataset::kNone ? unassigned_ : m;
      if (m != sdk::Dataset::kNone) owner_now = m;
      if (day >= period_start_) {
        ManagerCounts& counts = part.managers[slot];
        counts.revenue += amount[o];
        if (amount[o] > 0) ++counts.orders;
        if (std::find(part.handled.begin(), part.handled.end(), slot) == part.handled.end()) {
          part.handled.push_back(slot);
        }
      } else {
        if (m != sdk::Dataset::kNone) owner_start = m;
        if (day >= previous_start_) part.managers[slot].previous_revenue += amount[o];
      }
      if (amount[o] <= 0) continue;  // not a purchase

      if (++positives == 1) {
        first_day = day, first_value = amount[o], first_manager = m;
      } else if (positives == 2) {
        second_day = day;
      }
      if (day >= period_start_) {
        bought_period = true;
        continue;
      }
      ++purchases_before;
      if (day >= previous_start_) bought_previous = true;
      if (last_purchase_before != kNoDay && day != last_purchase_before) {
        part.gaps.push_back(day - last_purchase_before);
      }
      last_purchase_before = day;
    }

    for (uint32_t slot : part.handled) ++part.managers[slot].customers;
    out_.owner_now[c] = owner_now;
    if (owner_now != sdk::Dataset::kNone) ++part.managers[owner_now].portfolio;
    for (int64_t gap : part.gaps) {
      if (static_cast<size_t>(gap) >= part.gap_histogram.size()) {
        part.gap_histogram.resize(static_cast<size_t>(gap) + 1, 0);
      }
      ++part.gap_histogram[static_cast<size_t>(gap)];
    }

    if (first_day >= cohort_first_ && first_day <= cohort_last_) {
      const bool converted =
          second_day != kNoDay && second_day <= first_day + options_.conversion_days - 1;
      part.newcomers.push_back(Newcomer{Slot(first_manager), converted, first_value});
    }
    if (purchases_before == 0) return;
    const uint32_t owner = Slot(owner_start);
    const int frequency = FrequencyBand(purchases_before);
    const int64_t silent = period_start_ - last_purchase_before;
    if (bought_previous) {
      Rate& r =
          part.managers[owner]
              .retention[HistoryStratum(frequency, RecencyBand(silent, options_.period_days))];
      ++r.base;
      if (bought_period) ++r.successes;
    }
    if (part.gaps.empty()) {
      part.one_day_buyers.push_back(OneDayBuyer{owner, bought_period, frequency, silent});
      return;
    }
    // The customer's own rhythm: the lower median of their gaps before the period.
    const auto middle = part.gaps.begin() + static_cast<std::ptrdiff_t>((part.gaps.size() - 1) / 2);
    std::nth_element(part.gaps.begin(), middle, part.gaps.end());
    if (static_cast<double>(silent) > options_.winback_factor * static_cast<double>(*middle)) {
      Rate& r = part.managers[owner]
                    .winback[HistoryStratum(frequency, RecencyBand(silent, options_.period_days))];
      ++r.base;
      if (bought_period) ++r.successes;
    }
  }

 private:
  uint32_t Slot(uint32_t manager) const {
    return manager == sdk::Dataset::kNone ? unassigned_ : manager;
  }

  const sdk::Dataset& dataset_;
  const ManagersOptions& options_;
  ManagerTallies& out_;
  sdk::LocalDays days_;
  int64_t period_start_ = 0, previous_start_ = 0, cohort_first_ = 0, cohort_last_ = 0;
  uint32_t unassigned_ = 0;
};

void Add(Rate& total, const Rate& part) {
  total.base += part.base;
  total.successes += part.successes;
}

void Add(ManagerCounts& total, const ManagerCounts& part) {
  total.customers += part.customers;
  total.orders += part.orders;
  total.revenue += part.revenue;
  total.previous_revenue += part.previous_revenue;
  total.portfolio += part.portfolio;
  for (int s = 0; s < kValueTiers; ++s) Add(total.conversion[s], part.conversion[s]);
  for (int s = 0; s < kHistoryStrata; ++s) {
    Add(total.retention[s], part.retention[s]);
    Add(total.winback[s], part.winback[s]);
  }
}

// Lower median of a histogram of whole days; 0 when it is empty.
int64_t LowerMedian(const std::vector<int64_t>& histogram) {
  int64_t count = 0;
  for (int64_t n : histogram) count += n;
  if (count == 0) return 0;
  const int64_t rank = (count - 1) / 2;  // 0-based rank of the lower median
  int64_t seen = 0;
  for (size_t gap = 0; gap < histogram.size(); ++gap) {
    seen += histogram[gap];
    if (seen > rank) return static_cast<int64_t>(gap);
  }
  return 0;
}

// Tertile borders by the quantile rule of docs/metrics.md: the values at ranks ceil(i*n/3).
void ValueBorders(std::vector<int64_t> values, int64_t borders[kValueTiers - 1]) {
  const size_t n = values.size();
  for (int i = 1; i < kValueTiers; ++i) {
    if (n == 0) {
      borders[i - 1] = 0;
      continue;
    }
    const size_t rank = (static_cast<size_t>(i) * n + kValueTiers - 1) / kValueTiers;  // 1-based
    auto at = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(values.begin(), at, values.end());
    borders[i - 1] = *at;
  }
}

int ValueTier(int64_t value, const int64_t borders[kValueTiers - 1]) {
  int tier = 0;
  for (int i = 0; i < kValueTiers - 1; ++i) tier += borders[i] < value ? 1 : 0;
  return tier;
}

}  // namespace

ManagerTallies CountManagers(const sdk::Dataset& dataset, const ManagersOptions& options, int parts,
                             const std::function<void(size_t)>& poll) {
  const size_t n = dataset.customer_count();
  ManagerTallies out;
  out.as_of_day = dataset.local_day(dataset.as_of());
  out.period_start = out.as_of_day - options.period_days + 1;
  out.owner_now.assign(n, sdk::Dataset::kNone);
  const size_t slots = dataset.manager_count() + 1;
  std::vector<Part> work(static_cast<size_t>(std::max(parts, 1)));

  // Only the calling thread talks to the host; when it is told to stop, the others notice the
  // flag at their next check and stop as well.
  std::atomic<bool> stopping{false};
  sdk::ForEachRange(n, static_cast<int>(work.size()), [&](int p, size_t first, size_t last) {
    Part& part = work[static_cast<size_t>(p)];
    part.managers.assign(slots, ManagerCounts{});
    CustomerCounter counter(dataset, options, out);
    for (size_t c = first; c < last; ++c) {
      if ((c - first) % kPollEvery == 0) {
        if (p != 0) {
          if (stopping.load(std::memory_order_relaxed)) throw sdk::Cancelled();
        } else {
          try {
            poll((c - first) * work.size());
          } catch (...) {
            stopping = true;
            throw;
          }
        }
      }
      counter.Count(c, part);
    }
  });
  poll(n);

  out.managers.assign(slots, ManagerCounts{});
  std::vector<int64_t> histogram;
  std::vector<int64_t> first_values;
  for (const Part& part : work) {
    for (size_t m = 0; m < slots; ++m) Add(out.managers[m], part.managers[m]);
    if (part.gap_histogram.size() > histogram.size()) {
      histogram.resize(part.gap_histogram.size(), 0);
    }
    for (size_t g = 0; g < part.gap_histogram.size(); ++g) histogram[g] += part.gap_histogram[g];
    for (const Newcomer& newcomer : part.newcomers) first_values.push_back(newcomer.first_value);
  }
  out.median_gap_days = LowerMedian(histogram);
  ValueBorders(std::move(first_values), out.value_borders);

  for (const Part& part : work) {
    for (const Newcomer& newcomer : part.newcomers) {
      Rate& r = out.managers[newcomer.owner]
                    .conversion[ValueTier(newcomer.first_value, out.value_borders)];
      ++r.base;
      if (newcomer.converted) ++r.successes;
    }
    // Without any gap in the data there is no usual rhythm to be late against: one-day buyers
    // are then not at risk.
    if (out.median_gap_days == 0) continue;
    const double threshold = options.winback_factor * static_cast<double>(out.median_gap_days);
    for (const OneDayBuyer& buyer : part.one_day_buyers) {
      if (static_cast<double>(buyer.silent_days) <= threshold) continue;
      Rate& r = out.managers[buyer.owner].winback[HistoryStratum(
          buyer.frequency_band, RecencyBand(buyer.silent_days, options.period_days))];
      ++r.base;
      if (buyer.won) ++r.successes;
    }
  }
  return out;
}

}  // namespace encore::plugins::managers
