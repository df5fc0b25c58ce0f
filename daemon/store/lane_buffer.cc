#include "daemon/store/lane_buffer.h"

#include <algorithm>

#include "daemon/store/short_key.h"

namespace encore::store {
namespace {

std::string_view View(const encore_str& s) { return std::string_view(s.data, s.size); }

bool Fits(int64_t v) { return v > INT32_MIN && v <= INT32_MAX; }

// `value` as a 32-bit field, or kLarge with the value noted in `large` (lines come in order, so
// the list stays sorted).
int32_t Narrow(int64_t value, size_t index, LargeValues& large) {
  if (Fits(value)) return static_cast<int32_t>(value);
  large.emplace_back(static_cast<uint32_t>(index), value);
  return kLarge;
}

LargeValues::iterator Position(LargeValues& values, uint32_t index) {
  return std::lower_bound(values.begin(), values.end(), index,
                          [](const auto& entry, uint32_t i) { return entry.first < i; });
}

}  // namespace

int64_t LargeValue(const LargeValues& values, uint32_t index) {
  const auto it = std::lower_bound(values.begin(), values.end(), index,
                                   [](const auto& entry, uint32_t i) { return entry.first < i; });
  return it != values.end() && it->first == index ? it->second : 0;
}

void LaneBuffer::Add(const encore_line_batch_v1& batch) {
  const std::string_view currency = View(batch.currency);
  if (!currency.empty() &&
      std::find(currencies.begin(), currencies.end(), currency) == currencies.end()) {
    currencies.emplace_back(currency);
  }
  if (!has_epoch_ && batch.count > 0) {
    epoch = batch.ordered_at[0];
    has_epoch_ = true;
  }
  // In blocks, so the block's id bytes are still in the cache when the second pass reads them
  // again, whatever the size of the source's batches.
  constexpr size_t kBlock = sizeof(customer_hash_) / sizeof(customer_hash_[0]);
  for (size_t first = 0; first < batch.count; first += kBlock) {
    AddBlock(batch, first, std::min(batch.count, first + kBlock));
  }
}

void LaneBuffer::StartRun(std::string_view order, int64_t time) {
  const uint32_t key = order_keys.Add(order);
  runs.push_back(Run{key, static_cast<uint32_t>(order.size()), 0, last_customer_, kNoId, 0});
  open_run_ = &runs.back();
  open_key_ = std::string_view(order_keys.At(key), order.size());
  SetRunTime(time);
}

// Sets the open run's time; its entry in large_run_time, if any, is the list's last.
void LaneBuffer::SetRunTime(int64_t time) {
  const uint32_t index = static_cast<uint32_t>(runs.size() - 1);
  const bool listed = !large_run_time.empty() && large_run_time.back().first == index;
  open_time_ = time;
  if (Fits(time - epoch)) {
    open_run_->time = static_cast<int32_t>(time - epoch);
    if (listed) large_run_time.pop_back();
    return;
  }
  open_run_->time = kLarge;
  if (listed) {
    large_run_time.back().second = time;
  } else {
    large_run_time.emplace_back(index, time);
  }
}

// Line `line` (already stored) joins the open run.
void LaneBuffer::AddLineToRun(size_t line, int64_t time) {
  Run& run = *open_run_;
  if (time > open_time_) {
    lines[line].product |= kOwnTime;
    line_time.emplace_back(static_cast<uint32_t>(line), time);
  } else if (time < open_time_) {
    // An earlier line than the run's earliest so far: the run's other lines keep the old time as
    // their own (they are the run's last lines, and rarely more than a few).
    for (size_t l = line - run.line_count; l < line; ++l) {
      if ((lines[l].product & kOwnTime) != 0) continue;
      lines[l].product |= kOwnTime;
      line_time.insert(Position(line_time, static_cast<uint32_t>(l)),
                       {static_cast<uint32_t>(l), open_time_});
    }
    SetRunTime(time);
  }
  ++run.line_count;
}

void LaneBuffer::AddBlock(const encore_line_batch_v1& batch, size_t first, size_t end) {
  // Customers change at most once per order, and a big customer table misses the cache on
  // nearly every lookup. So the customer of every line that starts a new customer is hashed
  // first, and the lookup loop below prefetches the slot of the lookup kPrefetchAhead changes
  // ahead: the misses overlap instead of queueing one after the other.
  size_t changes = 0;
  std::string_view previous = last_customer_key_;
  for (size_t i = first; i < end; ++i) {
    const std::string_view customer = View(batch.customer_id[i]);
    if (!SameKey(customer, previous)) customer_hash_[changes++] = StringDictionary::Hash(customer);
    previous = customer;
  }
  constexpr size_t kPrefetchAhead = 8;
  for (size_t c = 0; c < std::min(changes, kPrefetchAhead); ++c)
    customers.Prefetch(customer_hash_[c]);
  size_t change = 0;

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
      if (change + kPrefetchAhead < changes) {
        customers.Prefetch(customer_hash_[change + kPrefetchAhead]);
      }
      last_customer_ = customers.Intern(customer, customer_hash_[change++]);
      same_run = false;
    }
    customer_key = customer;

    LaneLine record;
    record.product = 0;
    if (batch.product_id != nullptr && batch.product_id[i].size != 0) {
      record.product = products.Intern(View(batch.product_id[i])) + 1;
    }
    record.quantity_milli = Narrow(batch.quantity_milli[i], line, large_quantity);
    record.amount_minor = Narrow(batch.amount_minor[i], line, large_amount);
    lines.push_back(record);

    if (!same_run || !SameKey(order, open_key_)) StartRun(order, time);
    AddLineToRun(line, time);

    Run& run = *open_run_;
    if (run.manager == kNoId && batch.manager_id != nullptr && batch.manager_id[i].size != 0) {
      const std::string_view manager = View(batch.manager_id[i]);
      if (!SameKey(manager, manager_key)) {
        last_manager_ = managers.Intern(manager);
        manager_key = manager;
      }
      run.manager = last_manager_;
    }
  }
  last_customer_key_ = customers.key(last_customer_);
  if (last_manager_ != kNoId) last_manager_key_ = managers.key(last_manager_);
}

}  // namespace encore::store
