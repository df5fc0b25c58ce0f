#include "plugins/methods/basket/recommendations.h"

#include <algorithm>
#include <encore/sdk/parallel.hpp>

#include "plugins/methods/basket/transactions.h"

namespace encore::plugins::basket {
namespace {

constexpr size_t kPollEvery = 1 << 14;

struct Candidate {
  double score;  // lift x confidence
  double lift;
  uint32_t product;
};

// Recommendations of the customers [first, last) written into `out` (disjoint slots, so two
// ranges can run at once). Returns how many customers got at least one product.
int64_t RecommendRange(const sdk::Dataset& dataset, const std::vector<Rule>& rules,
                       const std::vector<std::vector<uint32_t>>& rules_by_first,
                       size_t per_customer, size_t first, size_t last, Recommendations& out,
                       const std::function<void(size_t)>& poll) {
  int64_t with_recommendations = 0;
  std::vector<uint32_t> bought_stamp(dataset.product_count(), 0);
  std::vector<uint32_t> line_stamp(dataset.product_count(), 0);
  std::vector<uint32_t> bought;
  std::vector<Candidate> candidates;
  uint32_t order_stamp = 0;
  for (size_t c = first; c < last; ++c) {
    if (c % kPollEvery == 0) poll(c);
    const auto stamp = static_cast<uint32_t>(c + 1);
    bought.clear();
    for (uint32_t o = dataset.first_order(c), end = dataset.end_order(c); o < end; ++o) {
      if (IsPositive(dataset, o)) AppendPurchases(dataset, o, line_stamp, ++order_stamp, bought);
    }
    candidates.clear();
    size_t distinct = 0;
    for (uint32_t p : bought) {
      if (bought_stamp[p] == stamp) continue;  // bought in an earlier order too
      bought_stamp[p] = stamp;
      bought[distinct++] = p;
    }
    bought.resize(distinct);
    for (uint32_t p : bought) {
      for (uint32_t r : rules_by_first[p]) {
        const Rule& rule = rules[r];
        if (rule.antecedent_size == 2 && bought_stamp[rule.antecedent[1]] != stamp) continue;
        if (bought_stamp[rule.consequent] == stamp) continue;
        candidates.push_back(Candidate{rule.lift * rule.confidence, rule.lift, rule.consequent});
      }
    }
    if (candidates.empty()) continue;
    // Best score first; the product key and then the larger lift break ties.
    std::sort(candidates.begin(), candidates.end(), [&](const Candidate& x, const Candidate& y) {
      if (x.score != y.score) return x.score > y.score;
      if (x.product != y.product)
        return dataset.product_key(x.product) < dataset.product_key(y.product);
      return x.lift > y.lift;
    });
    std::string& text = out.products[c];
    size_t taken = 0;
    for (size_t i = 0; i < candidates.size() && taken < per_customer; ++i) {
      const uint32_t p = candidates[i].product;
      // A product suggested by several rules appears once, at its best place.
      bool repeated = false;
      for (size_t j = 0; j < i; ++j) repeated = repeated || candidates[j].product == p;
      if (repeated) continue;
      if (taken > 0) text += '|';
      text += dataset.product_key(p);
      ++taken;
    }
    out.best_lift[c] = candidates.front().lift;
    out.no_lift[c] = 0;
    ++with_recommendations;
  }
  return with_recommendations;
}

}  // namespace

Recommendations Recommend(const sdk::Dataset& dataset, const std::vector<Rule>& rules,
                          size_t per_customer, const std::function<void(size_t)>& poll) {
  const size_t customers = dataset.customer_count();
  Recommendations out;
  out.products.assign(customers, std::string());
  out.best_lift.assign(customers, 0.0);
  out.no_lift.assign(customers, 1);
  if (rules.empty() || per_customer == 0) return out;

  // Rules by the first product of their antecedent: a customer only visits the rules that
  // start with something they bought.
  std::vector<std::vector<uint32_t>> rules_by_first(dataset.product_count());
  for (uint32_t r = 0; r < rules.size(); ++r) rules_by_first[rules[r].antecedent[0]].push_back(r);

  // Two threads over the two halves of the customers; only this thread talks to the host.
  const size_t half = customers / 2;
  int64_t first_half = 0, second_half = 0;
  sdk::ForEachPart(2, [&](int part) {
    if (part == 0) {
      first_half = RecommendRange(dataset, rules, rules_by_first, per_customer, 0, half, out,
                                  [&](size_t done) { poll(done * 2); });
    } else {
      second_half = RecommendRange(dataset, rules, rules_by_first, per_customer, half, customers,
                                   out, [](size_t) {});
    }
  });
  out.customers_with_recommendations = first_half + second_half;
  poll(customers);
  return out;
}

}  // namespace encore::plugins::basket
