// Tasks, events and report tables committed with a run: stored exactly, one open task per
// situation enforced by the database, listed with filters and pages, kept across a reopen.
#include "daemon/state/run_activity.h"

#include <gtest/gtest.h>

#include "daemon/state/state_store.h"
#include "tests/unit/state/store_test_support.h"

namespace encore {
namespace {

RunRecord MakeRun(const std::string& run_id, int64_t as_of) {
  RunRecord run;
  run.run_id = run_id;
  run.pipeline = "shop";
  run.as_of = as_of;
  return run;
}

Task MakeTask(const std::string& id, const std::string& customer, const std::string& type,
              int priority, int64_t due_at, const std::string& manager = "anna") {
  Task t;
  t.task_id = id;
  t.pipeline = "shop";
  t.customer_id = customer;
  t.type = type;
  t.key = type + "|" + customer + "|";
  t.manager = manager;
  t.priority = priority;
  t.due_at = due_at;
  t.title = "Call " + customer;
  t.body = "Body of " + id;
  t.language = "en";
  t.evidence_json = R"({"days_since_last_order":61})";
  t.opened_as_of = 1000;
  t.opened_run = t.last_run = "r1";
  return t;
}

TaskQuery Tasks(const std::string& manager = "", const std::string& customer = "",
                const std::string& type = "") {
  TaskQuery query;
  query.pipeline = "shop";
  query.manager = manager;
  query.customer_id = customer;
  query.type = type;
  return query;
}

EventQuery Events(const std::string& customer = "", const std::string& type = "") {
  EventQuery query;
  query.run_id = "r1";
  query.customer_id = customer;
  query.type = type;
  return query;
}

class RunActivityTest : public testing::StoreTest {
 protected:
  Status Commit(const std::string& run_id, const std::vector<CustomerEvent>& events,
                const std::vector<Task>& tasks, const std::vector<ReportTable>& reports = {}) {
    ResultsTable results;
    results.customer_ids = {"olga"};
    return store_->CommitRun(MakeRun(run_id, 1000), results, "segment", {},
                             RunActivity{&events, &tasks, &reports});
  }
};

TEST_F(RunActivityTest, TasksAreStoredExactlyAndSurviveAReopen) {
  Task t = MakeTask("shop-1", "olga", "rhythm_slowdown", 2, 5000);
  t.subject = "";
  t.action = "Call";
  t.channel = "call";
  ASSERT_TRUE(Commit("r1", {}, {t}).ok());
  Reopen();
  auto open = store_->OpenTasks("shop");
  ASSERT_TRUE(open.ok()) << open.status().message();
  ASSERT_EQ(open->size(), 1u);
  const Task& got = (*open)[0];
  EXPECT_EQ(got.task_id, "shop-1");
  EXPECT_EQ(got.key, "rhythm_slowdown|olga|");
  EXPECT_EQ(got.manager, "anna");
  EXPECT_EQ(got.priority, 2);
  EXPECT_EQ(got.due_at, 5000);
  EXPECT_EQ(got.action, "Call");
  EXPECT_EQ(got.channel, "call");
  EXPECT_EQ(got.title, "Call olga");
  EXPECT_EQ(got.body, "Body of shop-1");
  EXPECT_EQ(got.evidence_json, R"({"days_since_last_order":61})");
  EXPECT_EQ(got.status, TaskStatus::kOpen);
  EXPECT_EQ(got.opened_run, "r1");
}

TEST_F(RunActivityTest, ALaterRunRefreshesAndClosesTasksById) {
  ASSERT_TRUE(Commit("r1", {}, {MakeTask("shop-1", "olga", "churned", 3, 5000)}).ok());
  Task closed = MakeTask("shop-1", "olga", "churned", 3, 5000);
  closed.status = TaskStatus::kClosed;
  closed.closed_run = "r2";
  closed.closed_as_of = 2000;
  closed.close_reason = "customer ordered on 2026-03-20";
  // The same run opens a new task for the same situation: allowed once the old one is closed.
  Task reopened = MakeTask("shop-2", "olga", "churned", 3, 9000);
  ASSERT_TRUE(Commit("r2", {}, {reopened, closed}).ok());
  auto all = store_->ListTasks(Tasks());
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->tasks.size(), 2u);
  EXPECT_EQ(all->tasks[0].task_id, "shop-1");  // earlier due date first
  EXPECT_EQ(all->tasks[0].status, TaskStatus::kClosed);
  EXPECT_EQ(all->tasks[0].close_reason, "customer ordered on 2026-03-20");
  EXPECT_EQ(all->tasks[1].task_id, "shop-2");
  EXPECT_EQ(all->tasks[1].status, TaskStatus::kOpen);
}

TEST_F(RunActivityTest, TheDatabaseRefusesASecondOpenTaskForOneSituation) {
  ASSERT_TRUE(Commit("r1", {}, {MakeTask("shop-1", "olga", "churned", 3, 5000)}).ok());
  const Status second = Commit("r2", {}, {MakeTask("shop-2", "olga", "churned", 3, 5000)});
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(store_->GetRun("r2").status().code(), StatusCode::kNotFound);  // nothing of r2 kept
  EXPECT_EQ(store_->OpenTasks("shop")->size(), 1u);
}

TEST_F(RunActivityTest, ListTasksFiltersAndPages) {
  ASSERT_TRUE(
      Commit("r1", {},
             {MakeTask("t1", "olga", "churned", 3, 100), MakeTask("t2", "ivan", "churned", 1, 300),
              MakeTask("t3", "olga", "item_due", 2, 200, "boris"),
              MakeTask("t4", "petr", "last_call", 1, 100)})
          .ok());
  TaskQuery query = Tasks();
  query.page_size = 3;
  auto first = store_->ListTasks(query);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 4);
  ASSERT_EQ(first->tasks.size(), 3u);
  EXPECT_EQ(first->tasks[0].task_id, "t4");  // priority 1, due 100
  EXPECT_EQ(first->tasks[1].task_id, "t2");  // priority 1, due 300
  EXPECT_EQ(first->tasks[2].task_id, "t3");
  query.page_token = first->next_page_token;
  auto second = store_->ListTasks(query);
  ASSERT_EQ(second->tasks.size(), 1u);
  EXPECT_EQ(second->tasks[0].task_id, "t1");
  EXPECT_EQ(second->next_page_token, "");

