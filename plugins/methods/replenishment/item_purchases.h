// A customer's order lines regrouped by product: the purchases (ItemPurchase) of each product,
// ascending by day. One instance per thread; its buffers are reused from customer to customer.
#ifndef ENCORE_PLUGINS_METHODS_REPLENISHMENT_ITEM_PURCHASES_H_
#define ENCORE_PLUGINS_METHODS_REPLENISHMENT_ITEM_PURCHASES_H_

#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "plugins/methods/replenishment/purchase_cycles.h"

namespace encore::plugins::replenishment {

class ItemPurchases {
 public:
  explicit ItemPurchases(const sdk::Dataset& dataset) : dataset_(dataset), local_days_(dataset) {}

  // Calls fn(product, purchases, count) for every product customer c bought on at least
  // `min_days` lines (fewer lines cannot make that many purchase days), in no fixed order of
  // products. A line counts when it
  // has a product and a positive quantity: a return does not move the day a stock runs out.
  template <class Fn>
  void ForEachProduct(uint32_t c, size_t min_days, Fn&& fn) {
    entries_.clear();
    for (uint32_t o = dataset_.first_order(c); o < dataset_.end_order(c); ++o) {
      const uint32_t begin = dataset_.first_line(o), end = dataset_.end_line(o);
      int32_t day = 0;
      bool day_known = false;
      for (uint32_t l = begin; l < end; ++l) {
        const uint32_t product = dataset_.line_product(l);
        const int64_t quantity = dataset_.line_quantity_milli(l);
        if (product == sdk::Dataset::kNone || quantity <= 0) continue;
        if (!day_known) day = local_days_(dataset_.order_time(o)), day_known = true;
        // Field by field into place: a temporary Entry copied in stalls on store forwarding.
        Entry& e = entries_.emplace_back();
        e.product = product;
        e.day = day;
        e.time = dataset_.order_time(o);
        e.quantity_milli = quantity;
      }
    }
    if (entries_.size() < min_days) return;
    if (entries_.size() <= kSmall) {
      ForEachRepeatedProduct(min_days, fn);
      return;
    }
    // A large customer: a stable sort by product keeps each product's entries in time order.
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.product < b.product; });
    for (size_t i = 0; i < entries_.size();) {
      size_t j = i;
      while (j < entries_.size() && entries_[j].product == entries_[i].product) ++j;
      if (j - i >= min_days) {
        purchases_.clear();
        for (size_t k = i; k < j; ++k) Add(entries_[k]);
        fn(entries_[i].product, purchases_.data(), purchases_.size());
      }
      i = j;
    }
  }

 private:
  struct Entry {
    uint32_t product;
    int32_t day;
    int64_t time;
    int64_t quantity_milli;
  };
  // A customer with few lines (most of them): products met at least `min_days` times, in
  // order of first appearance, found by counting instead of sorting. The entries come in order
  // of time (a customer's orders are sorted by time), so each product's are too.
  template <class Fn>
  void ForEachRepeatedProduct(size_t min_days, Fn& fn) {
    const size_t n = entries_.size();
    uint64_t done = 0;  // bit i: entry i belongs to a product already looked at
    for (size_t i = 0; i + min_days <= n; ++i) {
      if ((done >> i) & 1u) continue;
      const uint32_t product = entries_[i].product;
      size_t count = 1;
      for (size_t j = i + 1; j < n; ++j) count += entries_[j].product == product;
      if (count < min_days) continue;
      purchases_.clear();
      for (size_t j = i; j < n; ++j) {
        if (entries_[j].product != product) continue;
        done |= uint64_t{1} << j;
        Add(entries_[j]);
      }
      fn(product, purchases_.data(), purchases_.size());
    }
  }

  // Appends an entry to the purchases being built: a day already there adds its quantity.
  void Add(const Entry& e) {
    if (!purchases_.empty() && purchases_.back().day == e.day) {
      purchases_.back().quantity_milli += e.quantity_milli;
    } else {
      ItemPurchase& p = purchases_.emplace_back();
      p.day = e.day;
      p.time = e.time;
      p.quantity_milli = e.quantity_milli;
    }
  }

  static constexpr size_t kSmall = 64;  // entries; bits of `done`
  const sdk::Dataset& dataset_;
  sdk::LocalDays local_days_;
  std::vector<Entry> entries_;
  std::vector<ItemPurchase> purchases_;
};

}  // namespace encore::plugins::replenishment

#endif  // ENCORE_PLUGINS_METHODS_REPLENISHMENT_ITEM_PURCHASES_H_
