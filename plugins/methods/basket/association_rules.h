// Association rules X -> y from frequent itemsets, |X| = 1 or 2, with the exact ranking of
// README.md: lift, then confidence, then support (all descending), then the product keys.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <vector>

#include "plugins/methods/basket/itemset_miner.h"

namespace encore::plugins::basket {

struct Rule {
  uint32_t antecedent[2] = {0, 0};  // product ids, ascending by product key
  uint32_t antecedent_size = 1;
  uint32_t consequent = 0;       // product id
  int64_t count = 0;             // transactions holding X and y
  int64_t antecedent_count = 0;  // transactions holding X
  int64_t consequent_count = 0;  // transactions holding y
  double support = 0, confidence = 0, lift = 0;
};

struct RuleThresholds {
  double min_confidence = 0.1;
  double min_lift = 1.0;
  int64_t max_rules = 1000;
};

// Every rule of the itemsets passing the thresholds, best first, at most max_rules.
std::vector<Rule> RankedRules(const FrequentItemsets& sets, const sdk::Dataset& dataset,
                              const RuleThresholds& thresholds);

}  // namespace encore::plugins::basket
