#include "daemon/store/lane_buffer.h"

#include <algorithm>

namespace encore::store {
namespace {

std::string_view View(const encore_str& s) { return std::string_view(s.data, s.size); }

}  // namespace

void LaneBuffer::Add(const encore_line_batch_v1& batch) {
  const size_t n = batch.count;
  if (n == 0) return;
  line_quantity.append(batch.quantity_milli, n);
  line_amount.append(batch.amount_minor, n);
  line_time.append(batch.ordered_at, n);

  size_t next = 0;
  line_product.append_with(n, [&](uint32_t* out, size_t count) {
    if (batch.product_id == nullptr) {
      std::fill_n(out, count, kNoId);
    } else {
      const encore_str* product = batch.product_id + next;
      for (size_t i = 0; i < count; ++i) {
        out[i] = product[i].size == 0 ? kNoId : products.Intern(View(product[i]));
      }
    }
    next += count;
  });

  const std::string_view currency = View(batch.currency);
  if (!currency.empty() &&
      std::find(currencies.begin(), currencies.end(), currency) == currencies.end()) {
    currencies.emplace_back(currency);
  }

  for (size_t i = 0; i < n; ++i) {
    const std::string_view customer = View(batch.customer_id[i]);
    const std::string_view order = View(batch.order_id[i]);
    const int64_t time = batch.ordered_at[i];
    bool same_run = open_run_ != nullptr;
    if (customer != last_customer_key_) {
      last_customer_ = customers.Intern(customer);
      last_customer_key_ = customers.key(last_customer_);
      same_run = false;
    }
    Run* run = open_run_;
    if (same_run && order == std::string_view(run->key, run->key_size)) {
      ++run->line_count;
      run->time = std::min(run->time, time);
    } else {
      const std::string_view key = order_keys.Add(order);
      runs.push_back(
          Run{key.data(), time, static_cast<uint32_t>(key.size()), last_customer_, kNoId, 1});
      run = open_run_ = &runs.back();
    }
    if (run->manager == kNoId && batch.manager_id != nullptr && batch.manager_id[i].size != 0) {
      const std::string_view manager = View(batch.manager_id[i]);
      if (manager != last_manager_key_) {
        last_manager_ = managers.Intern(manager);
        last_manager_key_ = managers.key(last_manager_);
      }
      run->manager = last_manager_;
    }
  }
}

}  // namespace encore::store
