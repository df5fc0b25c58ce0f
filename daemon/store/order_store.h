// The columnar order store: every order line of a run, with interned ids, and the orders and
// per-customer order lists derived from them. Methods see it through encore_dataset_v1 without
// any copy.
//
// Netting rule (docs/metrics.md "Orders and returns"): an order is the set of lines sharing
// (customer_id, order_id); its value is the sum of its line amounts, returns (negative
// quantity) included, so a return inside an order reduces it and a return booked as its own
// order (e.g. a credit note "C536379") is an order with a negative value.
//
// Layout (encore_dataset_v1): customers get ids in order of first appearance (lanes in order,
// lines in emit order within a lane); a customer's orders are sorted by (time, order id bytes);
// an order's time is its earliest line's and its lines keep their own times; an order's manager
// is the first non-empty manager_id among its lines in store order, and the manager list holds
// the managers that manage at least one order. Batches are validated and copied by Append() on
// the emitting thread; Finish() uses every core (see store_assembly.h for the steps).
#pragma once

#include <encore/plugin_abi.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/common/time_zone.h"

namespace encore {

class OrderStore;
namespace store {
class LocalDayTable;
}

// What methods see of a store at one as-of instant. Owns the per-customer end of the visible
// order range (orders after as_of are hidden) and stays valid while the store and zone live.
class DatasetView {
 public:
  DatasetView();
  ~DatasetView();
  DatasetView(const DatasetView&) = delete;
  DatasetView& operator=(const DatasetView&) = delete;

  const encore_dataset_v1* get() const { return &view_; }
  // Customers with at least one order at or before as_of.
  size_t visible_customer_count() const { return visible_customers_; }
  bool visible(size_t customer) const {
    return view_.customer_order_end[customer] > view_.customer_order_begin[customer];
  }

 private:
  friend class OrderStore;
  encore_dataset_v1 view_{};
  std::vector<uint32_t> order_end_;
  size_t visible_customers_ = 0;
  std::unique_ptr<store::LocalDayTable> days_;  // behind view_.local_day (host_ctx)
};

// Collects emitted batches. Append() on different lanes may run concurrently; Append() on one
// lane must be serialized by the caller. Lane 0's lines come before lane 1's in the store.
class OrderStoreBuilder {
 public:
  explicit OrderStoreBuilder(int lanes);
  ~OrderStoreBuilder();

  int lanes() const;
  // Checks the batch (struct size, required columns, non-empty customer and order ids) and
  // copies it in. An invalid batch is refused as a whole with a message naming the reason.
  Status Append(int lane, const encore_line_batch_v1& batch);
  int64_t line_count() const;  // safe to call while appending

  // Merges the lanes into one store. `default_currency` applies to batches without one; a
  // batch in another currency is an error (one currency per pipeline).
  Result<std::unique_ptr<OrderStore>> Finish(const std::string& default_currency);

 private:
  struct Lane;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::atomic<int64_t> line_count_{0};
};

// Where the time of OrderStoreBuilder::Finish() went, for benchmarks and run diagnostics.
struct StoreBuildTimings {
  double dictionaries = 0;  // merging the lanes' id dictionaries
  double buckets = 0;       // bucketing runs of lines by customer
  double orders = 0;        // grouping runs into orders, sorting each customer's orders
  double lines = 0;         // copying the line columns into order order
  double total = 0;
};

class OrderStore {
 public:
  ~OrderStore();

  size_t line_count() const;
  size_t order_count() const;
  size_t customer_count() const;
  size_t product_count() const;
  size_t manager_count() const;
  const std::string& currency() const;
  int64_t first_order_time() const;  // 0 when empty
  int64_t last_order_time() const;   // 0 when empty
  const StoreBuildTimings& build_timings() const;
  // Index of a customer by its source id, or UINT32_MAX.
  uint32_t FindCustomer(std::string_view customer_id) const;

  // A zero-copy view for methods as of `as_of` (UTC seconds, inclusive). Valid while this store
  // and `zone` are alive.
  std::unique_ptr<DatasetView> View(int64_t as_of, const TimeZone& zone) const;

  struct Impl;
  explicit OrderStore(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace encore
