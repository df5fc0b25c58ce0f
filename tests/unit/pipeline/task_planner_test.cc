// PlanTasks on hand-built histories: the exact tasks a run opens, refreshes and closes, the
// texts the default playbook gives in English and Russian, and the manager chosen.
#include "daemon/pipeline/task_planner.h"

#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>

#include "daemon/pipeline/task_text.h"

namespace encore::pipeline {
namespace {

using sdk::testing::DatasetBuilder;
using sdk::testing::OrderLine;
using sdk::testing::ParseUtc;

class TaskPlannerTest : public ::testing::Test {
 protected:
  TaskPlannerTest() : zone_(*TimeZone::Load("UTC")) {
    spec_.name = "shop";
    spec_.currency = "EUR";
    spec_.segment_score = "segment";
    results_.customer_ids = {"olga", "ivan"};
    ScoreColumn segment;
    segment.name = "segment";
    segment.type = ENCORE_VALUE_STR;
    segment.str = {"at_risk", "champions"};
    results_.columns.push_back(segment);
  }

  std::unique_ptr<sdk::testing::TestDataset> Data(const char* as_of) {
    return DatasetBuilder()
        .add({{"o1", "olga", "2026-01-05", "beans", 1000, 2500, "anna"},
              {"o2", "olga", "2026-02-04", "beans", 1000, 2700, ""},
              {"o3", "ivan", "2026-02-10", "tea", 1000, 990, ""},
              {"o4", "olga", "2026-03-20", "mug", 1000, 1200, ""},
              {"o5", "olga", "2026-03-25", "beans", 1000, 2600, ""}})
        .as_of(as_of)
        .Build();
  }

  // Events get their customer's dataset index here, as the method stage gives it.
  std::vector<Task> Plan(const encore_dataset_v1& data, const std::string& run_id,
                         std::vector<CustomerEvent> events, const std::vector<Task>& open = {}) {
    for (CustomerEvent& e : events) {
      for (uint32_t c = 0; c < data.customer_count; ++c) {
        if (std::string(data.customer_key[c].data, data.customer_key[c].size) == e.customer_id) {
          e.customer_index = c;
        }
      }
    }
    return PlanTasks({spec_, run_id, data.as_of, zone_, events, results_, data, open});
  }

  static CustomerEvent Slowdown(const std::string& customer) {
    CustomerEvent e;
    e.customer_id = customer;
    e.type = "rhythm_slowdown";
    e.evidence_json =
        R"({"days_since_last_order":61,"usual_gap_days":30,"last_order_minor":270050})";
    e.method = "lifecycle";
    return e;
  }

  PipelineSpec spec_;
  TimeZone zone_;
  ResultsTable results_;
};

TEST_F(TaskPlannerTest, EventBecomesATaskAManagerCanReadWithoutADashboard) {
  auto data = Data("2026-03-01");
  const std::vector<Task> tasks = Plan(**data, "r1", {Slowdown("olga")});
  ASSERT_EQ(tasks.size(), 1u);
  const Task& t = tasks[0];
  EXPECT_EQ(t.task_id, TaskId("shop", "rhythm_slowdown|olga|", "r1"));
  EXPECT_EQ(t.key, "rhythm_slowdown|olga|");
  EXPECT_EQ(t.status, TaskStatus::kOpen);
  EXPECT_EQ(t.manager, "anna");  // from her orders: o1 names anna
  EXPECT_EQ(t.priority, 2);      // the default playbook's
  EXPECT_EQ(t.due_at, data->get()->as_of + 3 * 86400);
  EXPECT_EQ(t.channel, "call");
  EXPECT_EQ(t.action, "Call to check in and offer their usual order");
  EXPECT_EQ(t.title, "olga is late for their next order");
  EXPECT_EQ(t.body,
            "Customer olga usually orders regularly, but the pause is now longer than usual. "
            "days since last order: 61; usual gap days: 30; last order: 2,700.50 EUR. "
            "Call to check in and offer their usual order by 2026-03-04.");
  EXPECT_EQ(t.opened_as_of, data->get()->as_of);
  EXPECT_EQ(t.opened_run, "r1");
  EXPECT_EQ(t.seen_count, 1);
}

TEST_F(TaskPlannerTest, RussianTextsAndFallbackManager) {
  spec_.playbook.language = "ru";
  spec_.playbook.fallback_manager = "desk";
  auto data = Data("2026-03-01");
  const std::vector<Task> tasks = Plan(**data, "r1", {Slowdown("ivan")});
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].manager, "desk");  // none of ivan's orders names a manager
  EXPECT_EQ(tasks[0].title, "ivan: пауза в заказах дольше обычной");
  EXPECT_EQ(tasks[0].body,
            "Клиент ivan обычно заказывает регулярно, но сейчас пауза дольше обычной. "
            "дней с последнего заказа: 61; обычный интервал, дней: 30; последний заказ: "
            "2\u00a0700,50 EUR. Позвонить, узнать, всё ли в порядке, и предложить обычный заказ "
            "до 04.03.2026.");
}

