#include "daemon/pipeline/task_text.h"

#include <algorithm>
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

// Groups of three digits: "1,234,567" (en) or "1 234 567" (ru, with a no-break space).
std::string GroupDigits(int64_t whole, const TextStyle& style) {
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  const std::string separator = style.language == "ru" ? "\u00a0" : ",";
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return whole < 0 ? "-" + out : out;
}

std::string Money(double minor, const TextStyle& style) {
  const int64_t cents = static_cast<int64_t>(std::llround(minor));
  const int64_t whole = cents / 100;
  const int64_t part = std::llabs(cents % 100);
  char fraction[4];
  std::snprintf(fraction, sizeof(fraction), "%02lld", static_cast<long long>(part));
  const std::string sign = cents < 0 && whole == 0 ? "-" : "";
  return sign + GroupDigits(whole, style) + (style.language == "ru" ? "," : ".") + fraction + " " +
         style.currency;
}

std::string Date(int64_t utc_seconds, const TextStyle& style) {
  const int32_t day = style.zone != nullptr
                          ? style.zone->LocalDay(utc_seconds)
                          : static_cast<int32_t>(std::floor(utc_seconds / 86400.0));
  const std::string iso = TimeZone::FormatDay(day);  // YYYY-MM-DD
  if (style.language != "ru") return iso;
  return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

std::string Number(double value, const TextStyle& style) {
  const double rounded = std::round(value * 10) / 10;
  if (rounded == std::floor(rounded)) return GroupDigits(static_cast<int64_t>(rounded), style);
  char text[64];
  std::snprintf(text, sizeof(text), "%.1f", rounded);
  std::string out = text;
  if (style.language == "ru") out[out.find('.')] = ',';
  return out;
}

// Russian labels of the evidence keys the bundled methods give; other keys keep their words.
const std::map<std::string, std::string>& RussianLabels() {
  static const std::map<std::string, std::string> labels = {
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
std::string Label(const std::string& key, const TextStyle& style) {
  if (style.language == "ru") {
    const auto& labels = RussianLabels();
    if (auto it = labels.find(key); it != labels.end()) return it->second;
  }
  std::string label = key;
  if (EndsWith(label, "_minor")) label.resize(label.size() - 6);
  if (EndsWith(label, "_at")) label.replace(label.size() - 3, 3, "_date");
  for (char& c : label) {
    if (c == '_') c = ' ';
  }
  return label;
}

}  // namespace

std::string FormatValue(std::string_view name, std::string_view format,
                        const nlohmann::ordered_json& value, const TextStyle& style) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (!value.is_number()) return value.is_null() ? "n/a" : value.dump();
  const double number = value.get<double>();
  if (!std::isfinite(number)) return "n/a";
  const std::string_view how = format.empty() ? FormatOf(name) : format;
  if (how == "money") return Money(number, style);
  if (how == "date") return Date(static_cast<int64_t>(number), style);
  if (how == "pct") return std::to_string(static_cast<int>(std::lround(number * 100))) + "%";
  if (how == "days") return GroupDigits(static_cast<int64_t>(std::lround(number)), style);
  return Number(number, style);
}

std::string RenderTemplate(std::string_view text, const ValueLookup& lookup,
                           const TextStyle& style) {
  std::string out;
  out.reserve(text.size() + 64);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      const size_t next = std::min(text.find('{', i), text.size());
      out.append(text.substr(i, next - i));
      i = next - 1;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    std::string_view name = text.substr(i + 1, close - i - 1);
    std::string_view format;
    if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
      format = name.substr(colon + 1);
      name = name.substr(0, colon);
    }
    const std::optional<nlohmann::ordered_json> value = lookup(name);
    out += value.has_value() ? FormatValue(name, format, *value, style) : "n/a";
    i = close;
  }
  return out;
}

std::string DescribeEvidence(const nlohmann::ordered_json& evidence, const TextStyle& style) {
  std::string out;
  if (!evidence.is_object()) return out;
  for (const auto& [key, value] : evidence.items()) {
    if (!value.is_number()) continue;  // names and codes are in the title already
    if (!out.empty()) out += "; ";
    out += Label(key, style) + ": " + FormatValue(key, "", value, style);
  }
  return out;
}

}  // namespace encore::pipeline
