#include "daemon/scheduler/report_queries.h"

#include <optional>
#include <string_view>

#include "daemon/common/page_token.h"
#include "daemon/state/customer_selection.h"

namespace encore {
namespace {

// Report rows page by offset.
constexpr char kReportToken = 'o';

const ScoreColumn* FindColumn(const ReportTable& table, const std::string& name) {
  for (const ScoreColumn& column : table.columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

bool Matches(const ScoreColumn& column, size_t row, const ScoreFilter& filter, double number) {
  if (column.is_null(row)) return false;
  if (column.type == ENCORE_VALUE_STR) {
    const std::string_view text = column.str[row];
    if (filter.op == FilterOp::kContains) return selection::HasItem(text, filter.value);
    if (filter.op == FilterOp::kNotContains) return !selection::HasItem(text, filter.value);
    return selection::Holds<std::string_view>(filter.op, text, filter.value);
  }
  const double value =
      column.type == ENCORE_VALUE_I64 ? static_cast<double>(column.i64[row]) : column.f64[row];
  return selection::Holds(filter.op, value, number);
}

}  // namespace

Result<ReportPage> SelectReportRows(const ReportTable& table,
                                    const std::vector<ScoreFilter>& filters, int page_size,
                                    const std::string& page_token) {
  std::vector<const ScoreColumn*> columns;
  std::vector<double> numbers(filters.size(), 0);
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string field = "filters[" + std::to_string(i) + "]";
    ENCORE_RETURN_IF_ERROR(selection::CheckFilter(i, filters[i]));
    const ScoreColumn* column = FindColumn(table, filters[i].score);
    if (column == nullptr) {
      return InvalidArgument(field + ".score: report '" + table.name + "' has no column '" +
                             filters[i].score + "'");
    }
    const bool list_op =
        filters[i].op == FilterOp::kContains || filters[i].op == FilterOp::kNotContains;
    if (column->type != ENCORE_VALUE_STR) {
      if (list_op) {
        return InvalidArgument(field + ".op: contains / not_contains need a text column; '" +
                               column->name + "' holds numbers");
      }
      const std::optional<double> number = selection::ParseDouble(filters[i].value);
      if (!number.has_value()) {
        return InvalidArgument(field + ".value: '" + filters[i].value +
                               "' is not a number, and column '" + column->name +
                               "' holds numbers");
      }
      numbers[i] = *number;
    }
    columns.push_back(column);
  }
  Result<int64_t> parsed = ParseOffsetPageToken(kReportToken, page_token);
  if (!parsed.ok()) return parsed.status();
  const int64_t offset = *parsed;
  const size_t size = page_size <= 0 ? 100 : static_cast<size_t>(std::min(page_size, 1000));

  ReportPage page;
  for (size_t row = 0; row < table.row_count; ++row) {
    bool keep = true;
    for (size_t i = 0; i < filters.size() && keep; ++i) {
      keep = Matches(*columns[i], row, filters[i], numbers[i]);
    }
    if (!keep) continue;
    if (page.total >= offset && page.rows.size() < size) page.rows.push_back(row);
    ++page.total;
  }
  const int64_t next = offset + static_cast<int64_t>(page.rows.size());
  if (next < page.total && !page.rows.empty())
    page.next_page_token = OffsetPageToken(kReportToken, next);
  return page;
}

}  // namespace encore
