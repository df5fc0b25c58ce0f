// The playbook: how each event type becomes a task for a manager. A default entry ships for
// every event type the bundled methods emit (see default_playbook.cc), in English and Russian;
// the pipeline spec's `playbook:` section overrides any field of any entry and adds entries for
// event types of other plugins:
//
//   playbook:
//     language: ru                  # en (default) | ru: the language of task texts
//     fallback_manager: sales-desk  # for customers whose orders name no manager
//     events:
//       rhythm_slowdown:
//         priority: 1               # 1 high, 2 normal, 3 low (outranks the event's own)
//         due_days: 2               # due this many days after the run's as_of (outranks the
//                                   # event's own due date)
//         channel: call
//         action: "Call and offer the usual order with free delivery"
//         title: "{customer_id}: late for the usual order"
//         body: "..."               # text fields: a string (the chosen language) or {en:, ru:}
//       segment_up: {enabled: false}  # no tasks for this type
//
// Templates: {name} or {name:format} with format money | date | pct | days | num. Names: the
// event's evidence keys, customer_id, manager, type, subject, action, channel, due_date,
// priority, currency, score.<score name> (the customer's score in this run) and {evidence},
// every evidence number formatted by its key's suffix (_minor money, _at date, _days days,
// p_/share pct). A name with no value renders as "n/a".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/common/status.h"

namespace encore {

struct PlaybookEntry {
  bool enabled = true;
  int priority = 2;  // the event's own priority wins when it gives one, unless the spec set it
  int due_days = 7;  // the event's own due_at wins when it gives one, unless the spec set it
  bool priority_from_spec = false, due_days_from_spec = false;
  std::string channel;  // empty = the event's evidence "channel", if any
  std::map<std::string, std::string> action, title, body;  // by language; action empty = the
                                                           // evidence's "action", if any
};

struct Playbook {
  std::string language = "en";
  std::string fallback_manager = "unassigned";
  std::map<std::string, PlaybookEntry> events;  // by event type
  PlaybookEntry other;                          // for event types without an entry

  const PlaybookEntry& For(const std::string& type) const {
    auto it = events.find(type);
    return it == events.end() ? other : it->second;
  }
  // The text of a field in the playbook's language (English when that language has none).
  const std::string& Text(const std::map<std::string, std::string>& field) const;
};

// The playbook that ships (default_playbook.cc).
const Playbook& DefaultPlaybook();

// The default playbook with `section` (the spec's `playbook:` value; null = absent) applied.
// Errors name the field: "playbook.events.rhythm_slowdown.priority: must be 1, 2 or 3".
Result<Playbook> ParsePlaybook(const nlohmann::json& section);

}  // namespace encore
