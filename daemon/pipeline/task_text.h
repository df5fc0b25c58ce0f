// Renders playbook templates into the texts of a task: "{name}" and "{name:format}" are
// replaced by values a resolver gives (the event's evidence, the customer's fields and scores).
// Numbers are formatted for a person, by the explicit format or else by the name's suffix:
//   money  (_minor)                minor units as the currency's major unit: "1,234.50 GBP" /
//                                  "1 234,50 GBP"
//   date   (_at)                   UTC seconds as the pipeline zone's date: "2026-03-04" /
//                                  "04.03.2026"
//   pct    (p_..., _share, _rate)  a 0..1 share as a whole percent: "42%"
//   days   (_days)                 a whole number
//   num                            at most one decimal: "2.5", "3"
// A name without a value renders as "n/a"; "{{" is a literal "{".
//
// A month of a million customers renders a few hundred thousand tasks, so the work is done
// once where it can be: templates are split into parts once (CompiledTemplate), evidence is read
// by simdjson into a flat list of fields (EvidenceFields; ten times the speed of a document of
// nlohmann::json for these small objects), and values are appended to the output instead of
// being returned as strings.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_zone.h"

namespace encore::pipeline {

struct TextStyle {
  std::string language = "en";  // "en" or "ru"
  std::string currency = "USD";
  const TimeZone* zone = nullptr;  // for dates; UTC when null
};

// One value a template names. `text` views memory the resolver keeps alive while rendering.
struct TemplateValue {
  enum class Kind { kNone, kNumber, kFlag, kText };
  Kind kind = Kind::kNone;
  double number = 0;
  bool flag = false;
  std::string_view text;
  std::string_view format;  // the format when the template gives none; empty = by the name

  static TemplateValue Number(double n, std::string_view format = {}) {
    return {Kind::kNumber, n, false, {}, format};
  }
  static TemplateValue Flag(bool b) { return {Kind::kFlag, 0, b, {}, {}}; }
  static TemplateValue Text(std::string_view t) { return {Kind::kText, 0, false, t, {}}; }
  bool has_value() const { return kind != Kind::kNone; }
};

using ValueLookup = std::function<TemplateValue(std::string_view name)>;

// One value as a person reads it, appended to `out`; `format` empty = by the name's suffix.
void AppendValue(std::string& out, std::string_view name, std::string_view format,
                 const TemplateValue& value, const TextStyle& style);
std::string FormatValue(std::string_view name, std::string_view format, const TemplateValue& value,
                        const TextStyle& style);

// A template split once into literal text and placeholders.
class CompiledTemplate {
 public:
  explicit CompiledTemplate(std::string_view text);
  void Render(const ValueLookup& lookup, const TextStyle& style, std::string& out) const;
  bool empty() const { return parts_.empty(); }

 private:
  struct Part {
    std::string literal;  // the text before the placeholder
    std::string name;     // empty = literal only
    std::string format;   // the ":format", if any
  };
  std::vector<Part> parts_;
};

std::string RenderTemplate(std::string_view text, const ValueLookup& lookup,
                           const TextStyle& style);

// Whether `json` is one valid JSON object, as an event's evidence must be.
bool IsJsonObject(std::string_view json);

// The top-level fields of an evidence object (a JSON text), in the document's order. Nested arrays
// and objects are skipped: templates and the evidence line format scalars only. Text that is not
// one valid JSON object gives no fields.
class EvidenceFields {
 public:
  explicit EvidenceFields(std::string_view json);
  TemplateValue Find(std::string_view key) const;
  // Every number of the evidence, "label: value" joined by "; ", in the order the method gave
  // them. Labels are the key in words ("last_order_at" -> "last order date"; Russian labels
  // for known keys).
  std::string Describe(const TextStyle& style) const;
  size_t size() const { return fields_.size(); }

 private:
  struct Field {
    uint32_t key_begin = 0, key_size = 0;  // in text_
    TemplateValue::Kind kind = TemplateValue::Kind::kNone;
    double number = 0;
    bool flag = false;
    uint32_t text_begin = 0, text_size = 0;  // in text_, for kText
  };
  std::string_view Key(const Field& f) const { return {text_.data() + f.key_begin, f.key_size}; }
  TemplateValue Value(const Field& f) const;
  std::string text_;  // the keys and text values, unescaped, one after another
  std::vector<Field> fields_;
};

}  // namespace encore::pipeline
