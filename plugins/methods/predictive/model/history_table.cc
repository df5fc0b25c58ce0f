#include "history_table.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "dense_index.h"

namespace encore::plugins::predictive {
namespace {

// Up to this many (t_x, T) combinations a direct-address array replaces the hash map in pass 3:
// 4M slots (16 MB) cover 2,048 distinct times, more than eight years of days.
constexpr uint64_t kMaxDirectSlots = uint64_t{1} << 22;

}  // namespace

HistoryTable BuildHistoryTable(const std::vector<CustomerSummary>& customers) {
  HistoryTable table;
  // Pass 1: distinct times, numbered in order of appearance, then renumbered ascending.
  DenseIndex time_index(1024);
  std::vector<double> first_seen;
  std::vector<uint32_t> tx_index(customers.size()), T_index(customers.size());
  std::vector<size_t> per_x;  // customers per x
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& c = customers[i];
    if (!c.in_calibration) continue;
    for (int k = 0; k < 2; ++k) {
      const double t = k == 0 ? c.t_x : c.T;
      const uint32_t index = time_index.Find(TimeKey(t));
      if (index == first_seen.size()) first_seen.push_back(t + 0.0);
      (k == 0 ? tx_index : T_index)[i] = index;
    }
    if (static_cast<size_t>(c.x) >= per_x.size()) per_x.resize(c.x + 1, 0);
    ++per_x[c.x];
    table.customers += 1;
    table.repeat_customers += c.x > 0;
    table.total_x += c.x;
    table.total_T += c.T;
  }
  std::vector<uint32_t> order(first_seen.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return first_seen[a] < first_seen[b]; });
  std::vector<uint32_t> rank(order.size());
  table.times.resize(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = r;
    table.times[r] = first_seen[order[r]];
  }

  // Pass 2: customers grouped by x (counting sort), in their original order within a group.
  std::vector<size_t> group_start(per_x.size() + 1, 0);
  for (size_t x = 0; x < per_x.size(); ++x) group_start[x + 1] = group_start[x] + per_x[x];
  std::vector<uint32_t> by_x(group_start.back());
  {
    std::vector<size_t> next(group_start.begin(), group_start.end() - 1);
    for (size_t i = 0; i < customers.size(); ++i) {
      if (customers[i].in_calibration) by_x[next[customers[i].x]++] = static_cast<uint32_t>(i);
    }
  }

  // Pass 3: distinct (t_x, T) within each x, numbered in order of appearance.
  const uint64_t times = table.times.size();
  const bool direct = times * times <= kMaxDirectSlots;
  std::vector<uint32_t> slot_of(direct ? times * times : 0, 0);  // tuple index + 1; 0 = none
  for (size_t x = 0; x < per_x.size(); ++x) {
    if (per_x[x] == 0) continue;
    const uint32_t group = static_cast<uint32_t>(table.group_x.size());
    table.group_x.push_back(static_cast<int32_t>(x));
    table.group_count.push_back(static_cast<double>(per_x[x]));
    const size_t first_tuple = table.tuple_count.size();
    DenseIndex hashed(direct ? 1 : 1024);
    for (size_t k = group_start[x]; k < group_start[x + 1]; ++k) {
      const uint32_t i = by_x[k];
      const uint32_t tx = rank[tx_index[i]], T = rank[T_index[i]];
      const uint64_t key = tx * times + T;
      size_t tuple;
      if (direct) {
        uint32_t& slot = slot_of[key];
        if (slot == 0) slot = static_cast<uint32_t>(table.tuple_count.size() - first_tuple + 1);
        tuple = first_tuple + slot - 1;
      } else {
        tuple = first_tuple + hashed.Find(key);
      }
      if (tuple == table.tuple_count.size()) {
        table.tuple_group.push_back(group);
        table.tuple_tx.push_back(tx);
        table.tuple_T.push_back(T);
        table.tuple_count.push_back(0);
      }
      table.tuple_count[tuple] += 1;
    }
    if (direct) {  // clear only the slots this group used
      for (size_t t = first_tuple; t < table.tuple_count.size(); ++t) {
        slot_of[table.tuple_tx[t] * times + table.tuple_T[t]] = 0;
      }
    }
  }
  return table;
}

void AddTimePairs(HistoryTable* table) {
  const size_t n = table->tuple_count.size();
  const uint64_t times = table->times.size();
  DenseIndex pair_index(1024);
  table->pair_group.clear();
  table->pair_time.clear();
  table->tuple_pair_tx.resize(n);
  table->tuple_pair_T.resize(n);
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 2; ++k) {
      const uint32_t time = k == 0 ? table->tuple_tx[i] : table->tuple_T[i];
      const uint64_t key = table->tuple_group[i] * times + time;
      const uint32_t index = pair_index.Find(key);
      if (index == table->pair_group.size()) {
        table->pair_group.push_back(table->tuple_group[i]);
        table->pair_time.push_back(time);
      }
      (k == 0 ? table->tuple_pair_tx : table->tuple_pair_T)[i] = index;
    }
  }
}

HistoryTable SampleTuples(const HistoryTable& table, size_t every) {
  every = std::max<size_t>(every, 1);
  HistoryTable sample;
  sample.times = table.times;
  sample.group_x = table.group_x;
  sample.group_count.assign(table.group_x.size(), 0.0);
  for (size_t k = 0; k < table.tuple_count.size(); k += every) {
    const uint32_t g = table.tuple_group[k];
    const double count = table.tuple_count[k];
    sample.tuple_group.push_back(g);
    sample.tuple_tx.push_back(table.tuple_tx[k]);
    sample.tuple_T.push_back(table.tuple_T[k]);
    sample.tuple_count.push_back(count);
    sample.group_count[g] += count;
    sample.customers += count;
    sample.repeat_customers += table.group_x[g] > 0 ? count : 0;
    sample.total_x += table.group_x[g] * count;
    sample.total_T += table.times[table.tuple_T[k]] * count;
  }
  return sample;
}

HistoryPairs BuildHistoryPairs(const std::vector<CustomerSummary>& customers) {
  HistoryPairs pairs;
  pairs.of_customer.assign(customers.size(), HistoryPairs::kNone);
  DenseIndex time_index(1024), pair_index(1024);
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& c = customers[i];
    if (!c.in_calibration) continue;
    const uint64_t time = time_index.Find(TimeKey(c.T));
    const uint32_t index = pair_index.Find((static_cast<uint64_t>(c.x) << 32) | time);
    if (index == pairs.x.size()) {
      pairs.x.push_back(c.x);
      pairs.T.push_back(c.T);
    }
    pairs.of_customer[i] = index;
  }
  return pairs;
}

}  // namespace encore::plugins::predictive
