#include "daemon/pipeline/task_text.h"

#include <simdjson.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace encore::pipeline {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view FormatOf(std::string_view name) {
  const size_t dot = name.rfind('.');  // "score.clv_minor" formats like "clv_minor"
  if (dot != std::string_view::npos) name = name.substr(dot + 1);
  if (EndsWith(name, "_minor")) return "money";
  if (EndsWith(name, "_at")) return "date";
  if (EndsWith(name, "_days")) return "days";
  if (name.substr(0, 2) == "p_" || EndsWith(name, "_share") || EndsWith(name, "_rate")) {
    return "pct";
  }
  return "num";
}

bool IsRussian(const TextStyle& style) { return style.language == "ru"; }

void AppendInteger(std::string& out, uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, end);
}

// Groups of three digits: "1,234,567" (en) or "1 234 567" (ru, with a no-break space).
void AppendGrouped(std::string& out, int64_t whole, const TextStyle& style) {
  char digits[24];
  const uint64_t magnitude = whole < 0 ? 0 - static_cast<uint64_t>(whole) : whole;
  const size_t n = std::to_chars(digits, digits + sizeof(digits), magnitude).ptr - digits;
  const std::string_view separator = IsRussian(style) ? "\u00a0" : ",";
  if (whole < 0) out += '-';
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.append(separator);
    out += digits[i];
  }
}

void AppendMoney(std::string& out, double minor, const TextStyle& style) {
  const int64_t cents = static_cast<int64_t>(std::llround(minor));
  const int64_t whole = cents / 100;
  const int64_t part = std::llabs(cents % 100);
  if (cents < 0 && whole == 0) out += '-';
  AppendGrouped(out, whole, style);
  out += IsRussian(style) ? ',' : '.';
  out += static_cast<char>('0' + part / 10);
  out += static_cast<char>('0' + part % 10);
  out += ' ';
  out += style.currency;
}

void AppendDate(std::string& out, int64_t utc_seconds, const TextStyle& style) {
  const int32_t day = style.zone != nullptr
                          ? style.zone->LocalDay(utc_seconds)
                          : static_cast<int32_t>(std::floor(utc_seconds / 86400.0));
  const std::string iso = TimeZone::FormatDay(day);  // YYYY-MM-DD
  if (!IsRussian(style)) {
    out += iso;
    return;
  }
  out.append(iso, 8, 2).append(".").append(iso, 5, 2).append(".").append(iso, 0, 4);
}

void AppendNumber(std::string& out, double value, const TextStyle& style) {
  const double rounded = std::round(value * 10) / 10;
  if (rounded == std::floor(rounded)) {
    AppendGrouped(out, static_cast<int64_t>(rounded), style);
    return;
  }
  char text[64];
  const int n = std::snprintf(text, sizeof(text), "%.1f", rounded);
  if (IsRussian(style)) std::replace(text, text + n, '.', ',');
  out.append(text, static_cast<size_t>(n));
}

// Russian labels of the evidence keys the bundled methods give; other keys keep their words.
const std::map<std::string, std::string, std::less<>>& RussianLabels() {
  static const std::map<std::string, std::string, std::less<>> labels = {
      {"days_since_last_order", "дней с последнего заказа"},
      {"days_since_first_order", "дней с первого заказа"},
      {"usual_gap_days", "обычный интервал, дней"},
      {"long_gap_days", "долгий для клиента интервал, дней"},
      {"threshold_days", "порог, дней"},
      {"churn_threshold_days", "порог ухода, дней"},
      {"days_to_threshold", "дней до порога"},
      {"usual_second_order_days", "обычно второй заказ через, дней"},
      {"lead_days", "запас, дней"},
      {"last_order_at", "дата последнего заказа"},
      {"first_order_at", "дата первого заказа"},
      {"churn_at", "дата ухода"},
      {"last_order_minor", "последний заказ"},
      {"first_order_minor", "первый заказ"},
      {"usual_order_minor", "обычный заказ"},
      {"drop_share", "снижение"},
      {"previous_orders", "заказов до этого"},
      {"purchases", "покупок"},
      {"frequency", "заказов"},
      {"recency_days", "дней с последней покупки"},
      {"monetary_minor", "выручка"},
      {"revenue_minor", "выручка"},
      {"previous_revenue_minor", "выручка прежде"},
      {"tier_a_floor_minor", "порог группы A"},
      {"tier_b_floor_minor", "порог группы B"},
      {"from_rank", "ранг был"},
      {"to_rank", "ранг стал"},
      {"p_alive", "вероятность активности"},
      {"p_alive_before", "вероятность активности была"},
      {"clv_minor", "прогноз ценности (CLV)"},
      {"clv_before_minor", "прогноз ценности был"},
      {"expected_purchases", "ожидаемых покупок"},
      {"horizon_days", "горизонт, дней"},
      {"usual_interval_days", "обычный интервал, дней"},
      {"days_since_last_purchase", "дней с последней покупки товара"},
      {"last_purchase_at", "дата последней покупки"},
      {"expected_at", "ожидаемая дата"},
      {"usual_quantity", "обычное количество"},
  };
  return labels;
}

// "last_order_at" -> "last order date", "last_order_minor" -> "last order", "usual_gap_days"
// -> "usual gap days": the unit shows in the value, the date's meaning in the label.
void AppendLabel(std::string& out, std::string_view key, const TextStyle& style) {
  if (IsRussian(style)) {
    const auto& labels = RussianLabels();
    if (auto it = labels.find(key); it != labels.end()) {
      out += it->second;
      return;
    }
  }
  const bool date = EndsWith(key, "_at");
  if (EndsWith(key, "_minor")) key.remove_suffix(6);
  if (date) key.remove_suffix(3);
  const size_t from = out.size();
  out.append(key);
  if (date) out += "_date";
  std::replace(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), '_', ' ');
}

}  // namespace

