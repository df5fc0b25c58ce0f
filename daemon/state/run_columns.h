// A run's results in tables run_results and run_columns (layout in column_codec.h): encoding a
// ResultsTable, writing it inside the caller's transaction, reading whole columns and single
// cells. Internal to the state module.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/status.h"
#include "daemon/state/column_codec.h"

namespace encore::run_columns {

inline constexpr int kIdsPosition = -2;       // customer ids, sorted and unique
inline constexpr int kSegmentsPosition = -1;  // each customer's segment text

// A run's results ready to be written: every column encoded in customer id order. Built
// without the database, so that a commit holds the write lock for the writes only.
struct EncodedResults {
  size_t customers = 0;
  std::string segment_score;
  std::vector<std::string> names;  // per column, positions -2, -1, 0, 1, ...
  std::vector<columns::EncodedColumn> columns;
  std::map<std::string, int64_t> segment_sizes;
};

// Sorts the customers by id and encodes every column. Each customer's segment is the text of
// its `segment_score` score: the string, the integer in decimal, the double in its shortest
// round-trip form with a '.' or an exponent ("2.0"); "" when the customer has no value or the
// run has no such score. A customer id twice, or a column whose length is not the number of
// customers, is InvalidArgument.
Result<EncodedResults> Encode(const ResultsTable& results, const std::string& segment_score);

// Writes the run's rows in run_results, run_columns and run_segments. The caller holds the
// transaction.
Status Write(sqlite3* db, const std::string& run_id, const EncodedResults& results);

struct ColumnInfo {
  int position = 0;
  std::string name;
  encore_value_type type = ENCORE_VALUE_I64;
  int64_t rowid = 0;  // in run_columns
  bool has_nulls = false;
};

// What is stored for one run.
struct RunInfo {
  std::string run_id;
  size_t customers = 0;
  std::string segment_score;
  std::vector<ColumnInfo> columns;  // by position: ids, segments, then the scores

  const ColumnInfo* Position(int position) const;
  // The score of that name (not the ids or the segments), or null.
  const ColumnInfo* Score(const std::string& name) const;
};

// Nothing (not an error) when the run has no stored results: it did not succeed, or it was
// committed before results were stored by column.
Result<std::optional<RunInfo>> ReadRunInfo(sqlite3* db, const std::string& run_id);

// Reads and decodes one whole column.
Result<columns::DecodedColumn> ReadColumn(sqlite3* db, const RunInfo& run,
                                          const ColumnInfo& column);

// Single cells of one stored column through SQLite's incremental blob reads: only the pages
// holding the cells are read.
class CellSource {
 public:
  static Result<std::unique_ptr<CellSource>> Open(sqlite3* db, const RunInfo& run,
                                                  const ColumnInfo& column);
  ~CellSource();
  Result<columns::Cell> Read(size_t row) { return reader_->Read(row); }
  Result<std::string> ReadString(size_t row) { return reader_->ReadString(row); }

 private:
  class BlobBytes;
  CellSource() = default;
  std::unique_ptr<BlobBytes> data_, nulls_;
  std::optional<columns::CellReader> reader_;
};

// Finds a customer's row among the sorted ids by binary search over single cells.
Result<std::optional<size_t>> FindCustomer(CellSource& ids, size_t customers,
                                           const std::string& customer_id);

}  // namespace encore::run_columns
