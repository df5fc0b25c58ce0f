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

enum class DecimalStatus {
  kOk,
  kSyntax,      // not [+-]digits[<separator>digits]
  kTooPrecise,  // more significant fractional digits than the scale allows
  kOutOfRange,  // does not fit in int64 at that scale
};

// Parses `text` (already trimmed) into value * 10^scale. Trailing zeros beyond the scale are
// accepted ("2.500" at scale 2), other extra digits are not.
DecimalStatus ParseFixedPoint(std::string_view text, char separator, int scale, int64_t* value);

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
