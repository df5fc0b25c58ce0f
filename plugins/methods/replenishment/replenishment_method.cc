// The replenishment method: for every customer-product pair bought at a steady rhythm
// (purchase_cycles.h), the usual interval and the date the customer is expected to buy again;
// per customer the number of such products and the earliest expected date; an item_due event
// and a row of the report table replenishment.due for every pair whose date is near or just
// past. Definitions: README.md.
#include <encore/sdk/parallel.hpp>
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "plugins/methods/replenishment/item_purchases.h"
#include "plugins/methods/replenishment/purchase_cycles.h"
#include "plugins/methods/replenishment/replenishment_options.h"

namespace encore::plugins::replenishment {
namespace {

constexpr size_t kPollEvery = 1 << 14;  // customers between two looks at stop_requested()
constexpr size_t kEventBlock = 4096;    // events handed over per put_events call
constexpr encore_str kNoText{"", 0};

// A regular pair whose expected date is near or just past.
struct DueItem {
  uint32_t customer;
  uint32_t product;
  Cycle cycle;
  CycleState state;
};

// What one thread found in its range of customers. A cache line of its own: the threads
// count into theirs as they go.
struct alignas(64) PartResult {
  std::vector<DueItem> due;
  int64_t customers_with_items = 0, regular_items = 0, lapsed_items = 0;
};

struct ScoreColumns {
  std::vector<int64_t> items, next_at;
  std::vector<uint8_t> next_at_null;
  std::vector<encore_str> next_product;
  explicit ScoreColumns(size_t n)
      : items(n, 0), next_at(n, 0), next_at_null(n, 1), next_product(n, kNoText) {}
};

class ReplenishmentMethod : public sdk::Method {
 public:
  explicit ReplenishmentMethod(const sdk::PluginContext& context)
      : Method(context),
        options_(ParseReplenishmentOptions(context.config)),
        parts_(static_cast<size_t>(options_.threads)) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const size_t n = dataset.customer_count();
    ScoreColumns scores(n);
    std::vector<PartResult> parts(static_cast<size_t>(options_.threads));
    if (dataset.product_count() == 0) {
      context.warn("not applicable: no product ids");
    } else {
      const int32_t as_of_day = dataset.local_day(dataset.as_of());
      // Asked once before the threads start, so that a run cancelled before it began puts
      // nothing; later, a part that has finished may have put its events already (the host
      // commits nothing of a cancelled run).
      if (context.stop_requested()) throw sdk::Cancelled();
      std::atomic<bool> stopped{false};
      sdk::ForEachRange(n, options_.threads, [&](int part, size_t begin, size_t end) {
        PartResult& result = parts[static_cast<size_t>(part)];
        if (ScanCustomers(dataset, as_of_day, begin, end, part == 0 ? &context : nullptr, &stopped,
                          &scores, &result)) {
          PutEvents(dataset, context, result.due);
        }
      });
    }
    context.progress(static_cast<int64_t>(n), static_cast<int64_t>(n));

    context.put_scores("replenishment_items", scores.items);
    context.put_scores("next_replenishment_at", scores.next_at, scores.next_at_null);
    context.put_scores("next_replenishment_product", scores.next_product);
    PutDueTable(dataset, context, parts);
    PutMetrics(context, parts);
  }

 private:
  // Customers [begin, end): their score rows, due items and counts. `context` is given to the
  // calling thread's part only, which asks the host whether to stop (and throws Cancelled),
  // tells the other parts through `stopped` and reports progress. Returns false when stopped.
  bool ScanCustomers(const sdk::Dataset& dataset, int32_t as_of_day, size_t begin, size_t end,
                     const sdk::MethodContext* context, std::atomic<bool>* stopped,
                     ScoreColumns* scores, PartResult* result) const {
    const CycleOptions& o = options_.cycle;
    ItemPurchases items(dataset);
    for (size_t c = begin; c < end; ++c) {
      if ((c - begin) % kPollEvery == 0 && stopped->load(std::memory_order_relaxed)) return false;
      if (context != nullptr && (c - begin) % kPollEvery == 0) {
        if (context->stop_requested()) {
          stopped->store(true, std::memory_order_relaxed);
          throw sdk::Cancelled();
        }
        // The parts are of equal size: this one's share stands for all of them.
        context->progress(static_cast<int64_t>((c - begin) * parts_),
                          static_cast<int64_t>(dataset.customer_count()));
      }
      int64_t count = 0, next_at = 0;
      uint32_t next_product = sdk::Dataset::kNone;
      const auto customer = static_cast<uint32_t>(c);
      items.ForEachProduct(customer, static_cast<size_t>(o.min_purchases),
                           [&](uint32_t product, const ItemPurchase* purchases, size_t k) {
                             const Cycle cycle = DetectCycle(purchases, k, o);
                             if (!cycle.regular) return;
                             ++result->regular_items;
                             const CycleState state = StateOf(cycle, as_of_day, o);
                             if (state.stage == CycleStage::kLapsed) {
                               ++result->lapsed_items;
                               return;
                             }
                             if (state.stage == CycleStage::kDue) {
                               result->due.push_back(DueItem{customer, product, cycle, state});
                             }
                             // Ties go to the lower product index, whatever the order of
                             // the calls.
                             if (count == 0 || state.expected_at < next_at ||
                                 (state.expected_at == next_at && product < next_product)) {
                               next_at = state.expected_at;
                               next_product = product;
                             }
                             ++count;
                           });
      if (count == 0) continue;
      ++result->customers_with_items;
      scores->items[c] = count;
      scores->next_at[c] = next_at;
      scores->next_at_null[c] = 0;
      const std::string_view key = dataset.product_key(next_product);
      scores->next_product[c] = encore_str{key.data(), key.size()};
    }
    return !stopped->load(std::memory_order_relaxed);
  }

