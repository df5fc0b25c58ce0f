// Per-customer recommendations from ranked rules: the products a customer has not bought that
// rules whose antecedent they have bought point to, best lift x confidence first.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <functional>
#include <string>
#include <vector>

#include "plugins/methods/basket/association_rules.h"

namespace encore::plugins::basket {

struct Recommendations {
  std::vector<std::string> products;  // "P1|P2|P3", "" when none; one per customer
  std::vector<double> best_lift;      // lift of the rule behind the first product
  std::vector<uint8_t> no_lift;       // 1 when the customer got no recommendation
  int64_t customers_with_recommendations = 0;
};

// A customer's purchases are the products of their transactions (visible positive orders,
// lines with a positive quantity), over their whole visible history. `poll(done)` is called
// every few thousand customers and may throw to stop.
Recommendations Recommend(const sdk::Dataset& dataset, const std::vector<Rule>& rules,
                          size_t per_customer, const std::function<void(size_t)>& poll);

}  // namespace encore::plugins::basket