void AppendValue(std::string& out, std::string_view name, std::string_view format,
                 const TemplateValue& value, const TextStyle& style) {
  switch (value.kind) {
    case TemplateValue::Kind::kNone:
      out += "n/a";
      return;
    case TemplateValue::Kind::kText:
      out += value.text;
      return;
    case TemplateValue::Kind::kFlag:
      out += value.flag ? "yes" : "no";
      return;
    case TemplateValue::Kind::kNumber:
      break;
  }
  const double number = value.number;
  if (!std::isfinite(number)) {
    out += "n/a";
    return;
  }
  const std::string_view how = !format.empty()         ? format
                               : !value.format.empty() ? value.format
                                                       : FormatOf(name);
  if (how == "money") {
    AppendMoney(out, number, style);
  } else if (how == "date") {
    AppendDate(out, static_cast<int64_t>(number), style);
  } else if (how == "pct") {
    const long percent = std::lround(number * 100);
    if (percent < 0) out += '-';
    AppendInteger(out, static_cast<uint64_t>(percent < 0 ? -percent : percent));
    out += '%';
  } else if (how == "days") {
    AppendGrouped(out, std::llround(number), style);
  } else {
    AppendNumber(out, number, style);
  }
}

std::string FormatValue(std::string_view name, std::string_view format, const TemplateValue& value,
                        const TextStyle& style) {
  std::string out;
  AppendValue(out, name, format, value, style);
  return out;
}

CompiledTemplate::CompiledTemplate(std::string_view text) {
  Part part;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      const size_t next = std::min(text.find('{', i), text.size());
      part.literal.append(text.substr(i, next - i));
      i = next - 1;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      part.literal += '{';
      ++i;
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      part.literal.append(text.substr(i));
      break;
    }
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
      part.format = std::string(name.substr(colon + 1));
      name = name.substr(0, colon);
    }
    part.name = std::string(name);
    parts_.push_back(std::move(part));
    part = Part();
    i = close;
  }
  if (!part.literal.empty()) parts_.push_back(std::move(part));
}

void CompiledTemplate::Render(const ValueLookup& lookup, const TextStyle& style,
                              std::string& out) const {
  for (const Part& part : parts_) {
    out += part.literal;
    if (!part.name.empty()) AppendValue(out, part.name, part.format, lookup(part.name), style);
  }
}

std::string RenderTemplate(std::string_view text, const ValueLookup& lookup,
                           const TextStyle& style) {
  std::string out;
  CompiledTemplate(text).Render(lookup, style, out);
  return out;
}

namespace {

// A parser per thread: it keeps its buffers between documents, and events are put and tasks
// rendered on several threads.
simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

}  // namespace

bool IsJsonObject(std::string_view json) {
  simdjson::dom::object object;
  return ThreadParser().parse(json.data(), json.size()).get(object) == simdjson::SUCCESS;
}

EvidenceFields::EvidenceFields(std::string_view json) {
  simdjson::dom::object object;
  if (ThreadParser().parse(json.data(), json.size()).get(object) != simdjson::SUCCESS) return;
  for (const simdjson::dom::key_value_pair field : object) {
    Field f;
    f.key_begin = static_cast<uint32_t>(text_.size());
    f.key_size = static_cast<uint32_t>(field.key.size());
    const simdjson::dom::element value = field.value;
    switch (value.type()) {
      case simdjson::dom::element_type::INT64:
        f.kind = TemplateValue::Kind::kNumber;
        f.number = static_cast<double>(int64_t(value));
        break;
      case simdjson::dom::element_type::UINT64:
        f.kind = TemplateValue::Kind::kNumber;
        f.number = static_cast<double>(uint64_t(value));
        break;
      case simdjson::dom::element_type::DOUBLE:
        f.kind = TemplateValue::Kind::kNumber;
        f.number = double(value);
        break;
      case simdjson::dom::element_type::BOOL:
        f.kind = TemplateValue::Kind::kFlag;
        f.flag = bool(value);
        break;
      case simdjson::dom::element_type::STRING: {
        const std::string_view text(value);
        f.kind = TemplateValue::Kind::kText;
        f.text_begin = static_cast<uint32_t>(f.key_begin + f.key_size);
        f.text_size = static_cast<uint32_t>(text.size());
        text_.append(field.key).append(text);
        fields_.push_back(f);
        continue;
      }
      case simdjson::dom::element_type::NULL_VALUE:
        break;  // a field without a value: "n/a" in a template
      case simdjson::dom::element_type::ARRAY:
      case simdjson::dom::element_type::OBJECT:
        continue;  // not formatted: skipped
    }
    text_.append(field.key);
    fields_.push_back(f);
  }
}

TemplateValue EvidenceFields::Value(const Field& f) const {
  TemplateValue v;
  v.kind = f.kind;
  v.number = f.number;
  v.flag = f.flag;
  if (f.kind == TemplateValue::Kind::kText) v.text = {text_.data() + f.text_begin, f.text_size};
  return v;
}

TemplateValue EvidenceFields::Find(std::string_view key) const {
  for (const Field& f : fields_) {  // a few keys: a scan beats a map
    if (Key(f) == key) return Value(f);
  }
  return {};
}

std::string EvidenceFields::Describe(const TextStyle& style) const {
  std::string out;
  for (const Field& f : fields_) {
    if (f.kind != TemplateValue::Kind::kNumber) continue;  // names and codes are in the title
    if (!out.empty()) out += "; ";
    AppendLabel(out, Key(f), style);
    out += ": ";
    AppendValue(out, Key(f), {}, Value(f), style);
  }
  return out;
}

}  // namespace encore::pipeline
