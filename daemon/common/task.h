// A task for a manager, made from an event by the pipeline's playbook. One open task per
// situation: the idempotency key (pipeline, type, customer, subject) finds the task a later run
// refreshes instead of opening another, and the task closes itself once the customer orders.
#pragma once

#include <cstdint>
#include <string>

namespace encore {

enum class TaskStatus { kOpen = 1, kClosed = 2 };
inline const char* TaskStatusName(TaskStatus s) {
  return s == TaskStatus::kOpen ? "open" : "closed";
}

struct Task {
  std::string task_id;  // "<pipeline>-<number>", stable for the task's life
  std::string key;      // idempotency key: "<type>|<customer_id>|<subject>"
  std::string pipeline;
  std::string customer_id;
  std::string manager;  // the customer's manager, or the playbook's fallback
  std::string type;     // the event type
  std::string subject;  // e.g. a product id; "" = the customer
  TaskStatus status = TaskStatus::kOpen;
  int32_t priority = 2;  // 1 high, 2 normal, 3 low
  std::string action, channel;
  std::string title, body;           // in the playbook's language
  std::string language;              // "en" or "ru"
  std::string evidence_json = "{}";  // of the latest event
  int64_t opened_as_of = 0;  // as_of of the run that opened it (orders after it close the task)
  int64_t due_at = 0;        // UTC seconds
  int64_t seen_count = 1;    // runs that raised the situation
  std::string opened_run, last_run, closed_run;
  int64_t closed_as_of = 0;
  std::string close_reason;  // "customer ordered on 2026-03-04"
};

}  // namespace encore
