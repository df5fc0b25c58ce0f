#include "plugins/sources/csv/decimal.h"

#include <limits>

namespace encore::plugins::csv {
namespace {

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
  if (id.empty() || id.back() != '0') return id;  // most ids: no work
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
