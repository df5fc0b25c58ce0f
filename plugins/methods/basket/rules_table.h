// The ranked association rules as the report table `basket.rules` (ABI 1.1 put_table): one row
// per rule, best first, so sinks write basket.rules.csv and the API can filter rules by product.
// Columns and their meaning are in README.md, "Rules table".
#pragma once

#include <encore/sdk/plugin.hpp>

#include <vector>

#include "plugins/methods/basket/association_rules.h"

namespace encore::plugins::basket {

constexpr char kRulesTableName[] = "basket.rules";

sdk::ReportTable RulesTable(const std::vector<Rule>& rules, const sdk::Dataset& dataset);

}  // namespace encore::plugins::basket
