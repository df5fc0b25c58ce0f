// The basket method: "frequently bought together" association rules over the orders of a run,
// exact (every transaction counted, no sampling), published as the report table basket.rules,
// and per-customer product recommendations. Every number is defined in README.md.
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "plugins/methods/basket/association_rules.h"
#include "plugins/methods/basket/basket_options.h"
#include "plugins/methods/basket/itemset_miner.h"
#include "plugins/methods/basket/recommendations.h"
#include "plugins/methods/basket/rules_table.h"
#include "plugins/methods/basket/transactions.h"

namespace encore::plugins::basket {
namespace {

constexpr encore_option_v1 kBasketOptions[] = {
    sdk::Option("min_support", ENCORE_OPTION_DOUBLE, "0.001",
                "Smallest share of transactions an itemset must appear in to be frequent."),
    sdk::Option("min_count", ENCORE_OPTION_INT, "10",
                "Smallest number of transactions an itemset must appear in to be frequent."),
    sdk::Option("min_confidence", ENCORE_OPTION_DOUBLE, "0.1",
                "Smallest confidence P(y | X) of a rule X -> y."),
    sdk::Option("min_lift", ENCORE_OPTION_DOUBLE, "1.0", "Smallest lift of a rule X -> y."),
    sdk::Option("max_rules", ENCORE_OPTION_INT, "1000",
                "Most rules kept (best first: lift, confidence, support, product keys)."),
    sdk::Option("recommendations", ENCORE_OPTION_INT, "3",
                "Most products recommended per customer."),
};

// Threads for the counting passes: the machines this runs on have 2 cores.
constexpr int kThreads = 2;
constexpr size_t kTopPairs = 20;
constexpr char kNoProducts[] = "not applicable: no product ids";

// The most frequent pairs (count descending, then product keys), whatever their rules' quality.
nlohmann::json TopPairsJson(const FrequentItemsets& sets, const sdk::Dataset& dataset) {
  struct Named {
    std::string_view first, second;
    const FrequentItemsets::Pair* pair;
  };
  std::vector<Named> named;
  named.reserve(sets.pairs.size());
  for (const auto& p : sets.pairs) {
    auto x = dataset.product_key(sets.item_product[p.a]);
    auto y = dataset.product_key(sets.item_product[p.b]);
    if (y < x) std::swap(x, y);
    named.push_back(Named{x, y, &p});
  }
  const size_t keep = std::min(kTopPairs, named.size());
  std::partial_sort(named.begin(), named.begin() + static_cast<std::ptrdiff_t>(keep), named.end(),
                    [](const Named& x, const Named& y) {
                      if (x.pair->count != y.pair->count) return x.pair->count > y.pair->count;
                      return std::tie(x.first, x.second) < std::tie(y.first, y.second);
                    });
  nlohmann::json out = nlohmann::json::array();
  const auto n = static_cast<double>(sets.transactions);
  for (size_t i = 0; i < keep; ++i) {
    const auto& p = *named[i].pair;
    out.push_back({{"items", {std::string(named[i].first), std::string(named[i].second)}},
                   {"count", p.count},
                   {"support", static_cast<double>(p.count) / n},
                   {"lift", static_cast<double>(p.count) * n /
                                (static_cast<double>(sets.item_count[p.a]) *
                                 static_cast<double>(sets.item_count[p.b]))}});
  }
  return out;
}

class BasketMethod : public sdk::Method {
 public:
  explicit BasketMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParseBasketOptions(context.config)) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const auto stop_check = [&] {
      if (context.stop_requested()) throw sdk::Cancelled();
    };
    if (dataset.product_count() == 0) {
      // Nothing to associate: say so and leave the customers without basket scores.
      context.put_metric_json("basket.status", kNoProducts);
      context.put_metric("basket.transactions", 0);
      context.warn(std::string("basket: ") + kNoProducts);
      return;
    }
    const int64_t total = static_cast<int64_t>(dataset.customer_count()) * 2;
    std::vector<Transactions> chunks = CollectTransactionsParallel(dataset, kThreads);
    stop_check();
    const FrequentItemsets sets = MineFrequentItemsets(
        chunks, dataset.product_count(), options_.min_support, options_.min_count, stop_check);
    chunks.clear();
    context.progress(total / 2, total);
    const std::vector<Rule> rules =
        RankedRules(sets, dataset,
                    RuleThresholds{options_.min_confidence, options_.min_lift, options_.max_rules});
    const Recommendations recs =
        Recommend(dataset, rules, static_cast<size_t>(options_.recommendations), [&](size_t done) {
          stop_check();
          context.progress(total / 2 + static_cast<int64_t>(done), total);
        });

    context.put_scores("recommended_products", recs.products);
    context.put_scores("recommendation_lift", recs.best_lift, recs.no_lift);
    context.put_metric_json("basket.status", "ok");
    context.put_metric("basket.transactions", static_cast<double>(sets.transactions));
    context.put_metric("basket.min_count", static_cast<double>(sets.min_count));
    context.put_metric("basket.frequent_items", static_cast<double>(sets.item_product.size()));
    context.put_metric("basket.frequent_pairs", static_cast<double>(sets.pairs.size()));
    context.put_metric("basket.frequent_triples", static_cast<double>(sets.triples.size()));
    context.put_metric("basket.customers_with_recommendations",
                       static_cast<double>(recs.customers_with_recommendations));
    context.put_metric("basket.rules_kept", static_cast<double>(rules.size()));
    sdk::ReportTable table = RulesTable(rules, dataset);
    context.put_table(kRulesTableName, table);
    context.put_metric_json("basket.top_pairs", TopPairsJson(sets, dataset));
    if (sets.transactions == 0) {
      context.warn("basket: no visible order with a positive value and a purchased product");
    }
  }

 private:
  BasketOptions options_;
};

}  // namespace
}  // namespace encore::plugins::basket

ENCORE_PLUGIN(encore::plugins::basket::BasketMethod, "basket", "1.1.0",
              "Frequently bought together: exact association rules over pairs and triples of "
              "products, and up to N recommended products per customer.",
              encore::plugins::basket::kBasketOptions)
