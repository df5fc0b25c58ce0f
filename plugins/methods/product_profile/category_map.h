// The product -> category map of a pipeline, read once from a CSV file of product_id,category
// when the method instance is created. Products the file does not name are in category "other".
#pragma once

#include <absl/container/flat_hash_map.h>
#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace encore::plugins::product_profile {

constexpr char kOtherCategory[] = "other";

struct CategoryMap {
  // Every category of the file plus "other", in byte order: an index order that is also the
  // order categories are listed in.
  std::vector<std::string> names;
  uint32_t other = 0;  // index of "other" in names
  absl::flat_hash_map<std::string, uint32_t> category_of_product;

  // Category index of every dataset product (UINT32_MAX products map to nothing).
  std::vector<uint32_t> ForDataset(const sdk::Dataset& dataset) const;
};

// Reads `path` (option `option` for messages). The file has one product_id,category pair a line,
// optionally a header line "product_id,category"; fields may be quoted as in RFC 4180 (a quoted
// field cannot span lines); spaces around fields and blank lines are ignored. Throws
// sdk::ConfigError naming the file (and line) when it cannot be read, a line does not have two
// non-empty fields, a category contains '|', or a product is given two different categories.
CategoryMap LoadCategoryMap(const std::string& path, const std::string& option);

}  // namespace encore::plugins::product_profile
