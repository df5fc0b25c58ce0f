#include "daemon/state/customer_selection.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <numeric>

namespace encore::selection {
namespace {

std::string Field(size_t index, const char* name) {
  return "filters[" + std::to_string(index) + "]." + name;
}

std::optional<int64_t> ParseInteger(const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// Keeps the rows for which keep(row) holds, in place.
template <class Keep>
void KeepRows(std::vector<uint32_t>& rows, Keep keep) {
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](uint32_t r) { return !keep(r); }),
             rows.end());
}

// The comparison is chosen once per filter, not per row.
template <class T>
void KeepCompared(std::vector<uint32_t>& rows, const columns::DecodedColumn& column, FilterOp op,
                  T wanted, auto value_of) {
  auto keep = [&](auto holds) {
    KeepRows(rows, [&](uint32_t r) { return !column.is_null(r) && holds(value_of(r), wanted); });
  };
  switch (op) {
    case FilterOp::kEq:
      return keep(std::equal_to<T>());
    case FilterOp::kNe:
      return keep(std::not_equal_to<T>());
    case FilterOp::kLt:
      return keep(std::less<T>());
    case FilterOp::kLe:
      return keep(std::less_equal<T>());
    case FilterOp::kGt:
      return keep(std::greater<T>());
    case FilterOp::kGe:
      return keep(std::greater_equal<T>());
    default:
      rows.clear();
  }
}

// Order-preserving unsigned keys: comparing keys compares the values.
uint64_t KeyOf(int64_t value) { return static_cast<uint64_t>(value) ^ (uint64_t{1} << 63); }
uint64_t KeyOf(double value) {
  const auto bits = std::bit_cast<uint64_t>(value);
  return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}

}  // namespace

