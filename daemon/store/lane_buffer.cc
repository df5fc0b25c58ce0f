#include "daemon/store/lane_buffer.h"

#include <algorithm>

#include "daemon/store/short_key.h"

namespace encore::store {
namespace {

std::string_view View(const encore_str& s) { return std::string_view(s.data, s.size); }

bool Fits(int64_t v) { return v > INT32_MIN && v <= INT32_MAX; }

// `value` as a LaneLine field, or kLarge with the value noted in `large`.
int32_t Narrow(int64_t value, size_t line, LargeValues& large) {
  if (Fits(value)) return static_cast<int32_t>(value);
  large.emplace_back(static_cast<uint32_t>(line), value);
  return kLarge;
}

}  // namespace

int64_t LargeValue(const LargeValues& values, uint32_t line) {
  const auto it = std::lower_bound(values.begin(), values.end(), line,
                                   [](const auto& entry, uint32_t l) { return entry.first < l; });
  return it != values.end() && it->first == line ? it->second : 0;
}

// Lines whose time is kLarge keep their absolute time in large_time; a run's earlier lines may
// be re-based (see Add), so their entries are rewritten in place, keeping line order.
void LaneBuffer::SetTime(size_t line, int64_t delta, int64_t time) {
  int32_t& field = lines[line].time;
  if (field == kLarge) return;  // absolute already
  if (Fits(delta)) {
    field = static_cast<int32_t>(delta);
    return;
  }
  field = kLarge;
  const auto at =
      std::lower_bound(large_time.begin(), large_time.end(), static_cast<uint32_t>(line),
                       [](const auto& entry, uint32_t l) { return entry.first < l; });
  large_time.insert(at, {static_cast<uint32_t>(line), time});
}

void LaneBuffer::Add(const encore_line_batch_v1& batch) {
  const std::string_view currency = View(batch.currency);
  if (!currency.empty() &&
      std::find(currencies.begin(), currencies.end(), currency) == currencies.end()) {
    currencies.emplace_back(currency);
  }
  // In blocks, so the block's id bytes are still in the cache when the second pass reads them
  // again, whatever the size of the source's batches.
  constexpr size_t kBlock = 512;
  for (size_t first = 0; first < batch.count; first += kBlock) {
    AddBlock(batch, first, std::min(batch.count, first + kBlock));
  }
}

void LaneBuffer::AddBlock(const encore_line_batch_v1& batch, size_t first, size_t end) {
  // Customers change at most once per order, and a big customer table misses the cache on
  // nearly every lookup. So first hash each line that starts a new customer and prefetch its
  // slot, then look them all up: the misses overlap instead of queueing one after the other.
  std::string_view previous = last_customer_key_;
  for (size_t i = first; i < end; ++i) {
    const std::string_view customer = View(batch.customer_id[i]);
    if (!SameKey(customer, previous)) {
      customer_hash_[i - first] = StringDictionary::Hash(customer);
      customers.Prefetch(customer_hash_[i - first]);
    }
    previous = customer;
  }

  // Consecutive lines are compared through the batch's own views (hot in the cache); only the
  // last line's keys are kept across blocks, as views into this lane's arenas.
  std::string_view customer_key = last_customer_key_;
  std::string_view manager_key = last_manager_key_;
  for (size_t i = first; i < end; ++i) {
    const std::string_view customer = View(batch.customer_id[i]);
    const std::string_view order = View(batch.order_id[i]);
    const int64_t time = batch.ordered_at[i];
    const size_t line = lines.size();
    bool same_run = open_run_ != nullptr;
    if (!SameKey(customer, customer_key)) {
      last_customer_ = customers.Intern(customer, customer_hash_[i - first]);
      same_run = false;
    }
    customer_key = customer;

    LaneLine record;
    record.product = kNoId;
    if (batch.product_id != nullptr && batch.product_id[i].size != 0) {
      record.product = products.Intern(View(batch.product_id[i]));
    }
    record.quantity_milli = Narrow(batch.quantity_milli[i], line, large_quantity);
    record.amount_minor = Narrow(batch.amount_minor[i], line, large_amount);
    record.time = 0;
    lines.push_back(record);

    Run* run = open_run_;
    if (same_run && SameKey(order, std::string_view(run->key, run->key_size))) {
      if (time < run->time) {
        // An earlier line than the run's earliest so far: re-base the run's other lines.
        const int64_t shift = run->time - time;
        for (size_t l = line - run->line_count; l < line; ++l) {
          if (lines[l].time != kLarge) {
            SetTime(l, lines[l].time + shift, time + lines[l].time + shift);
          }
        }
        run->time = time;
      }
      SetTime(line, time - run->time, time);
      ++run->line_count;
    } else {
      const std::string_view key = order_keys.Add(order);
      runs.push_back(
          Run{key.data(), time, static_cast<uint32_t>(key.size()), last_customer_, kNoId, 1});
      run = open_run_ = &runs.back();
    }
    if (run->manager == kNoId && batch.manager_id != nullptr && batch.manager_id[i].size != 0) {
      const std::string_view manager = View(batch.manager_id[i]);
      if (!SameKey(manager, manager_key)) {
        last_manager_ = managers.Intern(manager);
        manager_key = manager;
      }
      run->manager = last_manager_;
    }
  }
  last_customer_key_ = customers.key(last_customer_);
  if (last_manager_ != kNoId) last_manager_key_ = managers.key(last_manager_);
}

}  // namespace encore::store