  // item_due events of one part, handed over in blocks (put_events is thread-safe).
  static void PutEvents(const sdk::Dataset& dataset, const sdk::MethodContext& context,
                        const std::vector<DueItem>& due) {
    std::vector<sdk::Event> events;
    for (const DueItem& d : due) {
      const std::string product(dataset.product_key(d.product));
      sdk::Event& e = events.emplace_back();
      e.customer = d.customer;
      e.type = "item_due";
      e.subject = product;
      e.priority = 2;
      // Overdue items are due now.
      e.due_at = std::max(d.state.expected_at, dataset.as_of());
      e.evidence = {{"product_id", product},
                    {"usual_interval_days", d.cycle.usual_interval_days},
                    {"interval_cv", d.cycle.interval_cv},
                    {"days_since_last_purchase", d.state.days_since_last_purchase},
                    {"last_purchase_at", d.cycle.last_time},
                    {"expected_at", d.state.expected_at},
                    {"purchases", d.cycle.purchases},
                    {"usual_quantity", d.cycle.usual_quantity}};
      if (events.size() == kEventBlock) {
        context.put_events(events);
        events.clear();
      }
    }
    context.put_events(events);
  }

  // replenishment.due: one row per due item, by expected date, then customer and product id.
  static void PutDueTable(const sdk::Dataset& dataset, const sdk::MethodContext& context,
                          const std::vector<PartResult>& parts) {
    std::vector<const DueItem*> rows;
    for (const PartResult& part : parts) {
      for (const DueItem& d : part.due) rows.push_back(&d);
    }
    std::sort(rows.begin(), rows.end(), [&](const DueItem* a, const DueItem* b) {
      return std::make_tuple(a->state.expected_at, dataset.customer_key(a->customer),
                             dataset.product_key(a->product)) <
             std::make_tuple(b->state.expected_at, dataset.customer_key(b->customer),
                             dataset.product_key(b->product));
    });
    std::vector<std::string> customer_id, product_id;
    std::vector<int64_t> expected_at, days_since;
    std::vector<double> interval;
    for (const DueItem* d : rows) {
      customer_id.emplace_back(dataset.customer_key(d->customer));
      product_id.emplace_back(dataset.product_key(d->product));
      expected_at.push_back(d->state.expected_at);
      interval.push_back(d->cycle.usual_interval_days);
      days_since.push_back(d->state.days_since_last_purchase);
    }
    sdk::ReportTable table;
    table.add("customer_id", std::move(customer_id));
    table.add("product_id", std::move(product_id));
    table.add("expected_at", std::move(expected_at));
    table.add("usual_interval_days", std::move(interval));
    table.add("days_since_last_purchase", std::move(days_since));
    context.put_table("replenishment.due", table);
  }

  static void PutMetrics(const sdk::MethodContext& context, const std::vector<PartResult>& parts) {
    int64_t customers = 0, regular = 0, lapsed = 0, due = 0;
    for (const PartResult& part : parts) {
      customers += part.customers_with_items;
      regular += part.regular_items;
      lapsed += part.lapsed_items;
      due += static_cast<int64_t>(part.due.size());
    }
    context.put_metric("replenishment.customers", static_cast<double>(customers));
    context.put_metric("replenishment.regular_items", static_cast<double>(regular));
    context.put_metric("replenishment.due_items", static_cast<double>(due));
    context.put_metric("replenishment.lapsed_items", static_cast<double>(lapsed));
  }

  ReplenishmentOptions options_;
  size_t parts_;
};

}  // namespace
}  // namespace encore::plugins::replenishment

ENCORE_PLUGIN(encore::plugins::replenishment::ReplenishmentMethod, "replenishment", "1.0.0",
              "Products a customer buys at a steady rhythm: the usual interval, the expected "
              "date of the next purchase, and item_due events when it is near.",
              encore::plugins::replenishment::kReplenishmentOptions)
