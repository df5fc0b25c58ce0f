#include "daemon/pipeline/task_planner.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <cstdio>
#include <optional>
#include <string_view>

#include "daemon/pipeline/task_text.h"
#include "encore/sdk/parallel.hpp"

namespace encore::pipeline {
namespace {

constexpr int64_t kDay = 86400;

std::string_view View(encore_str s) { return std::string_view(s.data, s.size); }

std::string TaskKey(const std::string& type, const std::string& customer,
                    const std::string& subject) {
  return type + "|" + customer + "|" + subject;
}

// A situation as the parts of its key, compared and hashed without making the key's string
// (a run decides a few hundred thousand of them on one thread).
struct Situation {
  std::string_view type, customer, subject;
  bool operator==(const Situation&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const Situation& s) {
    return H::combine(std::move(h), s.type, s.customer, s.subject);
  }
};
Situation SituationOf(const CustomerEvent& e) { return {e.type, e.customer_id, e.subject}; }
Situation SituationOf(const Task& t) { return {t.type, t.customer_id, t.subject}; }

class Planner {
 public:
  explicit Planner(const TaskPlanInput& in)
      : in_(in),
        playbook_(in.spec.playbook),
        style_{playbook_.language, in.spec.currency, &in.zone} {
    CompileTemplates();
    // Events carry their customer's index; only the customers of open tasks are looked up by
    // id, so the map holds them alone instead of every customer of the dataset.
    for (const Task& task : in.open_tasks) customer_index_.emplace(task.customer_id, UINT32_MAX);
    const encore_dataset_v1& d = in.dataset;
    for (size_t c = 0; c < d.customer_count && !customer_index_.empty(); ++c) {
      auto it = customer_index_.find(View(d.customer_key[c]));
      if (it != customer_index_.end()) it->second = static_cast<uint32_t>(c);
    }
  }

  std::vector<Task> Run() {
    // Which open tasks this run closes, and which are still open to be refreshed.
    std::vector<Task> closed;
    absl::flat_hash_map<Situation, const Task*> still_open;
    for (const Task& task : in_.open_tasks) {
      std::optional<int64_t> resolved_at = ResolvedAt(task);
      if (!resolved_at.has_value()) {
        still_open.emplace(SituationOf(task), &task);
        continue;
      }
      Task done = task;
      done.status = TaskStatus::kClosed;
      done.closed_run = in_.run_id;
      done.closed_as_of = in_.as_of;
      done.close_reason = CloseReason(task, *resolved_at);
      closed.push_back(std::move(done));
    }

    // Decide, in event order, what each situation becomes: a new task or a refresh of an open
    // one; a second event for a situation already decided only raises its priority.
    std::vector<Decision> opened, refreshed;
    absl::flat_hash_map<Situation, std::pair<bool, size_t>> decided;  // (refresh, index)
    decided.reserve(in_.events.size());
    for (const CustomerEvent& event : in_.events) {
      const PlaybookEntry& entry = playbook_.For(event.type);
      if (!entry.enabled) continue;
      const Situation key = SituationOf(event);
      if (auto it = decided.find(key); it != decided.end()) {
        Decision& earlier = (it->second.first ? refreshed : opened)[it->second.second];
        earlier.priority = std::min(earlier.priority, PriorityOf(event, entry));
        continue;
      }
      auto open = still_open.find(key);
      const Task* refresh = open == still_open.end() ? nullptr : open->second;
      std::vector<Decision>& list = refresh != nullptr ? refreshed : opened;
      const int priority = PriorityOf(event, entry);
      list.push_back({&event, &entry, refresh,
                      refresh != nullptr ? std::min(refresh->priority, priority) : priority});
      decided.emplace(key, std::make_pair(refresh != nullptr, list.size() - 1));
    }

    // Building and rendering the tasks is most of the planner's work (a month of a million
    // customers raises a few hundred thousand events): on two threads, into fixed places.
    std::vector<Task> out;
    out.reserve(opened.size() + refreshed.size() + closed.size());
    out.resize(opened.size() + refreshed.size());
    if (UsesScores()) BuildResultRows();  // lazily built maps are not for threads
    const int parts = out.size() < 4096 ? 1 : 2;
    sdk::ForEachRange(out.size(), parts, [&](int, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        out[i] = i < opened.size() ? Open(opened[i]) : Refresh(refreshed[i - opened.size()]);
      }
    });
    out.insert(out.end(), std::make_move_iterator(closed.begin()),
               std::make_move_iterator(closed.end()));
    return out;
  }

 private:
  // The spec's playbook outranks the event; the event outranks the shipped defaults.
  static int PriorityOf(const CustomerEvent& event, const PlaybookEntry& entry) {
    return event.priority > 0 && !entry.priority_from_spec ? event.priority : entry.priority;
  }

