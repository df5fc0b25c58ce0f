#include "daemon/config/playbook.h"

#include <set>

#include "daemon/config/default_playbook.h"

namespace encore {
namespace {

const std::set<std::string> kLanguages = {"en", "ru"};
const std::set<std::string> kEntryKeys = {"enabled", "priority", "due_days", "channel",
                                          "action",  "title",    "body"};

Status FieldError(const std::string& path, const std::string& what) {
  return InvalidArgument(path + ": " + what);
}

// A text field: a string (the playbook's language) or an object {en: ..., ru: ...}.
Status ApplyText(const nlohmann::json& value, const std::string& path, const std::string& language,
                 std::map<std::string, std::string>& out) {
  if (value.is_string()) {
    out[language] = value.get<std::string>();
    return Status::Ok();
  }
  if (!value.is_object()) return FieldError(path, "must be a text or {en: ..., ru: ...}");
  for (const auto& [lang, text] : value.items()) {
    if (kLanguages.count(lang) == 0) return FieldError(path + "." + lang, "unknown language");
    if (!text.is_string()) return FieldError(path + "." + lang, "must be a text");
    out[lang] = text.get<std::string>();
  }
  return Status::Ok();
}

Status ApplyInt(const nlohmann::json& value, const std::string& path, int low, int high, int& out) {
  if (!value.is_number_integer() || value.get<int64_t>() < low || value.get<int64_t>() > high) {
    return FieldError(
        path, "must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
  }
  out = value.get<int>();
  return Status::Ok();
}

// `from_spec`: the pipeline's own setting (it then outranks what an event proposes).
Status ApplyEntry(const nlohmann::json& value, const std::string& path, const std::string& language,
                  bool from_spec, PlaybookEntry& entry) {
  if (!value.is_object()) return FieldError(path, "must be a mapping");
  for (const auto& [key, field] : value.items()) {
    const std::string at = path + "." + key;
    if (kEntryKeys.count(key) == 0) {
      return FieldError(at,
                        "unknown field (known: enabled, priority, due_days, channel, "
                        "action, title, body)");
    }
    if (key == "enabled") {
      if (!field.is_boolean()) return FieldError(at, "must be true or false");
      entry.enabled = field.get<bool>();
    } else if (key == "priority") {
      ENCORE_RETURN_IF_ERROR(ApplyInt(field, at, 1, 3, entry.priority));
      entry.priority_from_spec = from_spec;
    } else if (key == "due_days") {
      ENCORE_RETURN_IF_ERROR(ApplyInt(field, at, 0, 365, entry.due_days));
      entry.due_days_from_spec = from_spec;
    } else if (key == "channel") {
      if (!field.is_string()) return FieldError(at, "must be a text");
      entry.channel = field.get<std::string>();
    } else {
      auto& text = key == "action" ? entry.action : key == "title" ? entry.title : entry.body;
      ENCORE_RETURN_IF_ERROR(ApplyText(field, at, language, text));
    }
  }
  return Status::Ok();
}

bool IsEventType(const std::string& type) {
  if (type.empty()) return false;
  for (char c : type) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Playbook BuildDefaults() {
  Playbook playbook;
  const nlohmann::json defaults = nlohmann::json::parse(DefaultPlaybookJson());
  // The shipped text is fixed and tested; applying it cannot fail.
  (void)ApplyEntry(defaults["other"], "other", "en", false, playbook.other);
  for (const auto& [type, entry] : defaults["events"].items()) {
    (void)ApplyEntry(entry, type, "en", false, playbook.events[type]);
  }
  return playbook;
}

}  // namespace

const Playbook& DefaultPlaybook() {
  static const Playbook playbook = BuildDefaults();
  return playbook;
}

const std::string& Playbook::Text(const std::map<std::string, std::string>& field) const {
  static const std::string kNone;
  auto it = field.find(language);
  if (it != field.end()) return it->second;
  it = field.find("en");
  return it == field.end() ? kNone : it->second;
}

Result<Playbook> ParsePlaybook(const nlohmann::json& section) {
  Playbook playbook = DefaultPlaybook();
  if (section.is_null()) return playbook;
  if (!section.is_object()) return FieldError("playbook", "must be a mapping");
  for (const auto& [key, value] : section.items()) {
    const std::string at = "playbook." + key;
    if (key == "language") {
      if (!value.is_string() || kLanguages.count(value.get<std::string>()) == 0) {
        return FieldError(at, "must be en or ru");
      }
      playbook.language = value.get<std::string>();
    } else if (key == "fallback_manager") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        return FieldError(at, "must be a non-empty text");
      }
      playbook.fallback_manager = value.get<std::string>();
    } else if (key != "events") {
      return FieldError(at, "unknown field (known: language, fallback_manager, events)");
    }
  }
  if (!section.contains("events")) return playbook;
  const nlohmann::json& events = section["events"];
  if (!events.is_object()) return FieldError("playbook.events", "must be a mapping");
  for (const auto& [type, entry] : events.items()) {
    const std::string at = "playbook.events." + type;
    if (!IsEventType(type)) return FieldError(at, "an event type is snake_case (a-z, 0-9, _)");
    // A new type starts from the generic entry, so it has texts in both languages.
    auto [it, added] = playbook.events.try_emplace(type, playbook.other);
    ENCORE_RETURN_IF_ERROR(ApplyEntry(entry, at, playbook.language, true, it->second));
  }
  return playbook;
}

}  // namespace encore