  TaskQuery by_manager = Tasks("boris");
  EXPECT_EQ(store_->ListTasks(by_manager)->tasks.at(0).task_id, "t3");
  TaskQuery by_customer = Tasks("", "olga", "churned");
  auto olga = store_->ListTasks(by_customer);
  ASSERT_EQ(olga->tasks.size(), 1u);
  EXPECT_EQ(olga->tasks[0].task_id, "t1");
  TaskQuery closed = Tasks();
  closed.status = "closed";
  EXPECT_EQ(store_->ListTasks(closed)->total, 0);

  TaskQuery bad = Tasks();
  bad.status = "done";
  EXPECT_EQ(store_->ListTasks(bad).status().message(), "status: must be open, closed or empty");
  bad = Tasks();
  bad.page_token = "x1";
  EXPECT_EQ(store_->ListTasks(bad).status().message(),
            "page_token: not a token this list returned");
}

TEST_F(RunActivityTest, EventsAreKeptInOrderAndFiltered) {
  CustomerEvent a{"olga", "rhythm_slowdown", "", 2, 0, R"({"days":61})", "lifecycle", 0};
  CustomerEvent b{"ivan", "item_due", "beans", 0, 7000, "{}", "replenishment", 0};
  CustomerEvent c{"olga", "item_due", "tea", 1, 8000, "{}", "replenishment", 0};
  ASSERT_TRUE(Commit("r1", {a, b, c}, {}).ok());
  auto all = store_->ListEvents(Events());
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->events.size(), 3u);
  EXPECT_EQ(all->events[0].customer_id, "olga");
  EXPECT_EQ(all->events[0].evidence_json, R"({"days":61})");
  EXPECT_EQ(all->events[0].method, "lifecycle");
  EXPECT_EQ(all->events[1].subject, "beans");
  EXPECT_EQ(all->events[1].due_at, 7000);
  EventQuery olga = Events("olga", "item_due");
  auto filtered = store_->ListEvents(olga);
  ASSERT_EQ(filtered->events.size(), 1u);
  EXPECT_EQ(filtered->events[0].subject, "tea");
  EXPECT_EQ(filtered->events[0].priority, 1);
}

TEST_F(RunActivityTest, ReportTablesRoundTripWithTheirTypesAndNulls) {
  ReportTable rules;
  rules.name = "basket.rules";
  rules.method = "basket";
  rules.row_count = 2;
  ScoreColumn antecedent;
  antecedent.name = "antecedent";
  antecedent.type = ENCORE_VALUE_STR;
  antecedent.str = {"tea", "beans+mug"};
  ScoreColumn lift;
  lift.name = "lift";
  lift.type = ENCORE_VALUE_F64;
  lift.f64 = {3.5, 0};
  lift.null_mask = {0, 1};
  ScoreColumn count;
  count.name = "orders";
  count.type = ENCORE_VALUE_I64;
  count.i64 = {12, 7};
  rules.columns = {antecedent, lift, count};
  ASSERT_TRUE(Commit("r1", {}, {}, {rules}).ok());
  auto list = store_->ListReports("r1");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, (std::vector<std::pair<std::string, int64_t>>{{"basket.rules", 2}}));
  auto got = store_->GetReport("r1", "basket.rules");
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->method, "basket");
  ASSERT_EQ(got->columns.size(), 3u);
  EXPECT_EQ(got->columns[0].str, (StringColumn{"tea", "beans+mug"}));
  EXPECT_EQ(got->columns[1].type, ENCORE_VALUE_F64);
  EXPECT_EQ(got->columns[1].f64[0], 3.5);
  EXPECT_EQ(got->columns[1].null_mask, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ(got->columns[2].i64, (std::vector<int64_t>{12, 7}));
  EXPECT_EQ(store_->GetReport("r1", "nope").status().message(), "run 'r1' has no report 'nope'");
}

}  // namespace
}  // namespace encore
