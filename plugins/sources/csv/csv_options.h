// The CSV source's configuration, read once from the validated JSON config into typed values.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_CSV_OPTIONS_H_
#define ENCORE_PLUGINS_SOURCES_CSV_CSV_OPTIONS_H_

#include <absl/time/time.h>
#include <encore/sdk/plugin.hpp>

#include <array>
#include <string>

namespace encore::plugins::csv {

// The order-line fields a CSV column can feed. kAmount is the line total, an alternative to
// kUnitPrice.
enum class Field : int {
  kOrderId = 0,
  kCustomerId,
  kOrderedAt,
  kProductId,
  kQuantity,
  kUnitPrice,
  kAmount,
  kManagerId,
};
inline constexpr int kFieldCount = 8;

// "order_id", "customer_id", ...: the key of the field in the `columns` option.
const char* FieldKey(Field field);

enum class DateFormat { kIso8601, kDayMonthYear, kMonthDayYear, kUnix };

// Where one field's values come from.
struct ColumnMapping {
  std::string header;     // header name to read; empty = the field is not read
  bool required = false;  // false: the field is left empty when the header lacks the column
};

struct CsvOptions {
  std::string path;
  std::array<ColumnMapping, kFieldCount> columns;
  char delimiter = ',';
  DateFormat date_format = DateFormat::kIso8601;
  std::string date_format_name = "iso8601";  // as configured, for messages
  std::string time_zone_name = "UTC";
  absl::TimeZone time_zone = absl::UTCTimeZone();
  bool time_zone_is_utc = true;
  char decimal_separator = '.';
  std::string currency;
  int minor_units = 2;
  bool fail_on_missing_customer = false;
  bool skip_invalid_rows = false;
  bool normalize_ids = true;

  const ColumnMapping& column(Field field) const { return columns[static_cast<int>(field)]; }
};

// Reads and checks the instance configuration. Throws sdk::ConfigError naming the option.
CsvOptions ParseOptions(const sdk::Config& config);

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_CSV_OPTIONS_H_
