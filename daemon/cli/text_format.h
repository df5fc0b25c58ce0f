// How encorectl prints numbers, money, instants, durations and tables for people.
#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace encore::cli {

// 1234567 -> "1,234,567".
std::string Thousands(int64_t n);
// Digits after the decimal point of an ISO 4217 currency: 2 for most, 0 for JPY, KRW, ...,
// 3 for BHD, KWD, ....
int MinorDigits(const std::string& currency);
// Minor units -> "1,234.56" with `digits` decimals.
std::string Money(int64_t minor, int digits = 2);
// "2026-11-23 10:15:02 UTC", or the local time in `time_zone` when given and known.
std::string Instant(const google::protobuf::Timestamp& t, const std::string& time_zone = "");
// "0.52 s", "3 min 04 s", "-" when unset.
std::string Span(const google::protobuf::Duration& d);
std::string Span(double seconds);
// "45.2%".
std::string Percent(double percent);

// A plain text table: a header row, then rows; columns padded to their widest cell. Columns
// listed in `right_aligned` (by index) are aligned right (numbers).
class Table {
 public:
  explicit Table(std::vector<std::string> header, std::vector<size_t> right_aligned = {});
  void Add(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out, const std::string& indent = "") const;

 private:
  std::vector<std::string> header_;
  std::vector<size_t> right_;
  std::vector<std::vector<std::string>> rows_;
};

// "a,b,c" -> {"a", "b", "c"}; empty -> none.
std::vector<std::string> SplitList(const std::string& text);

// Display width of UTF-8 text (code points; every character Encore prints is one column wide).
size_t DisplayWidth(const std::string& text);

}  // namespace encore::cli
