// Exact fixed-point parsing and line-amount arithmetic. Money never goes through double: a
// decimal text becomes an integer count of 10^-scale units, and a line amount is computed in
// integer arithmetic (128-bit when a product does not fit in 64 bits).
//
// Hand-written because it runs for every row: std::from_chars parses integers only (and
// doubles, which would lose exactness).
#ifndef ENCORE_PLUGINS_SOURCES_CSV_DECIMAL_H_
#define ENCORE_PLUGINS_SOURCES_CSV_DECIMAL_H_

#include <cstdint>
#include <string_view>

namespace encore::plugins::csv {

inline constexpr int64_t kPow10[19] = {1,
                                       10,
                                       100,
                                       1000,
                                       10000,
                                       100000,
                                       1000000,
                                       10000000,
                                       100000000,
                                       1000000000,
                                       10000000000,
                                       100000000000,
                                       1000000000000,
                                       10000000000000,
                                       100000000000000,
                                       1000000000000000,
                                       10000000000000000,
                                       100000000000000000,
                                       1000000000000000000};

enum class DecimalStatus {
  kOk,
  kSyntax,      // not [+-]digits[<separator>digits]
  kTooPrecise,  // more significant fractional digits than the scale allows
  kOutOfRange,  // does not fit in int64 at that scale
};

// Parses `text` (already trimmed) into value * 10^scale, scale 0..18. Trailing zeros beyond the
// scale are accepted ("2.500" at scale 2), other extra digits are not. Inline: two calls a row.
inline DecimalStatus ParseFixedPoint(std::string_view text, char separator, int scale,
                                     int64_t* value) {
  constexpr uint64_t kLimit = static_cast<uint64_t>(INT64_MAX);
  auto is_digit = [](char c) { return static_cast<unsigned char>(c - '0') < 10; };
  const char* p = text.data();
  const char* const end = p + text.size();
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  const char* const digits = p;
  while (p < end && *p == '0') ++p;  // leading zeros carry no value
  const char* const significant = p;
  uint64_t integer = 0;
  for (; p < end && is_digit(*p); ++p) integer = integer * 10 + static_cast<uint64_t>(*p - '0');
  const bool too_long = p - significant > 18;  // checked after the syntax
  bool any_digit = p > digits;
  uint64_t fraction = 0;
  int fraction_digits = 0;
  bool too_precise = false;
  if (p < end && *p == separator) {
    for (++p; p < end && is_digit(*p); ++p) {
      any_digit = true;
      if (fraction_digits < scale) {
        fraction = fraction * 10 + static_cast<uint64_t>(*p - '0');
        ++fraction_digits;
      } else if (*p != '0') {
        too_precise = true;
      }
    }
  }
  if (p != end || !any_digit) return DecimalStatus::kSyntax;
  if (too_precise) return DecimalStatus::kTooPrecise;
  if (too_long) return DecimalStatus::kOutOfRange;
  const uint64_t unit = static_cast<uint64_t>(kPow10[scale]);
  fraction *= static_cast<uint64_t>(kPow10[scale - fraction_digits]);
  uint64_t scaled = 0;
  if (__builtin_mul_overflow(integer, unit, &scaled) ||
      __builtin_add_overflow(scaled, fraction, &scaled) || scaled > kLimit) {
    return DecimalStatus::kOutOfRange;
  }
  const int64_t magnitude = static_cast<int64_t>(scaled);
  *value = negative ? -magnitude : magnitude;
  return DecimalStatus::kOk;
}

inline constexpr int kQuantityScale = 3;  // quantity_milli
inline constexpr int kPriceScale = 6;     // unit prices and amounts: millionths

// quantity (thousandths) * unit price (millionths) in 10^-minor_units, rounded half away from
// zero. minor_units is 0..4. Returns false when the result does not fit in int64.
bool LineAmountMinor(int64_t quantity_milli, int64_t price_micro, int minor_units, int64_t* out);

// A line total in millionths converted to minor units, rounded half away from zero.
int64_t TotalToMinor(int64_t amount_micro, int minor_units);

// "17850.0" -> "17850": ids that went through a spreadsheet come back as decimal numbers.
// Only digits followed by '.' and zeros are changed.
std::string_view StripSpreadsheetDecimal(std::string_view id);

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_DECIMAL_H_
