// A column of strings that keeps each distinct value once and one code per row.
//
// Text scores repeat a handful of values over a million customers (segment names, the
// sentence of a segment's action, tiers, dates). One std::string per row made copying,
// filtering and storing such columns the largest cost of a run with several text scores; here
// a row is 4 bytes and filtering rows moves codes only.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace encore {

class StringColumn;

// A range of strings or views that a StringColumn can be built from.
template <class Rows>
concept StringRange = std::ranges::input_range<const Rows> &&
    std::convertible_to<std::ranges::range_reference_t<const Rows>, std::string_view> &&
    !std::same_as<std::remove_cvref_t<Rows>, StringColumn>;

class StringColumn {
 public:
  // Reads the rows as std::string_view, in order.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    const_iterator() = default;
    const_iterator(const StringColumn* column, size_t row) : column_(column), row_(row) {}
    std::string_view operator*() const { return (*column_)[row_]; }
    const_iterator& operator++() {
      ++row_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++row_;
      return before;
    }
    bool operator==(const const_iterator& other) const { return row_ == other.row_; }

   private:
    const StringColumn* column_ = nullptr;
    size_t row_ = 0;
  };
  using value_type = std::string_view;
  using iterator = const_iterator;

  StringColumn() = default;
  StringColumn(std::initializer_list<std::string_view> rows);
  // The rows of a range of strings or views, in order.
  template <StringRange Rows>
  explicit StringColumn(const Rows& rows) {
    for (std::string_view row : rows) push_back(row);
  }
  // A copy has the codes and the values but no index: the index holds views of the values of
  // the column that built it. The copy builds its own when first pushed to.
  StringColumn(const StringColumn& other);
  StringColumn& operator=(const StringColumn& other);
  // A move keeps the index: a deque's elements stay where they are, so its views stay valid.
  // The column moved from is left empty.
  StringColumn(StringColumn&& other) noexcept;
  StringColumn& operator=(StringColumn&& other) noexcept;

  size_t size() const { return codes_.size(); }
  bool empty() const { return codes_.empty(); }
  std::string_view operator[](size_t row) const { return values_[codes_[row]]; }
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, codes_.size()); }

  // Appends a row; an equal value already in the column gives it the same code.
  void push_back(std::string_view value) { codes_.push_back(Intern(value)); }
  // The code of `value`, added to the distinct values when new. Rows are appended through
  // codes() (for callers that find the code some faster way first).
  uint32_t Intern(std::string_view value);
  // Appends rows given as codes into `dictionary` (indexable from 0 to dictionary.size() - 1,
  // each entry convertible to std::string_view): row i has the value dictionary[codes[i]].
  // Each entry is interned once, so a stored dictionary column is taken over without reading
  // a string per row. Every code must be below dictionary.size().
  template <class Dictionary>
  void AppendCoded(const Dictionary& dictionary, std::span<const uint32_t> codes) {
    std::vector<uint32_t> code_of(dictionary.size());
    for (size_t e = 0; e < code_of.size(); ++e) code_of[e] = Intern(dictionary[e]);
    AppendRecoded(code_of, codes);
  }
  void reserve(size_t rows) { codes_.reserve(rows); }
  void clear();

  // One code per row, an index into values(). Callers may reorder, drop or repeat rows
  // (filtering rows moves codes only) and append codes they got from Intern(); every code
  // must stay below value_count().
  std::vector<uint32_t>& codes() { return codes_; }
  const std::vector<uint32_t>& codes() const { return codes_; }
  // The distinct values, in the order they were first added; they never move in memory. A
  // value stays after the last row using it is dropped.
  const std::deque<std::string>& values() const { return values_; }
  std::string_view value(uint32_t code) const { return values_[code]; }
  size_t value_count() const { return values_.size(); }

  // Equal rows, whatever the codes and the distinct values (a value no row uses counts not).
  friend bool operator==(const StringColumn& a, const StringColumn& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  void AppendRecoded(const std::vector<uint32_t>& code_of, std::span<const uint32_t> codes);

  std::vector<uint32_t> codes_;
  std::deque<std::string> values_;
  // Value -> code over values_, built on the first Intern(): columns that are only read
  // (loaded, copied, filtered) never pay for it. Complete when it has every value.
  absl::flat_hash_map<std::string_view, uint32_t> index_;
};

}  // namespace encore
