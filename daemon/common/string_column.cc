#include "daemon/common/string_column.h"

#include <utility>

namespace encore {

StringColumn::StringColumn(std::initializer_list<std::string_view> rows) {
  codes_.reserve(rows.size());
  for (std::string_view row : rows) push_back(row);
}

StringColumn::StringColumn(const StringColumn& other)
    : codes_(other.codes_), values_(other.values_) {}

StringColumn& StringColumn::operator=(const StringColumn& other) {
  if (this == &other) return *this;
  index_.clear();  // its views would point at the values about to be replaced
  codes_ = other.codes_;
  values_ = other.values_;
  return *this;
}

StringColumn::StringColumn(StringColumn&& other) noexcept
    : codes_(std::move(other.codes_)),
      values_(std::move(other.values_)),
      index_(std::move(other.index_)) {
  other.clear();
}

StringColumn& StringColumn::operator=(StringColumn&& other) noexcept {
  if (this == &other) return *this;
  codes_ = std::move(other.codes_);
  values_ = std::move(other.values_);
  index_ = std::move(other.index_);
  other.clear();
  return *this;
}

uint32_t StringColumn::Intern(std::string_view value) {
  if (index_.size() != values_.size()) {
    index_.clear();
    index_.reserve(values_.size());
    for (size_t code = 0; code < values_.size(); ++code) {
      index_.emplace(values_[code], static_cast<uint32_t>(code));
    }
  }
  if (auto it = index_.find(value); it != index_.end()) return it->second;
  const auto code = static_cast<uint32_t>(values_.size());
  index_.emplace(values_.emplace_back(value), code);  // a view of the column's own copy
  return code;
}

void StringColumn::AppendRecoded(const std::vector<uint32_t>& code_of,
                                 std::span<const uint32_t> codes) {
  codes_.reserve(codes_.size() + codes.size());
  for (uint32_t code : codes) codes_.push_back(code_of[code]);
}

void StringColumn::clear() {
  codes_.clear();
  values_.clear();
  index_.clear();
}

}  // namespace encore
