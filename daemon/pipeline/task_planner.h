// Turns a run's events into tasks through the pipeline's playbook, and keeps the tasks of
// earlier runs honest:
//   - one open task per situation: the idempotency key "<type>|<customer>|<subject>" finds an
//     open task of an earlier run, which is refreshed (latest evidence and texts, seen_count + 1,
//     the higher priority) instead of opening a second one;
//   - a task closes itself when the situation resolves: the customer ordered after the run that
//     opened it (for a task about a product, e.g. item_due: bought that product);
//   - the responsible manager is the manager of the customer's latest order that names one,
//     else the playbook's fallback_manager.
// Pure: reads the run's data, returns the tasks it opened, refreshed or closed; the scheduler
// stores them with the run.
#pragma once

#include <encore/plugin_abi.h>

#include <string>
#include <vector>

#include "daemon/common/results_table.h"
#include "daemon/common/task.h"
#include "daemon/common/time_zone.h"
#include "daemon/config/pipeline_spec.h"

namespace encore::pipeline {

struct TaskPlanInput {
  const PipelineSpec& spec;  // name, currency, playbook
  const std::string& run_id;
  int64_t as_of = 0;
  const TimeZone& zone;
  const std::vector<CustomerEvent>& events;
  const ResultsTable& results;       // the customers' scores, for {score.<name>}
  const encore_dataset_v1& dataset;  // as of the run: managers and orders
  const std::vector<Task>& open_tasks;
};

// New tasks first (in event order), then refreshed and closed ones (in open_tasks order).
std::vector<Task> PlanTasks(const TaskPlanInput& input);

// The stable id of a task opened by `run_id` for `key`: "<pipeline>-<12 hex digits>".
std::string TaskId(const std::string& pipeline, const std::string& key, const std::string& run_id);

}  // namespace encore::pipeline
