#include "plugins/methods/product_profile/category_map.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <string_view>
#include <utility>

namespace encore::plugins::product_profile {
namespace {

std::string_view Trim(std::string_view s) {
  const auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits one CSV line into fields; returns false on an unterminated quote or text after a
// closing quote.
bool SplitCsvLine(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  size_t i = 0;
  while (true) {
    // Skip spaces before a field so that `a, "b"` reads as two fields.
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      if (i < line.size() && line[i] != ',') return false;
    } else {
      const size_t end = std::min(line.find(',', i), line.size());
      field = std::string(Trim(line.substr(i, end - i)));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

}  // namespace

std::vector<uint32_t> CategoryMap::ForDataset(const sdk::Dataset& dataset) const {
  std::vector<uint32_t> out(dataset.product_count(), other);
  for (size_t p = 0; p < dataset.product_count(); ++p) {
    const std::string_view key = dataset.product_key(p);
    // absl::string_view: Debian's Abseil has its own type under C++17.
    auto it = category_of_product.find(absl::string_view(key.data(), key.size()));
    if (it != category_of_product.end()) out[p] = it->second;
  }
  return out;
}

CategoryMap LoadCategoryMap(const std::string& path, const std::string& option) {
  const std::string where = "option '" + option + "': ";
  std::ifstream in(path);
  if (!in) throw sdk::ConfigError(where + "cannot open category file '" + path + "'");
  std::map<std::string, std::string> category_of;  // product -> category name
  std::vector<std::string> fields;
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    const std::string at = where + path + ":" + std::to_string(number) + ": ";
    if (Trim(line).empty()) continue;
    if (!SplitCsvLine(line, fields)) throw sdk::ConfigError(at + "unbalanced quotes");
    if (number == 1 && fields.size() == 2 && fields[0] == "product_id" && fields[1] == "category") {
      continue;  // the header
    }
    if (fields.size() != 2) {
      throw sdk::ConfigError(at + "expected 2 fields product_id,category, got " +
                             std::to_string(fields.size()));
    }
    if (fields[0].empty() || fields[1].empty()) {
      throw sdk::ConfigError(at + "empty " + (fields[0].empty() ? "product_id" : "category"));
    }
    if (fields[1].find('|') != std::string::npos) {
      // '|' separates the categories of bought_categories.
      throw sdk::ConfigError(at + "category '" + fields[1] + "' contains '|'");
    }
    auto [it, added] = category_of.emplace(fields[0], fields[1]);
    if (!added && it->second != fields[1]) {
      throw sdk::ConfigError(at + "product '" + fields[0] + "' is in category '" + it->second +
                             "' and in '" + fields[1] + "'");
    }
  }
  if (in.bad()) throw sdk::ConfigError(where + "cannot read category file '" + path + "'");

  CategoryMap map;
  std::map<std::string, uint32_t> index;
  index[kOtherCategory] = 0;
  for (const auto& [product, category] : category_of) index[category] = 0;
  for (auto& [name, i] : index) {
    i = static_cast<uint32_t>(map.names.size());
    map.names.push_back(name);
  }
  map.other = index[kOtherCategory];
  map.category_of_product.reserve(category_of.size());
  for (const auto& [product, category] : category_of) {
    map.category_of_product.emplace(product, index[category]);
  }
  return map;
}

}  // namespace encore::plugins::product_profile
