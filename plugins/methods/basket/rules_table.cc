#include "plugins/methods/basket/rules_table.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace encore::plugins::basket {

sdk::ReportTable RulesTable(const std::vector<Rule>& rules, const sdk::Dataset& dataset) {
  const size_t n = rules.size();
  std::vector<int64_t> rank(n), antecedent_size(n), count(n), antecedent_count(n),
      consequent_count(n);
  std::vector<double> support(n), confidence(n), lift(n);
  std::vector<std::string> antecedent(n), consequent(n), products(n);
  for (size_t i = 0; i < n; ++i) {
    const Rule& r = rules[i];
    rank[i] = static_cast<int64_t>(i) + 1;
    // Rule antecedents are already ascending by product key.
    std::string joined(dataset.product_key(r.antecedent[0]));
    if (r.antecedent_size == 2) joined.append("+").append(dataset.product_key(r.antecedent[1]));
    antecedent[i] = std::move(joined);
    consequent[i] = std::string(dataset.product_key(r.consequent));
    // Every product of the rule in key order, wrapped in '|' so that a "contains |P|" filter
    // matches whole product ids only.
    std::string_view keys[3] = {
        dataset.product_key(r.antecedent[0]),
        r.antecedent_size == 2 ? dataset.product_key(r.antecedent[1]) : std::string_view(),
        dataset.product_key(r.consequent)};
    const size_t k = r.antecedent_size + 1;
    if (k == 2) keys[1] = keys[2];
    for (size_t a = 1; a < k; ++a) {  // insertion sort of at most three keys
      for (size_t b = a; b > 0 && keys[b] < keys[b - 1]; --b) std::swap(keys[b], keys[b - 1]);
    }
    std::string wrapped = "|";
    for (size_t a = 0; a < k; ++a) wrapped.append(keys[a]).append("|");
    products[i] = std::move(wrapped);
    antecedent_size[i] = r.antecedent_size;
    count[i] = r.count;
    antecedent_count[i] = r.antecedent_count;
    consequent_count[i] = r.consequent_count;
    support[i] = r.support;
    confidence[i] = r.confidence;
    lift[i] = r.lift;
  }
  sdk::ReportTable table;
  table.add("rank", std::move(rank));
  table.add("antecedent", std::move(antecedent));
  table.add("consequent", std::move(consequent));
  table.add("antecedent_size", std::move(antecedent_size));
  table.add("support", std::move(support));
  table.add("confidence", std::move(confidence));
  table.add("lift", std::move(lift));
  table.add("count", std::move(count));
  table.add("antecedent_count", std::move(antecedent_count));
  table.add("consequent_count", std::move(consequent_count));
  table.add("products", std::move(products));
  return table;
}

}  // namespace encore::plugins::basket
