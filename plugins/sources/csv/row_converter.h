// Turns one tokenized CSV record into one order line (or says why it cannot).
#ifndef ENCORE_PLUGINS_SOURCES_CSV_ROW_CONVERTER_H_
#define ENCORE_PLUGINS_SOURCES_CSV_ROW_CONVERTER_H_

#include <encore/sdk/plugin.hpp>

#include <deque>
#include <string>
#include <string_view>

#include "plugins/sources/csv/csv_options.h"
#include "plugins/sources/csv/csv_tokenizer.h"
#include "plugins/sources/csv/date_time.h"
#include "plugins/sources/csv/header.h"

namespace encore::plugins::csv {

enum class RowOutcome {
  kLine,        // appended to the batch
  kNoCustomer,  // no customer id, skipped (missing_customer: skip)
  kInvalid,     // malformed; handled as on_error says
  kFatal,       // stops the read whatever on_error says (missing_customer: fail)
};

struct RowIssue {
  int column = -1;  // header column the problem is in; -1 = the record as a whole
  std::string reason;
};

// Not thread-safe: one per lane.
class RowConverter {
 public:
  RowConverter(const CsvOptions& options, const ColumnIndexes& columns, size_t column_count);

  // Appends the record as a line of `batch` (views into the record's bytes or into copies kept
  // here), or fills `issue`.
  RowOutcome Convert(const Record& record, int64_t line, sdk::LineBatch* batch, RowIssue* issue);

  // Drops copies made for unescaped fields: call once the batch using them was emitted.
  void ReleaseCopies() { copies_.clear(); }

 private:
  std::string_view Text(const Record& record, int column);
  std::string_view Unescaped(const FieldSlice& field);
  RowOutcome Invalid(Field field, std::string reason, RowIssue* issue) const;

  const CsvOptions& options_;
  ColumnIndexes columns_;
  size_t column_count_;
  DateTimeParser dates_;
  std::deque<std::string> copies_;  // deque: growing it never moves the strings already viewed
};

// "'value'" for messages, shortened when long.
std::string QuoteValue(std::string_view value);

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_ROW_CONVERTER_H_