TEST_F(TaskPlannerTest, SameSituationInALaterRunRefreshesTheOpenTask) {
  auto first = Data("2026-03-01");
  std::vector<Task> open = Plan(**first, "r1", {Slowdown("olga")});
  CustomerEvent again = Slowdown("olga");
  again.priority = 1;
  again.evidence_json = R"({"days_since_last_order":70})";
  auto second = Data("2026-03-10");  // olga has not ordered since
  const std::vector<Task> tasks = Plan(**second, "r2", {again}, open);
  ASSERT_EQ(tasks.size(), 1u);
  const Task& t = tasks[0];
  EXPECT_EQ(t.task_id, open[0].task_id);
  EXPECT_EQ(t.status, TaskStatus::kOpen);
  EXPECT_EQ(t.seen_count, 2);
  EXPECT_EQ(t.priority, 1);
  EXPECT_EQ(t.opened_run, "r1");
  EXPECT_EQ(t.last_run, "r2");
  EXPECT_EQ(t.due_at, open[0].due_at);  // the deadline does not move
  EXPECT_EQ(t.evidence_json, R"({"days_since_last_order":70})");
}

TEST_F(TaskPlannerTest, TaskClosesItselfWhenTheCustomerOrders) {
  auto first = Data("2026-03-01");
  std::vector<Task> open = Plan(**first, "r1", {Slowdown("olga"), Slowdown("ivan")});
  ASSERT_EQ(open.size(), 2u);
  auto later = Data("2026-03-31");  // olga ordered on 03-20, ivan did not
  const std::vector<Task> tasks = Plan(**later, "r2", {}, open);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].customer_id, "olga");
  EXPECT_EQ(tasks[0].status, TaskStatus::kClosed);
  EXPECT_EQ(tasks[0].closed_run, "r2");
  EXPECT_EQ(tasks[0].close_reason, "customer ordered on 2026-03-20");
}

TEST_F(TaskPlannerTest, ProductTaskClosesOnlyWhenThatProductIsBought) {
  CustomerEvent due;
  due.customer_id = "olga";
  due.type = "item_due";
  due.subject = "beans";
  due.due_at = ParseUtc("2026-03-06");
  auto first = Data("2026-03-01");
  std::vector<Task> open = Plan(**first, "r1", {due});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].due_at, ParseUtc("2026-03-06"));  // the event's own date
  EXPECT_EQ(open[0].title, "olga: time to reorder beans");
  auto mug_only = Data("2026-03-21");  // 03-20 was a mug
  EXPECT_TRUE(Plan(**mug_only, "r2", {}, open).empty());
  auto beans = Data("2026-03-31");
  const std::vector<Task> tasks = Plan(**beans, "r3", {}, open);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].close_reason, "customer bought beans on 2026-03-25");
}

TEST_F(TaskPlannerTest, DisabledTypesMakeNoTaskAndDuplicatesInOneRunMakeOne) {
  spec_.playbook.events["churned"].enabled = false;
  CustomerEvent churned = Slowdown("ivan");
  churned.type = "churned";
  CustomerEvent twice = Slowdown("olga");
  twice.priority = 1;
  auto data = Data("2026-03-01");
  const std::vector<Task> tasks = Plan(**data, "r1", {churned, Slowdown("olga"), twice});
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].customer_id, "olga");
  EXPECT_EQ(tasks[0].priority, 1);
}

TEST_F(TaskPlannerTest, SegmentEventUsesTheEvidenceActionAndScores) {
  CustomerEvent down;
  down.customer_id = "olga";
  down.type = "segment_down";
  down.priority = 1;
  down.evidence_json =
      R"({"from_segment":"champions","to_segment":"at_risk","action":"Personal call with a )"
      R"(comeback offer","channel":"call","monetary_minor":1300000})";
  auto data = Data("2026-03-01");
  const std::vector<Task> tasks = Plan(**data, "r1", {down});
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].action, "Personal call with a comeback offer");
  EXPECT_EQ(tasks[0].channel, "call");
  EXPECT_EQ(tasks[0].title, "olga slipped from champions to at_risk");
  EXPECT_EQ(tasks[0].body,
            "Customer olga moved down from champions to at_risk. monetary: 13,000.00 EUR. "
            "Recommended: Personal call with a comeback offer (call) by 2026-03-08.");
}

TEST_F(TaskPlannerTest, ThePipelinesPlaybookOutranksTheEventsPriorityAndDueDate) {
  CustomerEvent due;
  due.customer_id = "olga";
  due.type = "item_due";
  due.subject = "beans";
  due.priority = 1;
  due.due_at = ParseUtc("2026-03-06");
  auto data = Data("2026-03-01");
  std::vector<Task> tasks = Plan(**data, "r1", {due});
  EXPECT_EQ(tasks.at(0).priority, 1);  // the event's, over the shipped default 2
  EXPECT_EQ(tasks.at(0).due_at, ParseUtc("2026-03-06"));
  Result<Playbook> playbook =
      ParsePlaybook(nlohmann::json::parse(R"({"events": {"item_due": {"priority": 3,
                                                                       "due_days": 10}}})"));
  ASSERT_TRUE(playbook.ok()) << playbook.status().message();
  spec_.playbook = *playbook;
  tasks = Plan(**data, "r1", {due});
  EXPECT_EQ(tasks.at(0).priority, 3);
  EXPECT_EQ(tasks.at(0).due_at, data->get()->as_of + 10 * 86400);
}

