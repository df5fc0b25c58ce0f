// Renders playbook templates into the texts of a task: "{name}" and "{name:format}" are
// replaced by values a resolver gives (the event's evidence, the customer's fields and scores).
// Numbers are formatted for a person, by the explicit format or else by the name's suffix:
//   money  (_minor)         minor units as the currency's major unit: "1,234.50 GBP" / "1 234,50
//   GBP" date   (_at)            UTC seconds as the pipeline zone's date: "2026-03-04" /
//   "04.03.2026" pct    (p_..., _share, _rate)  a 0..1 share as a whole percent: "42%" days (_days)
//   a whole number num                     at most one decimal: "2.5", "3"
// A name without a value renders as "n/a"; "{{" is a literal "{".
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/common/time_zone.h"

namespace encore::pipeline {

struct TextStyle {
  std::string language = "en";  // "en" or "ru"
  std::string currency = "USD";
  const TimeZone* zone = nullptr;  // for dates; UTC when null
};

using ValueLookup = std::function<std::optional<nlohmann::ordered_json>(std::string_view name)>;

// One value as a person reads it; `format` empty = by the name's suffix.
std::string FormatValue(std::string_view name, std::string_view format,
                        const nlohmann::ordered_json& value, const TextStyle& style);

std::string RenderTemplate(std::string_view text, const ValueLookup& lookup,
                           const TextStyle& style);

// Every number of an evidence object, "label: value" joined by "; ", in the order the method
// gave them. Labels are
// the key in words ("last_order_at" -> "last order date"; Russian labels for known keys).
std::string DescribeEvidence(const nlohmann::ordered_json& evidence, const TextStyle& style);

}  // namespace encore::pipeline
