// The rows of a run's results as the customer_results table stores them: in customer_id order,
// each with its segment text and its scores as compact JSON.
//
// JSON is written by hand rather than with nlohmann::json because a commit encodes one object
// per customer (a million per run): building a json tree per row was 7x slower (1.63 s against
// 0.23 s for 1M rows x 10 scores). Output is plain JSON that nlohmann reads back with the same
// types: integers stay integers, doubles always carry a '.' or an exponent (2.0, not 2),
// non-finite doubles and masked values are null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/results_table.h"

namespace encore {

class ResultRows {
 public:
  // `segment_score` names the column whose value is each row's segment; a missing column or a
  // null value gives "".
  ResultRows(const ResultsTable& table, const std::string& segment_score);

  // Moves to the next row in customer_id order; false after the last one.
  bool Next();
  // The current row. Views stay valid until the next call to Next().
  std::string_view customer_id() const { return block_ids_[pos_]; }
  std::string_view segment() const { return segment_; }
  std::string_view scores_json() const { return json_; }

 private:
  // Gathered values of one column for the rows of the current block.
  struct BlockColumn {
    std::vector<int64_t> i64;
    std::vector<double> f64;
    std::vector<std::string_view> str;
    std::vector<uint8_t> is_null;
  };
  void SortByCustomerId();
  void LoadBlock(size_t begin);
  void EncodeRow();

  const ResultsTable& table_;
  int segment_column_ = -1;
  std::vector<std::string> keys_;  // "\"name\":" per column, escaped once
  std::vector<uint32_t> order_;    // row indexes sorted by customer id
  // Rows are visited in key order, i.e. at random places in the columns. Copying a block of
  // values per column first turns that into short gather loops whose cache misses overlap;
  // reading each row's values while encoding it took about 1.7x as long.
  size_t next_ = 0;                                    // in order_: the row after the current one
  size_t block_begin_ = 0, block_size_ = 0, pos_ = 0;  // pos_: the current row in the block
  std::vector<std::string_view> block_ids_;
  std::vector<BlockColumn> block_;
  std::string json_, segment_;
};

// Appends `value` as a JSON string literal (quotes included); invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string& out, std::string_view value);
// Appends a double as ResultRows writes it: shortest round-trip form, always with a '.' or an
// exponent; non-finite values as null.
void AppendJsonDouble(std::string& out, double value);

}  // namespace encore
