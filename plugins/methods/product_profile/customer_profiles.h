// Per-customer product profiles: what share of their net spend went to which product (and
// category), and how many distinct products they bought. Definitions in README.md.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "plugins/methods/product_profile/category_map.h"

namespace encore::plugins::product_profile {

struct ProductProfiles {
  // One per customer. The string views point into `text` or into the category map's names and
  // stay valid while this object and the map live (moving this object keeps them valid: the
  // bytes are in heap buffers that a move hands over).
  std::vector<encore_str> top_products;
  std::vector<int64_t> product_breadth;
  std::vector<encore_str> top_category;       // only with a category map
  std::vector<encore_str> bought_categories;  // only with a category map

  int64_t customers = 0;                // with a visible order
  int64_t customers_with_products = 0;  // with a product of positive net spend
  int64_t spend = 0;                    // sum of every customer's positive product spends
  std::vector<int64_t> product_spend;   // per dataset product: its customers' positive spends
  std::vector<int64_t> product_customers;
  std::vector<int64_t> category_spend;  // per category of the map
  std::vector<int64_t> category_customers;

  std::vector<std::string> text;  // one buffer per part of the work
};

// `product_category` has a category index per dataset product (CategoryMap::ForDataset), or is
// empty without a map. `poll(done)` is called from the calling thread every few thousand
// customers and may throw to stop; the other parts then stop too.
ProductProfiles ComputeProfiles(const sdk::Dataset& dataset, size_t top_n, const CategoryMap* map,
                                const std::vector<uint32_t>& product_category, int parts,
                                const std::function<void(size_t)>& poll);

}  // namespace encore::plugins::product_profile