  struct Decision {
    const CustomerEvent* event;
    const PlaybookEntry* entry;
    const Task* refresh;  // the open task this event refreshes; null = a new task
    int priority;         // the highest of the events for the situation (and the open task's)
  };

  Task Open(const Decision& d) const {
    const CustomerEvent& event = *d.event;
    Task task;
    task.key = TaskKey(event.type, event.customer_id, event.subject);
    task.task_id = TaskId(in_.spec.name, task.key, in_.run_id);
    task.pipeline = in_.spec.name;
    task.customer_id = event.customer_id;
    task.type = event.type;
    task.subject = event.subject;
    task.manager = ManagerOf(event.customer_index);
    task.priority = d.priority;
    task.due_at = event.due_at > 0 && !d.entry->due_days_from_spec
                      ? event.due_at
                      : in_.as_of + d.entry->due_days * kDay;
    task.opened_as_of = in_.as_of;
    task.opened_run = task.last_run = in_.run_id;
    Fill(task, event, *d.entry);
    return task;
  }

  // The deadline and the opening run stay; evidence, texts and priority follow the latest.
  Task Refresh(const Decision& d) const {
    Task task = *d.refresh;
    task.seen_count += 1;
    task.last_run = in_.run_id;
    task.priority = d.priority;
    Fill(task, *d.event, *d.entry);
    return task;
  }

  // The dataset index of an open task's customer; nullopt when the dataset lacks them.
  std::optional<uint32_t> CustomerIndex(const std::string& customer_id) const {
    auto it = customer_index_.find(customer_id);
    if (it == customer_index_.end() || it->second == UINT32_MAX) return std::nullopt;
    return it->second;
  }

  std::string ManagerOf(uint32_t c) const {
    const encore_dataset_v1& d = in_.dataset;
    if (c < d.customer_count) {
      for (uint32_t o = d.customer_order_end[c]; o > d.customer_order_begin[c]; --o) {
        const uint32_t manager = d.order_manager[o - 1];
        if (manager != UINT32_MAX) return std::string(View(d.manager_key[manager]));
      }
    }
    return playbook_.fallback_manager;
  }

  // When the customer resolved the task's situation: the first order after the run that opened
  // it (with the task's product, when its subject is a product of the data); nullopt if none.
  std::optional<int64_t> ResolvedAt(const Task& task) const {
    const std::optional<uint32_t> c = CustomerIndex(task.customer_id);
    if (!c.has_value()) return std::nullopt;
    const encore_dataset_v1& d = in_.dataset;
    const uint32_t begin = d.customer_order_begin[*c], end = d.customer_order_end[*c];
    if (begin == end || d.order_time[end - 1] <= task.opened_as_of) return std::nullopt;
    const bool about_product = !task.subject.empty() && IsProduct(task.subject);
    for (uint32_t o = begin; o < end; ++o) {
      if (d.order_time[o] <= task.opened_as_of || d.order_amount_minor[o] <= 0) continue;
      if (!about_product) return d.order_time[o];
      for (uint32_t l = d.order_line_begin[o]; l < d.order_line_begin[o + 1]; ++l) {
        const uint32_t p = d.line_product[l];
        if (p != UINT32_MAX && View(d.product_key[p]) == task.subject) return d.order_time[o];
      }
    }
    return std::nullopt;
  }

  bool IsProduct(const std::string& subject) const {
    if (product_index_.empty()) {
      const encore_dataset_v1& d = in_.dataset;
      product_index_.reserve(d.product_count);
      for (size_t p = 0; p < d.product_count; ++p) product_index_.insert(View(d.product_key[p]));
    }
    return product_index_.contains(subject);
  }

  std::string CloseReason(const Task& task, int64_t ordered_at) const {
    const std::string day = FormatValue(
        "ordered_at", "date", TemplateValue::Number(static_cast<double>(ordered_at)), style_);
    const bool product = !task.subject.empty() && IsProduct(task.subject);
    if (playbook_.language == "ru") {
      return product ? "клиент купил " + task.subject + " " + day : "клиент сделал заказ " + day;
    }
    return product ? "customer bought " + task.subject + " on " + day
                   : "customer ordered on " + day;
  }

  bool UsesScores() const {
    auto uses = [](const std::map<std::string, std::string>& texts) {
      for (const auto& [language, text] : texts) {
        if (text.find("{score.") != std::string::npos ||
            text.find("{segment") != std::string::npos) {
          return true;
        }
      }
      return false;
    };
    for (const auto* entry : {&playbook_.other}) {
      if (uses(entry->title) || uses(entry->body) || uses(entry->action)) return true;
    }
    for (const auto& [type, entry] : playbook_.events) {
      if (uses(entry.title) || uses(entry.body) || uses(entry.action)) return true;
    }
    return false;
  }

