// The product_profile method, the "P" of RFMP: for every customer, the products (and, with a
// category map, the categories) that took their net spend, and how many distinct products they
// bought; overall shares of spend by product and category. Every value is defined in README.md.
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "plugins/methods/product_profile/category_map.h"
#include "plugins/methods/product_profile/customer_profiles.h"

namespace encore::plugins::product_profile {
namespace {

constexpr encore_option_v1 kProductProfileOptions[] = {
    sdk::Option("top_n", ENCORE_OPTION_INT, "3",
                "Products listed in top_products, largest share of the customer's net spend "
                "first (1..100)."),
    sdk::Option("categories_file", ENCORE_OPTION_STRING, "\"\"",
                "CSV file of product_id,category lines; products it does not name are in "
                "category 'other'. Empty: no categories."),
};

// Threads for the pass over customers: the machines this runs on have 2 cores.
constexpr int kThreads = 2;
constexpr size_t kTopProductsListed = 20;
constexpr char kNoProducts[] = "not applicable: no product ids";

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// The products with the largest spend over all customers (spend descending, then key).
nlohmann::json TopProductsJson(const ProductProfiles& profiles, const sdk::Dataset& dataset) {
  std::vector<uint32_t> products;
  for (size_t p = 0; p < profiles.product_spend.size(); ++p) {
    if (profiles.product_spend[p] > 0) products.push_back(static_cast<uint32_t>(p));
  }
  const size_t keep = std::min(kTopProductsListed, products.size());
  std::partial_sort(products.begin(), products.begin() + static_cast<std::ptrdiff_t>(keep),
                    products.end(), [&](uint32_t x, uint32_t y) {
                      const int64_t sx = profiles.product_spend[x], sy = profiles.product_spend[y];
                      if (sx != sy) return sx > sy;
                      return dataset.product_key(x) < dataset.product_key(y);
                    });
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < keep; ++i) {
    const uint32_t p = products[i];
    out.push_back({{"product", std::string(dataset.product_key(p))},
                   {"spend", profiles.product_spend[p]},
                   {"share", Share(profiles.product_spend[p], profiles.spend)},
                   {"customers", profiles.product_customers[p]}});
  }
  return out;
}

class ProductProfileMethod : public sdk::Method {
 public:
  explicit ProductProfileMethod(const sdk::PluginContext& context)
      : Method(context), top_n_(context.config.integer("top_n")) {
    if (top_n_ < 1 || top_n_ > 100) {
      throw sdk::ConfigError("option 'top_n' must be from 1 to 100, got " + std::to_string(top_n_));
    }
    const std::string file = context.config.string("categories_file");
    if (!file.empty()) categories_ = LoadCategoryMap(file, "categories_file");
  }

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    if (dataset.product_count() == 0) {
      context.put_metric_json("product_profile.status", kNoProducts);
      context.warn(std::string("product_profile: ") + kNoProducts);
      return;
    }
    const CategoryMap* map = categories_ ? &*categories_ : nullptr;
    const std::vector<uint32_t> product_category =
        map != nullptr ? map->ForDataset(dataset) : std::vector<uint32_t>();
    const auto total = static_cast<int64_t>(dataset.customer_count());
    const ProductProfiles profiles = ComputeProfiles(
        dataset, static_cast<size_t>(top_n_), map, product_category, kThreads, [&](size_t done) {
          if (context.stop_requested()) throw sdk::Cancelled();
          context.progress(std::min(static_cast<int64_t>(done), total), total);
        });

    context.put_scores("top_products", profiles.top_products);
    context.put_scores("product_breadth", profiles.product_breadth);
    if (map != nullptr) {
      context.put_scores("top_category", profiles.top_category);
      context.put_scores("bought_categories", profiles.bought_categories);
    }
    PutMetrics(context, dataset, profiles, map);
  }

 private:
  void PutMetrics(const sdk::MethodContext& context, const sdk::Dataset& dataset,
                  const ProductProfiles& profiles, const CategoryMap* map) const {
    context.put_metric_json("product_profile.status", "ok");
    context.put_metric("product_profile.customers", static_cast<double>(profiles.customers),
                       "customers");
    context.put_metric("product_profile.customers_with_products",
                       static_cast<double>(profiles.customers_with_products), "customers");
    context.put_metric("product_profile.spend", static_cast<double>(profiles.spend), "minor");
    const auto products_bought =
        std::count_if(profiles.product_customers.begin(), profiles.product_customers.end(),
                      [](int64_t customers) { return customers > 0; });
    context.put_metric("product_profile.products_bought", static_cast<double>(products_bought),
                       "products");
    int64_t breadth = 0;
    for (int64_t b : profiles.product_breadth) breadth += b;
    context.put_metric("product_profile.average_breadth",
                       Share(breadth, profiles.customers_with_products), "products");
    context.put_metric("product_profile.top_n", static_cast<double>(top_n_), "products");
    context.put_metric_json("product_profile.top_products", TopProductsJson(profiles, dataset));
    if (map == nullptr) return;
    nlohmann::json shares = nlohmann::json::object(), customers = nlohmann::json::object();
    for (size_t k = 0; k < map->names.size(); ++k) {
      shares[map->names[k]] = Share(profiles.category_spend[k], profiles.spend);
      customers[map->names[k]] = profiles.category_customers[k];
    }
    context.put_metric_json("product_profile.category_shares", shares);
    context.put_metric_json("product_profile.category_customers", customers);
  }

  int64_t top_n_;
  std::optional<CategoryMap> categories_;
};

}  // namespace
}  // namespace encore::plugins::product_profile

ENCORE_PLUGIN(encore::plugins::product_profile::ProductProfileMethod, "product_profile", "1.0.0",
              "The P of RFMP: each customer's top products by share of net spend, product "
              "breadth and, with a category map, top and bought categories; overall shares.",
              encore::plugins::product_profile::kProductProfileOptions)
