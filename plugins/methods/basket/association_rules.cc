#include "plugins/methods/basket/association_rules.h"

#include <algorithm>
#include <utility>

namespace encore::plugins::basket {
namespace {

// Orders rules exactly: lift and confidence are compared as fractions with 128-bit cross
// products, so equal ratios tie and the keys decide, whatever the floating-point rounding.
class RuleOrder {
 public:
  explicit RuleOrder(const sdk::Dataset& dataset) : dataset_(dataset) {}

  bool operator()(const Rule& x, const Rule& y) const {
    // lift = count * N / (antecedent_count * consequent_count); N is common.
    const __int128 lift_x =
        static_cast<__int128>(x.count) * y.antecedent_count * y.consequent_count;
    const __int128 lift_y =
        static_cast<__int128>(y.count) * x.antecedent_count * x.consequent_count;
    if (lift_x != lift_y) return lift_x > lift_y;
    const __int128 conf_x = static_cast<__int128>(x.count) * y.antecedent_count;
    const __int128 conf_y = static_cast<__int128>(y.count) * x.antecedent_count;
    if (conf_x != conf_y) return conf_x > conf_y;
    if (x.count != y.count) return x.count > y.count;
    if (x.antecedent_size != y.antecedent_size) return x.antecedent_size < y.antecedent_size;
    for (uint32_t i = 0; i < x.antecedent_size; ++i) {
      const auto kx = dataset_.product_key(x.antecedent[i]);
      const auto ky = dataset_.product_key(y.antecedent[i]);
      if (kx != ky) return kx < ky;
    }
    return dataset_.product_key(x.consequent) < dataset_.product_key(y.consequent);
  }

 private:
  const sdk::Dataset& dataset_;
};

class RuleCollector {
 public:
  RuleCollector(const FrequentItemsets& sets, const sdk::Dataset& dataset,
                const RuleThresholds& thresholds)
      : sets_(sets), dataset_(dataset), thresholds_(thresholds) {}

  // X = {x1[, x2]} (frequent items), y a frequent item.
  void Offer(const uint32_t* x, uint32_t x_size, int64_t x_count, uint32_t y, int64_t count) {
    Rule r;
    r.antecedent_size = x_size;
    for (uint32_t i = 0; i < x_size; ++i) r.antecedent[i] = sets_.item_product[x[i]];
    if (x_size == 2 &&
        dataset_.product_key(r.antecedent[1]) < dataset_.product_key(r.antecedent[0])) {
      std::swap(r.antecedent[0], r.antecedent[1]);
    }
    r.consequent = sets_.item_product[y];
    r.count = count;
    r.antecedent_count = x_count;
    r.consequent_count = sets_.item_count[y];
    const auto n = static_cast<double>(sets_.transactions);
    r.support = static_cast<double>(count) / n;
    r.confidence = static_cast<double>(count) / static_cast<double>(x_count);
    r.lift = static_cast<double>(count) * n /
             (static_cast<double>(x_count) * static_cast<double>(r.consequent_count));
    if (r.confidence < thresholds_.min_confidence || r.lift < thresholds_.min_lift) return;
    rules_.push_back(r);
  }

  std::vector<Rule> Take() { return std::move(rules_); }

 private:
  const FrequentItemsets& sets_;
  const sdk::Dataset& dataset_;
  const RuleThresholds& thresholds_;
  std::vector<Rule> rules_;
};

}  // namespace

std::vector<Rule> RankedRules(const FrequentItemsets& sets, const sdk::Dataset& dataset,
                              const RuleThresholds& thresholds) {
  RuleCollector collector(sets, dataset, thresholds);
  for (const auto& p : sets.pairs) {
    collector.Offer(&p.a, 1, sets.item_count[p.a], p.b, p.count);
    collector.Offer(&p.b, 1, sets.item_count[p.b], p.a, p.count);
  }
  for (const auto& t : sets.triples) {
    // Every sub-pair of a frequent triple is a frequent pair (Apriori), so its count is known.
    const uint32_t ab[2] = {t.a, t.b}, ac[2] = {t.a, t.c}, bc[2] = {t.b, t.c};
    collector.Offer(ab, 2, sets.PairCount(t.a, t.b), t.c, t.count);
    collector.Offer(ac, 2, sets.PairCount(t.a, t.c), t.b, t.count);
    collector.Offer(bc, 2, sets.PairCount(t.b, t.c), t.a, t.count);
  }
  std::vector<Rule> rules = collector.Take();
  const RuleOrder order(dataset);
  const auto keep = std::min<size_t>(rules.size(), static_cast<size_t>(thresholds.max_rules));
  std::partial_sort(rules.begin(), rules.begin() + static_cast<std::ptrdiff_t>(keep), rules.end(),
                    order);
  rules.resize(keep);
  return rules;
}

}  // namespace encore::plugins::basket
