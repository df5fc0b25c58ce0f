// Score columns written out in tests: a name, the values, and optionally which rows have none.
#pragma once

#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "daemon/common/results_table.h"

namespace encore::testing {

inline ScoreColumn IntScores(std::string name, std::vector<int64_t> values,
                             std::vector<uint8_t> nulls = {}) {
  ScoreColumn column;
  column.name = std::move(name);
  column.type = ENCORE_VALUE_I64;
  column.i64 = std::move(values);
  column.null_mask = std::move(nulls);
  return column;
}

inline ScoreColumn TextScores(std::string name, const std::vector<std::string>& values,
                              std::vector<uint8_t> nulls = {}) {
  ScoreColumn column;
  column.name = std::move(name);
  column.type = ENCORE_VALUE_STR;
  column.str = StringColumn(values);
  column.null_mask = std::move(nulls);
  return column;
}

// Rows 0 .. n - 1, in order.
inline std::vector<uint32_t> AllRows(size_t n) {
  std::vector<uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

}  // namespace encore::testing