std::optional<double> ParseDouble(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool HasItem(std::string_view list, std::string_view item) {
  if (item.empty()) return false;
  for (size_t at = list.find(item); at != std::string_view::npos; at = list.find(item, at + 1)) {
    const size_t end = at + item.size();
    if ((at == 0 || list[at - 1] == '|') && (end == list.size() || list[end] == '|')) return true;
  }
  return false;
}

Status CheckFilter(size_t index, const ScoreFilter& filter) {
  if (filter.score.empty()) return InvalidArgument(Field(index, "score") + ": required");
  if (filter.op == FilterOp::kContains || filter.op == FilterOp::kNotContains) {
    if (filter.value.empty()) {
      return InvalidArgument(Field(index, "value") + ": " + FilterOpName(filter.op) +
                             " needs an item to look for");
    }
    if (filter.value.find('|') != std::string::npos) {
      return InvalidArgument(Field(index, "value") + ": " + FilterOpName(filter.op) +
                             " looks for one item; '|' separates items");
    }
  }
  return Status::Ok();
}

Result<CompiledFilter> CompiledFilter::Compile(size_t index, const ScoreFilter& filter,
                                               const columns::DecodedColumn& column) {
  ENCORE_RETURN_IF_ERROR(CheckFilter(index, filter));
  CompiledFilter compiled(column, filter.op);
  const bool list_op = filter.op == FilterOp::kContains || filter.op == FilterOp::kNotContains;
  if (column.type == ENCORE_VALUE_STR) {
    compiled.compare_ = Compare::kText;
    compiled.entry_matches_.resize(column.strings.size());
    const std::string_view wanted = filter.value;
    for (size_t e = 0; e < column.strings.size(); ++e) {
      const std::string_view entry = column.strings[e];
      bool match = false;
      if (filter.op == FilterOp::kContains) {
        match = HasItem(entry, wanted);
      } else if (filter.op == FilterOp::kNotContains) {
        match = !HasItem(entry, wanted);
      } else {
        match = Holds(filter.op, entry, wanted);
      }
      compiled.entry_matches_[e] = match ? 1 : 0;
    }
    return compiled;
  }
  if (list_op) {
    return InvalidArgument(Field(index, "op") + ": " + FilterOpName(filter.op) +
                           " applies to text scores; '" + filter.score + "' holds numbers");
  }
  if (column.type == ENCORE_VALUE_I64) {
    if (std::optional<int64_t> integer = ParseInteger(filter.value)) {
      compiled.compare_ = Compare::kInteger;
      compiled.integer_ = *integer;
      return compiled;
    }
  }
  std::optional<double> number = ParseDouble(filter.value);
  if (!number) {
    return InvalidArgument(Field(index, "value") + ": '" + filter.value +
                           "' is not a number, and score '" + filter.score + "' holds numbers");
  }
  compiled.compare_ = Compare::kDouble;
  compiled.number_ = *number;
  return compiled;
}

void CompiledFilter::Apply(std::vector<uint32_t>& rows) const {
  const columns::DecodedColumn& column = *column_;
  switch (compare_) {
    case Compare::kText:
      KeepRows(rows,
               [&](uint32_t r) { return !column.is_null(r) && entry_matches_[column.code(r)]; });
      return;
    case Compare::kInteger:
      KeepCompared(rows, column, op_, integer_, [&](uint32_t r) { return column.i64[r]; });
      return;
    case Compare::kDouble:
      if (column.type == ENCORE_VALUE_I64) {
        KeepCompared(rows, column, op_, number_,
                     [&](uint32_t r) { return static_cast<double>(column.i64[r]); });
      } else {
        KeepCompared(rows, column, op_, number_, [&](uint32_t r) { return column.f64[r]; });
      }
      return;
  }
}

std::vector<uint32_t> OrderedPage(const std::vector<uint32_t>& rows,
                                  const columns::DecodedColumn* column, bool descending,
                                  size_t offset, size_t count) {
  struct Ranked {
    uint64_t key;
    uint32_t row;
    bool operator<(const Ranked& other) const {
      return key != other.key ? key < other.key : row < other.row;
    }
  };
  std::vector<Ranked> ranked;
  std::vector<uint32_t> missing;
  if (column == nullptr) {
    missing = rows;
  } else {
    // Text orders by the rank of its dictionary entry: one string sort per distinct value.
    std::vector<uint32_t> rank;
    if (column->type == ENCORE_VALUE_STR) {
      std::vector<uint32_t> entries(column->strings.size());
      std::iota(entries.begin(), entries.end(), 0);
      std::sort(entries.begin(), entries.end(),
                [&](uint32_t a, uint32_t b) { return column->strings[a] < column->strings[b]; });
      rank.resize(entries.size());
      for (uint32_t e = 0, r = 0; e < entries.size(); ++e) {
        // Equal entries (a plain column repeats values) share a rank: they tie.
        if (e > 0 && column->strings[entries[e]] != column->strings[entries[e - 1]]) r = e;
        rank[entries[e]] = r;
      }
    }
    ranked.reserve(rows.size());
    for (uint32_t r : rows) {
      if (column->is_null(r)) {
        missing.push_back(r);
        continue;
      }
      uint64_t key = 0;
      switch (column->type) {
        case ENCORE_VALUE_I64:
          key = KeyOf(column->i64[r]);
          break;
        case ENCORE_VALUE_F64:
          key = KeyOf(column->f64[r]);
          break;
        default:
          key = rank[column->code(r)];
      }
      ranked.push_back({descending ? ~key : key, r});
    }
  }

  std::vector<uint32_t> page;
  if (offset < ranked.size()) {
    const size_t end = std::min(ranked.size(), offset + count);
    // Everything before `offset` only needs to be before it, not sorted.
    std::nth_element(ranked.begin(), ranked.begin() + offset, ranked.end());
    std::partial_sort(ranked.begin() + offset, ranked.begin() + end, ranked.end());
    for (size_t i = offset; i < end; ++i) page.push_back(ranked[i].row);
  }
  const size_t missing_begin = offset > ranked.size() ? offset - ranked.size() : 0;
  for (size_t i = missing_begin; i < missing.size() && page.size() < count; ++i) {
    page.push_back(missing[i]);
  }
  return page;
}

}  // namespace encore::selection
