#include "plugins/sources/csv/csv_options.h"

#include <cctype>
#include <string_view>

namespace encore::plugins::csv {
namespace {

using sdk::ConfigError;

constexpr const char* kFieldKeys[kFieldCount] = {"order_id",   "customer_id", "ordered_at",
                                                 "product_id", "quantity",    "unit_price",
                                                 "amount",     "manager_id"};

// Fields every line needs; the others may be left unmapped.
bool IsMandatory(Field field) {
  return field == Field::kOrderId || field == Field::kCustomerId || field == Field::kOrderedAt ||
         field == Field::kQuantity;
}

std::string OneOf(const sdk::Config& config, const std::string& key,
                  std::initializer_list<std::string_view> allowed) {
  const std::string value = config.string(key);
  for (std::string_view a : allowed) {
    if (value == a) return value;
  }
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "'" : ", '") + std::string(a) + "'";
  throw ConfigError("option '" + key + "': '" + value + "' is not one of " + list);
}

char ParseDelimiter(const std::string& text) {
  // "\\t" lets a tab be written where the config format keeps backslashes literally (YAML
  // single quotes).
  if (text == "\\t") return '\t';
  if (text.size() != 1) {
    throw ConfigError("option 'delimiter': must be exactly one character, got '" + text + "'");
  }
  const char c = text[0];
  if (c == '"' || c == '\n' || c == '\r') {
    throw ConfigError("option 'delimiter': a quote or line break cannot be the delimiter");
  }
  return c;
}

DateFormat ParseDateFormat(const std::string& name) {
  if (name == "iso8601") return DateFormat::kIso8601;
  if (name == "dd.MM.yyyy HH:mm[:ss]") return DateFormat::kDayMonthYear;
  if (name == "M/d/yyyy H:mm") return DateFormat::kMonthDayYear;
  if (name == "unix") return DateFormat::kUnix;
  throw ConfigError("option 'date_format': '" + name +
                    "' is not one of 'iso8601', 'dd.MM.yyyy HH:mm[:ss]', 'M/d/yyyy H:mm', 'unix'");
}

std::string ParseCurrency(const std::string& code) {
  bool ok = code.empty() || code.size() == 3;
  for (char c : code) ok = ok && c >= 'A' && c <= 'Z';
  if (!ok) {
    throw ConfigError("option 'currency': '" + code +
                      "' is not an ISO 4217 code (three capital letters) or empty");
  }
  return code;
}

// Applies the `columns` object over the canonical names (the default mapping).
void ParseColumns(const sdk::Config& config, CsvOptions* options) {
  nlohmann::json given = nlohmann::json::object();
  if (config.has("columns")) given = config.object("columns");
  if (!given.is_object()) throw ConfigError("option 'columns': must be an object");
  for (auto it = given.begin(); it != given.end(); ++it) {
    bool known = false;
    for (const char* key : kFieldKeys) known = known || it.key() == key;
    if (!known) {
      throw ConfigError("option 'columns': unknown field '" + it.key() +
                        "' (expected order_id, customer_id, ordered_at, product_id, quantity, "
                        "unit_price, amount, manager_id)");
    }
    if (!it->is_string() && !it->is_null()) {
      throw ConfigError("option 'columns': '" + it.key() + "' must be a header name (string)");
    }
  }
  const bool amount_mapped = given.contains("amount") && given["amount"].is_string() &&
                             !given["amount"].get<std::string>().empty();
  for (int i = 0; i < kFieldCount; ++i) {
    const Field field = static_cast<Field>(i);
    const std::string key = kFieldKeys[i];
    ColumnMapping& mapping = options->columns[i];
    if (given.contains(key)) {
      mapping.header = given[key].is_string() ? given[key].get<std::string>() : "";
      mapping.required = !mapping.header.empty();
      if (mapping.header.empty() && IsMandatory(field)) {
        throw ConfigError("option 'columns': '" + key + "' is required and cannot be empty");
      }
      continue;
    }
    // Defaults: the canonical header. product_id and manager_id are read only when present;
    // unit_price is not read when the line total comes from an `amount` column.
    if (field == Field::kAmount || (field == Field::kUnitPrice && amount_mapped)) continue;
    mapping.header = key;
    mapping.required = field != Field::kProductId && field != Field::kManagerId;
  }
  const bool price_mapped = !options->column(Field::kUnitPrice).header.empty();
  if (price_mapped && amount_mapped) {
    throw ConfigError("option 'columns': map either 'unit_price' or 'amount', not both");
  }
  if (!price_mapped && !amount_mapped) {
    throw ConfigError("option 'columns': one of 'unit_price' or 'amount' must be mapped");
  }
}

}  // namespace

const char* FieldKey(Field field) { return kFieldKeys[static_cast<int>(field)]; }

CsvOptions ParseOptions(const sdk::Config& config) {
  CsvOptions options;
  options.path = config.string("path");
  if (options.path.empty()) throw ConfigError("option 'path': must not be empty");
  ParseColumns(config, &options);
  if (config.has("delimiter")) options.delimiter = ParseDelimiter(config.string("delimiter"));
  if (config.has("date_format")) {
    options.date_format_name = config.string("date_format");
    options.date_format = ParseDateFormat(options.date_format_name);
  }
  if (config.has("time_zone")) {
    options.time_zone_name = config.string("time_zone");
    if (!absl::LoadTimeZone(options.time_zone_name, &options.time_zone)) {
      throw ConfigError("option 'time_zone': unknown time zone '" + options.time_zone_name + "'");
    }
    options.time_zone_is_utc = options.time_zone_name == "UTC";
  }
  if (config.has("decimal_separator")) {
    options.decimal_separator = OneOf(config, "decimal_separator", {".", ","})[0];
  }
  if (config.has("currency")) options.currency = ParseCurrency(config.string("currency"));
  if (config.has("minor_units")) {
    const int64_t units = config.integer("minor_units");
    if (units < 0 || units > 4) {
      throw ConfigError("option 'minor_units': must be between 0 and 4, got " +
                        std::to_string(units));
    }
    options.minor_units = static_cast<int>(units);
  }
  if (config.has("missing_customer")) {
    options.fail_on_missing_customer =
        OneOf(config, "missing_customer", {"skip", "fail"}) == "fail";
  }
  if (config.has("on_error")) {
    options.skip_invalid_rows = OneOf(config, "on_error", {"fail", "skip"}) == "skip";
  }
  if (config.has("normalize_ids")) options.normalize_ids = config.boolean("normalize_ids");
  return options;
}

}  // namespace encore::plugins::csv