TEST(TaskTextTest, FormatsBySuffixAndExplicitFormat) {
  const TimeZone zone = *TimeZone::Load("Europe/Moscow");
  TextStyle en{"en", "RUB", &zone};
  const ValueLookup lookup = [](std::string_view name) -> TemplateValue {
    if (name == "clv_minor") return TemplateValue::Number(-123456789);
    if (name == "p_alive") return TemplateValue::Number(0.426);
    // 2025-12-31T21:00:00Z = 2026-01-01 Moscow
    if (name == "expected_at") return TemplateValue::Number(1767214800);
    if (name == "gap") return TemplateValue::Number(2.25);
    return {};
  };
  EXPECT_EQ(RenderTemplate("{clv_minor} {p_alive} {expected_at} {gap} {gap:days} {missing} {{x}",
                           lookup, en),
            "-1,234,567.89 RUB 43% 2026-01-01 2.3 2 n/a {x}");
  TextStyle ru{"ru", "RUB", &zone};
  EXPECT_EQ(RenderTemplate("{clv_minor} {expected_at} {gap}", lookup, ru),
            "-1\u00a0234\u00a0567,89 RUB 01.01.2026 2,3");
}

TEST(EvidenceFieldsTest, KeepsTopLevelScalarsInTheMethodsOrder) {
  const EvidenceFields fields(
      R"({"to_segment":"at_risk","days":5,"p_alive":0.25,"vip":true,"note":null,)"
      R"("products":["a","b"],"nested":{"x":1},"name":"caf\u00e9 \"north\"","last":-3})");
  EXPECT_EQ(fields.size(), 7u);  // the array and the object are not kept
  EXPECT_EQ(fields.Find("to_segment").text, "at_risk");
  EXPECT_EQ(fields.Find("days").number, 5);
  EXPECT_EQ(fields.Find("p_alive").number, 0.25);
  EXPECT_TRUE(fields.Find("vip").flag);
  EXPECT_FALSE(fields.Find("note").has_value());
  EXPECT_FALSE(fields.Find("products").has_value());
  EXPECT_FALSE(fields.Find("x").has_value());  // a key of the nested object
  EXPECT_EQ(fields.Find("name").text, "caf\u00e9 \"north\"");
  EXPECT_EQ(fields.Find("last").number, -3);
  const TextStyle en{"en", "EUR", nullptr};
  EXPECT_EQ(fields.Describe(en), "days: 5; p alive: 25%; last: -3");
}

TEST(EvidenceFieldsTest, TextThatIsNotOneObjectHasNoFields) {
  for (const char* text : {"", "[1,2]", "42", R"({"a":1)", R"({"a":1}{"b":2})", "{\"a\":}"}) {
    EXPECT_EQ(EvidenceFields(text).size(), 0u) << text;
  }
  EXPECT_EQ(EvidenceFields("{}").size(), 0u);
  for (const char* text :
       {"", "[1,2]", "42", R"({"a":1)", R"({"a":1}{"b":2})", "{\"a\":}", "{\"a\":\"\xff\"}"}) {
    EXPECT_FALSE(IsJsonObject(text)) << text;
  }
  EXPECT_TRUE(IsJsonObject(" {} "));
  EXPECT_TRUE(IsJsonObject(R"({"a":[1,{"b":null}],"c":"d"})"));
  EXPECT_EQ(EvidenceFields(R"({"a":1})").size(), 1u);
}

TEST(TaskTextTest, CompiledTemplateRendersTheSameAsOnePass) {
  const ValueLookup lookup = [](std::string_view name) -> TemplateValue {
    if (name == "who") return TemplateValue::Text("olga");
    if (name == "due") return TemplateValue::Number(0, "date");
    if (name == "flag") return TemplateValue::Flag(false);
    return {};
  };
  const TextStyle en{"en", "EUR", nullptr};
  const CompiledTemplate compiled("{{literal}} {who} by {due}, {due:num}; {flag} {gone} {open");
  std::string out = "prefix: ";
  compiled.Render(lookup, en, out);
  EXPECT_EQ(out, "prefix: {literal}} olga by 1970-01-01, 0; no n/a {open");
  EXPECT_EQ(
      RenderTemplate("{{literal}} {who} by {due}, {due:num}; {flag} {gone} {open", lookup, en),
      "{literal}} olga by 1970-01-01, 0; no n/a {open");
  EXPECT_TRUE(CompiledTemplate("").empty());
}

}  // namespace
}  // namespace encore::pipeline
