// Which customers of a run a list shows and in what order: score filters and score order over
// decoded columns. Internal to the state module; the rules are documented on
// StateStore::ListCustomers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/state/column_codec.h"
#include "daemon/state/state_store.h"

namespace encore::selection {

// One filter bound to the column of its score. Text scores are matched once per distinct
// value (the dictionary), then per customer by the value's code.
class CompiledFilter {
 public:
  // `index` is the filter's place in the request, for messages ("filters[1].value: ...").
  // InvalidArgument when the operator does not apply to the column's type or the value is not
  // a number for a numeric score.
  static Result<CompiledFilter> Compile(size_t index, const ScoreFilter& filter,
                                        const columns::DecodedColumn& column);
  // Keeps the rows that match; a row without a value never matches.
  void Apply(std::vector<uint32_t>& rows) const;

 private:
  enum class Compare { kInteger, kDouble, kText };
  CompiledFilter(const columns::DecodedColumn& column, FilterOp op) : column_(&column), op_(op) {}
  const columns::DecodedColumn* column_;
  FilterOp op_;
  Compare compare_ = Compare::kText;
  int64_t integer_ = 0;
  double number_ = 0;
  std::vector<uint8_t> entry_matches_;  // kText: per string entry
};

// A finite number written in full ("4", "0.25", "1e3"); nullopt otherwise.
std::optional<double> ParseDouble(const std::string& text);

// Whether `value` op `wanted` holds for the comparison operators (eq .. ge); false for the
// list operators, which compare items, not values.
template <class T>
bool Holds(FilterOp op, const T& value, const T& wanted) {
  switch (op) {
    case FilterOp::kEq:
      return value == wanted;
    case FilterOp::kNe:
      return value != wanted;
    case FilterOp::kLt:
      return value < wanted;
    case FilterOp::kLe:
      return value <= wanted;
    case FilterOp::kGt:
      return value > wanted;
    case FilterOp::kGe:
      return value >= wanted;
    default:
      return false;
  }
}

// Checks that need no run: a score name, and an item for contains / not_contains.
Status CheckFilter(size_t index, const ScoreFilter& filter);

// True when `list` ("|coffee|tea|" or "coffee|tea") has `item` as one of its '|'-separated
// items. "tea" is in "|coffee|tea|"; "te" and "coffee|tea" are not.
bool HasItem(std::string_view list, std::string_view item);

// Rows [offset, offset + count) of `rows` (ascending, i.e. in customer id order) ordered by
// `column`: ascending or descending values, rows without a value last either way, ties in
// customer id order. A null column orders every row as without a value.
std::vector<uint32_t> OrderedPage(const std::vector<uint32_t>& rows,
                                  const columns::DecodedColumn* column, bool descending,
                                  size_t offset, size_t count);

}  // namespace encore::selection
