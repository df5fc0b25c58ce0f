#include "plugins/sources/csv/decimal.h"

#include <limits>

namespace encore::plugins::csv {
namespace {

constexpr int64_t kPow10[] = {1,
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

bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// value / kDivisor rounded half away from zero. A constant divisor lets the compiler replace
// the division by a multiplication, which matters at millions of rows.
template <int64_t kDivisor>
int64_t DivideRounded(int64_t value) {
  int64_t quotient = value / kDivisor;
  const int64_t remainder = value % kDivisor;
  if (2 * (remainder < 0 ? -remainder : remainder) >= kDivisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

template <int64_t kDivisor>
bool DivideRounded(__int128 value, int64_t* out) {
  __int128 quotient = value / kDivisor;
  const __int128 remainder = value % kDivisor;
  if (2 * (remainder < 0 ? -remainder : remainder) >= kDivisor) quotient += value < 0 ? -1 : 1;
  if (quotient > std::numeric_limits<int64_t>::max() ||
      quotient < std::numeric_limits<int64_t>::min()) {
    return false;
  }
  *out = static_cast<int64_t>(quotient);
  return true;
}

template <int kMinorUnits>
bool LineAmount(int64_t quantity_milli, int64_t price_micro, int64_t* out) {
  constexpr int64_t kDivisor = kPow10[kQuantityScale + kPriceScale - kMinorUnits];
  int64_t product;
  if (!__builtin_mul_overflow(quantity_milli, price_micro, &product)) {
    *out = DivideRounded<kDivisor>(product);
    return true;
  }
  return DivideRounded<kDivisor>(static_cast<__int128>(quantity_milli) * price_micro, out);
}

}  // namespace

DecimalStatus ParseFixedPoint(std::string_view text, char separator, int scale, int64_t* value) {
  const char* p = text.data();
  const char* const end = p + text.size();
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  uint64_t integer = 0;
  int significant = 0;  // integer digits after leading zeros
  bool any_digit = false;
  for (; p < end && IsDigit(*p); ++p) {
    any_digit = true;
    if (integer == 0 && *p == '0') continue;
    if (++significant > 18) return DecimalStatus::kOutOfRange;
    integer = integer * 10 + static_cast<uint64_t>(*p - '0');
  }
  uint64_t fraction = 0;
  int fraction_digits = 0;
  bool too_precise = false;
  if (p < end && *p == separator) {
    for (++p; p < end && IsDigit(*p); ++p) {
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
  fraction *= static_cast<uint64_t>(kPow10[scale - fraction_digits]);
  const uint64_t unit = static_cast<uint64_t>(kPow10[scale]);
  const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (integer > (limit - fraction) / unit) return DecimalStatus::kOutOfRange;
  const int64_t magnitude = static_cast<int64_t>(integer * unit + fraction);
  *value = negative ? -magnitude : magnitude;
  return DecimalStatus::kOk;
}

bool LineAmountMinor(int64_t quantity_milli, int64_t price_micro, int minor_units, int64_t* out) {
  switch (minor_units) {
    case 0:
      return LineAmount<0>(quantity_milli, price_micro, out);
    case 1:
      return LineAmount<1>(quantity_milli, price_micro, out);
    case 2:
      return LineAmount<2>(quantity_milli, price_micro, out);
    case 3:
      return LineAmount<3>(quantity_milli, price_micro, out);
    default:
      return LineAmount<4>(quantity_milli, price_micro, out);
  }
}

int64_t TotalToMinor(int64_t amount_micro, int minor_units) {
  switch (minor_units) {
    case 0:
      return DivideRounded<kPow10[kPriceScale]>(amount_micro);
    case 1:
      return DivideRounded<kPow10[kPriceScale - 1]>(amount_micro);
    case 2:
      return DivideRounded<kPow10[kPriceScale - 2]>(amount_micro);
    case 3:
      return DivideRounded<kPow10[kPriceScale - 3]>(amount_micro);
    default:
      return DivideRounded<kPow10[kPriceScale - 4]>(amount_micro);
  }
}

std::string_view StripSpreadsheetDecimal(std::string_view id) {
  const size_t dot = id.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == id.size()) return id;
  for (size_t i = 0; i < dot; ++i) {
    if (!IsDigit(id[i])) return id;
  }
  for (size_t i = dot + 1; i < id.size(); ++i) {
    if (id[i] != '0') return id;
  }
  return id.substr(0, dot);
}

}  // namespace encore::plugins::csv
