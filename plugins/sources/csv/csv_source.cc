// The "csv" source plugin: order lines from a CSV file (plain or gzip), columns mapped by
// header name. See README.md for the options and the error behaviour.
#include <encore/sdk/plugin.hpp>

#include "plugins/sources/csv/csv_options.h"
#include "plugins/sources/csv/csv_reader.h"

namespace encore::plugins::csv {
namespace {

using sdk::Option;
using sdk::RequiredOption;

constexpr encore_option_v1 kOptions[] = {
    RequiredOption("path", ENCORE_OPTION_STRING,
                   "Path of the CSV file; gzip-compressed files are recognised by content."),
    Option("columns", ENCORE_OPTION_OBJECT, "{}",
           "Header name of each field: {order_id, customer_id, ordered_at, product_id, quantity, "
           "unit_price | amount, manager_id}; unlisted fields use their own name as header."),
    Option("delimiter", ENCORE_OPTION_STRING, "\",\"",
           "Field delimiter, one character (\",\", \";\", a tab...)."),
    Option("date_format", ENCORE_OPTION_STRING, "\"iso8601\"", "How ordered_at is written.",
           "iso8601|dd.MM.yyyy HH:mm[:ss]|M/d/yyyy H:mm|unix"),
    Option("time_zone", ENCORE_OPTION_STRING, "\"UTC\"",
           "IANA zone of date-times written without an offset."),
    Option("decimal_separator", ENCORE_OPTION_STRING, "\".\"",
           "Decimal separator of quantities and prices.", ".|,"),
    Option("currency", ENCORE_OPTION_STRING, "\"\"",
           "ISO 4217 code of the prices; empty = the pipeline's currency."),
    Option("minor_units", ENCORE_OPTION_INT, "2",
           "Decimal places of the currency's minor unit (2 = cents), 0 to 4."),
    Option("missing_customer", ENCORE_OPTION_STRING, "\"skip\"",
           "Rows without a customer id: skip and count them, or fail the read.", "skip|fail"),
    Option("on_error", ENCORE_OPTION_STRING, "\"fail\"",
           "A malformed row fails the read, or is skipped, reported and counted.", "fail|skip"),
    Option("normalize_ids", ENCORE_OPTION_BOOL, "true",
           "Turn customer and manager ids written as decimals (\"17850.0\") into \"17850\"."),
};

class CsvSource final : public sdk::Source {
 public:
  explicit CsvSource(const sdk::PluginContext& context)
      : Source(context), options_(ParseOptions(context.config)) {}

  void check() override { CheckCsvFile(options_); }
  void read(sdk::SourceContext& context) override { ReadCsvFile(options_, context); }

 private:
  CsvOptions options_;
};

}  // namespace
}  // namespace encore::plugins::csv

ENCORE_PLUGIN(encore::plugins::csv::CsvSource, "csv", "1.0.0",
              "Order lines from a CSV file (plain or gzip), columns mapped by header name.",
              encore::plugins::csv::kOptions)
