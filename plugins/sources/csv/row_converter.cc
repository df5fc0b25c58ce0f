#include "plugins/sources/csv/row_converter.h"

#include "plugins/sources/csv/decimal.h"

namespace encore::plugins::csv {
namespace {

inline std::string_view Trim(std::string_view s) {
  // Most values have no surrounding blanks: test the two ends before looping.
  if (s.empty() || (s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t')) {
    return s;
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string DecimalProblem(DecimalStatus status, std::string_view text, int scale) {
  switch (status) {
    case DecimalStatus::kTooPrecise:
      return QuoteValue(text) + " has more than " + std::to_string(scale) + " decimal places";
    case DecimalStatus::kOutOfRange:
      return QuoteValue(text) + " is out of range";
    default:
      if (text.empty()) return "the value is empty";
      return "cannot parse " + QuoteValue(text) + " as a number";
  }
}

}  // namespace

std::string QuoteValue(std::string_view value) {
  constexpr size_t kMaxShown = 64;
  if (value.size() <= kMaxShown) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, kMaxShown)) + "...'";
}

RowConverter::RowConverter(const CsvOptions& options, const ColumnIndexes& columns,
                           size_t column_count)
    : options_(options),
      columns_(columns),
      column_count_(column_count),
      dates_(options.date_format, options.time_zone, options.time_zone_is_utc) {}

inline std::string_view RowConverter::Text(const Record& record, int column) {
  if (column < 0) return std::string_view();
  const FieldSlice& field = record.field(static_cast<size_t>(column));
  if (field.escaped_quotes == 0) return Trim(std::string_view(field.data, field.size));
  return Unescaped(field);
}

std::string_view RowConverter::Unescaped(const FieldSlice& field) {
  copies_.emplace_back();
  Tokenizer::Unescape(field, &copies_.back());
  return Trim(copies_.back());
}

RowOutcome RowConverter::Invalid(Field field, std::string reason, RowIssue* issue) const {
  issue->column = columns_[field];
  issue->reason = std::move(reason);
  return RowOutcome::kInvalid;
}

RowOutcome RowConverter::Convert(const Record& record, int64_t line, sdk::LineBatch* batch,
                                 RowIssue* issue) {
  if (record.error() != nullptr) {
    issue->column = static_cast<int>(record.error_field());
    issue->reason = record.error();
    return RowOutcome::kInvalid;
  }
  if (record.count() != column_count_) {
    issue->column = -1;
    issue->reason = "expected " + std::to_string(column_count_) + " fields, found " +
                    std::to_string(record.count());
    return RowOutcome::kInvalid;
  }

  std::string_view customer = Text(record, columns_[Field::kCustomerId]);
  if (options_.normalize_ids) customer = StripSpreadsheetDecimal(customer);
  if (customer.empty()) {
    if (!options_.fail_on_missing_customer) return RowOutcome::kNoCustomer;
    Invalid(Field::kCustomerId, "the customer id is empty (missing_customer: fail)", issue);
    return RowOutcome::kFatal;
  }
  const std::string_view order = Text(record, columns_[Field::kOrderId]);
  if (order.empty()) return Invalid(Field::kOrderId, "the order id is empty", issue);

  const std::string_view time_text = Text(record, columns_[Field::kOrderedAt]);
  int64_t ordered_at = 0;
  if (!dates_.Parse(time_text, &ordered_at)) {
    return Invalid(Field::kOrderedAt,
                   time_text.empty() ? "the value is empty"
                                     : "cannot parse " + QuoteValue(time_text) + " as " +
                                           options_.date_format_name + " date-time",
                   issue);
  }

  const std::string_view quantity_text = Text(record, columns_[Field::kQuantity]);
  int64_t quantity_milli = 0;
  DecimalStatus status =
      ParseFixedPoint(quantity_text, options_.decimal_separator, kQuantityScale, &quantity_milli);
  if (status != DecimalStatus::kOk) {
    return Invalid(Field::kQuantity, DecimalProblem(status, quantity_text, kQuantityScale), issue);
  }

  int64_t amount_minor = 0;
  if (columns_[Field::kAmount] >= 0) {
    const std::string_view total_text = Text(record, columns_[Field::kAmount]);
    int64_t total_micro = 0;
    status = ParseFixedPoint(total_text, options_.decimal_separator, kPriceScale, &total_micro);
    if (status != DecimalStatus::kOk) {
      return Invalid(Field::kAmount, DecimalProblem(status, total_text, kPriceScale), issue);
    }
    amount_minor = TotalToMinor(total_micro, options_.minor_units);
  } else {
    const std::string_view price_text = Text(record, columns_[Field::kUnitPrice]);
    int64_t price_micro = 0;
    status = ParseFixedPoint(price_text, options_.decimal_separator, kPriceScale, &price_micro);
    if (status != DecimalStatus::kOk) {
      return Invalid(Field::kUnitPrice, DecimalProblem(status, price_text, kPriceScale), issue);
    }
    if (!LineAmountMinor(quantity_milli, price_micro, options_.minor_units, &amount_minor)) {
      return Invalid(Field::kUnitPrice,
                     "quantity " + QuoteValue(quantity_text) + " times unit price " +
                         QuoteValue(price_text) + " is out of range",
                     issue);
    }
  }

  const std::string_view product = Text(record, columns_[Field::kProductId]);
  std::string_view manager = Text(record, columns_[Field::kManagerId]);
  if (options_.normalize_ids) manager = StripSpreadsheetDecimal(manager);
  batch->add(order, customer, ordered_at, product, quantity_milli, amount_minor, manager, line);
  return RowOutcome::kLine;
}

}  // namespace encore::plugins::csv
