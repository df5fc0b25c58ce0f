// Parses records of one lane into batches of order lines and emits them on that lane.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_LANE_PARSER_H_
#define ENCORE_PLUGINS_SOURCES_CSV_LANE_PARSER_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "plugins/sources/csv/csv_options.h"
#include "plugins/sources/csv/csv_tokenizer.h"
#include "plugins/sources/csv/header.h"
#include "plugins/sources/csv/read_coordinator.h"
#include "plugins/sources/csv/row_converter.h"

namespace encore::plugins::csv {

// Everything a lane needs to know about the file, fixed once the header is read.
struct FileLayout {
  std::string file_name;
  std::vector<std::string> column_names;
  ColumnIndexes columns;
};

// How many rows went where; every data row lands in exactly one place.
struct RowCounts {
  int64_t rows_read = 0;         // data records (blank lines are not records)
  int64_t lines = 0;             // emitted
  int64_t without_customer = 0;  // skipped: no customer id
  int64_t invalid = 0;           // skipped: malformed (on_error: skip)
};

// The row that stopped the read.
struct RowFailure {
  int64_t line = 0;
  std::string field;
  std::string reason;
};

class LaneParser {
 public:
  // Rows per emitted batch. Small enough that the batch's arrays (about 400 KB) are still in the
  // core's cache when the host copies them; the call and the stop check per batch cost nothing
  // measurable at this size.
  static constexpr size_t kBatchRows = 4096;

  // `count_bytes`: report the bytes parsed as progress (memory-mapped input; a streamed input
  // reports its own position).
  LaneParser(const CsvOptions& options, const FileLayout& layout, ReadCoordinator* coordinator,
             int lane, bool count_bytes);

  // The physical line number of the next record.
  void set_line(int64_t line) { line_ = line; }
  int64_t line() const { return line_; }

  // Parses the complete records in [p, end) and returns where the first incomplete one starts
  // (`end` when none is). Emits a batch whenever one is full. Stops early when a row fails the
  // read (see failed()). Throws sdk::Cancelled or LaneStopped.
  const char* Parse(const char* p, const char* end, bool at_eof);

  // Emits the pending lines; the bytes they view may be reused once this returns.
  void Flush();

  bool failed() const { return failed_; }
  const RowFailure& failure() const { return failure_; }
  const RowCounts& counts() const { return counts_; }

 private:
  void HandleProblem(RowOutcome outcome, int64_t line);
  void ReleaseParsedPages();
  std::string Location(int64_t line) const;

  const CsvOptions& options_;
  const FileLayout& layout_;
  ReadCoordinator* coordinator_;
  int lane_;
  bool count_bytes_;
  Tokenizer tokenizer_;
  Record record_;
  RowConverter converter_;
  sdk::LineBatch batch_;
  RowIssue issue_;
  int64_t line_ = 1;
  size_t rows_since_flush_ = 0;
  const char* parsed_upto_ = nullptr;    // end of the last record parsed
  const char* counted_upto_ = nullptr;   // progress already reported up to here
  const char* released_upto_ = nullptr;  // mapped pages before this were handed back
  RowCounts counts_;
  bool failed_ = false;
  RowFailure failure_;
};

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_LANE_PARSER_H_