  void BuildResultRows() const {
    if (!result_row_.empty()) return;
    result_row_.reserve(in_.results.row_count());
    for (size_t r = 0; r < in_.results.row_count(); ++r) {
      result_row_.emplace(in_.results.customer_ids[r], r);
    }
  }

  // Evidence, action, channel and the texts, from the event and the playbook entry.
  void Fill(Task& task, const CustomerEvent& event, const PlaybookEntry& entry) const {
    task.evidence_json = event.evidence_json;
    const EvidenceFields evidence(event.evidence_json);
    auto evidence_text = [&](std::string_view key) {
      const TemplateValue v = evidence.Find(key);
      return v.kind == TemplateValue::Kind::kText ? std::string(v.text) : std::string();
    };
    task.language = playbook_.language;
    task.channel = !entry.channel.empty() ? entry.channel : evidence_text("channel");
    std::string described;  // the evidence line, made once if a template asks for it
    const ValueLookup lookup = [&](std::string_view name) -> TemplateValue {
      if (name == "customer_id") return TemplateValue::Text(task.customer_id);
      if (name == "manager") return TemplateValue::Text(task.manager);
      if (name == "type") return TemplateValue::Text(task.type);
      if (name == "subject") return TemplateValue::Text(task.subject);
      if (name == "action") return TemplateValue::Text(task.action);
      if (name == "channel") return TemplateValue::Text(task.channel);
      if (name == "priority") return TemplateValue::Number(task.priority);
      if (name == "currency") return TemplateValue::Text(in_.spec.currency);
      if (name == "due_date")
        return TemplateValue::Number(static_cast<double>(task.due_at), "date");
      if (name == "segment") return Score(task.customer_id, in_.spec.segment_score);
      if (name == "evidence") {
        if (described.empty()) described = evidence.Describe(style_);
        return TemplateValue::Text(described);
      }
      if (name.substr(0, 6) == "score.") return Score(task.customer_id, name.substr(6));
      return evidence.Find(name);
    };
    const CompiledTemplate& action = Compiled(entry.action);
    if (action.empty()) {
      task.action = evidence_text("action");
    } else {
      task.action.clear();
      action.Render(lookup, style_, task.action);
    }
    task.title.clear();
    Compiled(entry.title).Render(lookup, style_, task.title);
    task.body.clear();
    Compiled(entry.body).Render(lookup, style_, task.body);
  }

  // The playbook's templates, split once for every task that uses them.
  void CompileTemplates() {
    auto add = [&](const PlaybookEntry& entry) {
      for (const auto* field : {&entry.title, &entry.body, &entry.action}) {
        const std::string& text = playbook_.Text(*field);
        templates_.try_emplace(&text, text);
      }
    };
    add(playbook_.other);
    for (const auto& [type, entry] : playbook_.events) add(entry);
  }

  const CompiledTemplate& Compiled(const std::map<std::string, std::string>& field) const {
    return templates_.at(&playbook_.Text(field));
  }

  TemplateValue Score(const std::string& customer_id, std::string_view name) const {
    BuildResultRows();
    const ScoreColumn* column = in_.results.find(std::string(name));
    auto row = result_row_.find(customer_id);
    if (column == nullptr || row == result_row_.end() || column->is_null(row->second)) {
      return {};
    }
    switch (column->type) {
      case ENCORE_VALUE_I64:
        return TemplateValue::Number(static_cast<double>(column->i64[row->second]));
      case ENCORE_VALUE_F64:
        return TemplateValue::Number(column->f64[row->second]);
      case ENCORE_VALUE_STR:
        return TemplateValue::Text(std::string_view(column->str[row->second]));
    }
    return {};
  }

  const TaskPlanInput& in_;
  const Playbook& playbook_;
  const TextStyle style_;
  absl::flat_hash_map<std::string_view, uint32_t> customer_index_;
  mutable absl::flat_hash_set<std::string_view> product_index_;
  mutable absl::flat_hash_map<std::string_view, size_t> result_row_;
  absl::flat_hash_map<const std::string*, CompiledTemplate> templates_;  // by playbook text
};

}  // namespace

std::string TaskId(const std::string& pipeline, const std::string& key, const std::string& run_id) {
  // FNV-1a: stable across builds and platforms, unlike std::hash.
  uint64_t hash = 1469598103934665603ull;
  for (const std::string* part : {&key, &run_id}) {
    for (unsigned char c : *part) {
      hash = (hash ^ c) * 1099511628211ull;
    }
    hash = (hash ^ 0xff) * 1099511628211ull;  // a separator no UTF-8 text contains
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash));
  return pipeline + "-" + std::string(hex, 12);
}

std::vector<Task> PlanTasks(const TaskPlanInput& input) { return Planner(input).Run(); }

}  // namespace encore::pipeline
