#include "daemon/cli/text_format.h"

#include <absl/time/time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace encore::cli {

std::string Thousands(int64_t n) {
  const bool negative = n < 0;
  // Via unsigned so that INT64_MIN does not overflow when negated.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

int MinorDigits(const std::string& currency) {
  static const char* const kNone[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                      "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
  static const char* const kThree[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
  for (const char* c : kNone) {
    if (currency == c) return 0;
  }
  for (const char* c : kThree) {
    if (currency == c) return 3;
  }
  return 2;
}

std::string Money(int64_t minor, int digits) {
  const bool negative = minor < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  std::string out = (negative ? "-" : "") + Thousands(static_cast<int64_t>(magnitude / scale));
  if (digits > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    out += "." + std::string(digits - fraction.size(), '0') + fraction;
  }
  return out;
}

std::string Instant(const google::protobuf::Timestamp& t, const std::string& time_zone) {
  if (t.seconds() == 0 && t.nanos() == 0) return "-";
  const absl::Time at = absl::FromUnixSeconds(t.seconds());
  absl::TimeZone zone = absl::UTCTimeZone();
  std::string zone_name = "UTC";
  if (!time_zone.empty() && absl::LoadTimeZone(time_zone, &zone)) zone_name = time_zone;
  return absl::FormatTime("%Y-%m-%d %H:%M:%S ", at, zone) + zone_name;
}

std::string Span(double seconds) {
  if (!(seconds >= 0)) return "-";
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof(buffer), "%.2f s", seconds);
  } else if (seconds < 3600) {
    const int64_t s = static_cast<int64_t>(std::llround(seconds));
    std::snprintf(buffer, sizeof(buffer), "%lld min %02lld s", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    const int64_t m = static_cast<int64_t>(std::llround(seconds / 60));
    std::snprintf(buffer, sizeof(buffer), "%lld h %02lld min", static_cast<long long>(m / 60),
                  static_cast<long long>(m % 60));
  }
  return buffer;
}

std::string Span(const google::protobuf::Duration& d) {
  return Span(static_cast<double>(d.seconds()) + d.nanos() / 1e9);
}

std::string Percent(double percent) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%.1f%%", percent);
  return buffer;
}

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;  // count lead bytes only
  }
  return width;
}

Table::Table(std::vector<std::string> header, std::vector<size_t> right_aligned)
    : header_(std::move(header)), right_(std::move(right_aligned)) {}

void Table::Add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

void Table::Print(std::ostream& out, const std::string& indent) const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line = indent;
    for (size_t i = 0; i < row.size(); ++i) {
      const size_t pad = widths[i] - DisplayWidth(row[i]);
      const bool right = std::find(right_.begin(), right_.end(), i) != right_.end();
      const bool last = i + 1 == row.size();
      if (right) line += std::string(pad, ' ');
      line += row[i];
      if (!right && !last) line += std::string(pad, ' ');
      if (!last) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print(header_);
  for (const auto& row : rows_) print(row);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t comma = std::min(text.find(',', begin), text.size());
    if (comma > begin) items.push_back(text.substr(begin, comma - begin));
    begin = comma + 1;
  }
  return items;
}

}  // namespace encore::cli
