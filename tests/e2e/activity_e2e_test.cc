// The lifecycle loop through the real encored and the bundled plugins, on the example data
// shipped in the repository: a backtest over month ends, then live runs whose events become
// tasks that are refreshed, not duplicated, and close themselves when the customer orders;
// report tables queried by product.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e_fixture.h"
#include "encore/v1/activity_service.grpc.pb.h"

namespace encore::e2e {
namespace {

std::string Spec(const std::string& as_of, const std::filesystem::path& out,
                 const std::filesystem::path& categories = "") {
  return std::string(R"(name: shop
time_zone: Europe/Moscow
currency: RUB
as_of: ")") +
         as_of + R"("
segment_score: segment
playbook:
  language: ru
  fallback_manager: desk
sources:
  - {name: orders, plugin: csv, config: {path: ")" +
         ENCORE_EXAMPLE_DATA + R"(", time_zone: Europe/Moscow}}
methods:
  - {name: rfm, plugin: rfm, config: {k: 3}}
  - {name: segments, plugin: segments, config: {k: 3}}
  - {name: predictive, plugin: predictive}
  - {name: lifecycle, plugin: lifecycle}
  - {name: replenishment, plugin: replenishment}
  - {name: basket, plugin: basket}
  - {name: product_profile, plugin: product_profile, config: {categories_file: ")" +
         categories.string() + R"("}}
sinks:
  - {name: files, plugin: file, config: {path: ")" +
         out.string() + R"(", formats: [csv]}}
)";
}

// The day of a UTC instant at a fixed offset (Moscow: +3 all year since 2014), "YYYY-MM-DD".
std::string Day(int64_t utc_seconds, int utc_offset_hours) {
  using namespace std::chrono;
  const year_month_day day{
      floor<days>(sys_seconds(seconds(utc_seconds + utc_offset_hours * 3600)))};
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

class ActivityTest : public EncoredTest {
 protected:
  void Connect() { activity_ = pb::ActivityService::NewStub(channel_); }

  pb::ListTasksResponse Tasks(const std::string& status = "", const std::string& type = "") {
    pb::ListTasksResponse all;
    std::string token;
    do {
      pb::ListTasksRequest request;
      request.set_pipeline("shop");
      request.set_status(status);
      request.set_type(type);
      request.set_page_size(1000);
      request.set_page_token(token);
      pb::ListTasksResponse page;
      grpc::Status s = activity_->ListTasks(Context().get(), request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.mutable_tasks()->MergeFrom(page.tasks());
      all.set_total(page.total());
      all.set_time_zone(page.time_zone());
      token = page.next_page_token();
    } while (!token.empty());
    return all;
  }

  pb::Run FollowToEnd(const pb::Run& started) {
    std::vector<pb::RunEvent> events = WatchToEnd(started.run_id());
    EXPECT_FALSE(events.empty());
    if (events.empty()) return pb::Run();
    EXPECT_EQ(events.back().run().state(), pb::RUN_STATE_SUCCEEDED) << events.back().run().error();
    return events.back().run();
  }

  std::unique_ptr<pb::ActivityService::Stub> activity_;
};

const pb::Metric* FindMetric(const pb::Run& run, const std::string& name) {
  for (const pb::Metric& m : run.metrics()) {
    if (m.name() == name) return &m;
  }
  return nullptr;
}

TEST_F(ActivityTest, BacktestThenLiveRunsTurnEventsIntoTasksThatRefreshAndClose) {
  const std::filesystem::path out = temp_.path() / "out";
  StartDaemon();
  Connect();
  Apply(Spec("2024-06-30", out));

  // Backtest: every month end of the first half of 2024 over one load.
  pb::StartBacktestRequest backtest;
  backtest.set_pipeline("shop");
  backtest.set_month_ends_from("2024-01-01");
  backtest.set_month_ends_to("2024-06-30");
  pb::Run started;
  grpc::Status status = control_->StartBacktest(Context().get(), backtest, &started);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const pb::Run last = FollowToEnd(started);
  pb::GetRunRequest get;
  std::vector<pb::Run> dates;
  for (int i = 1; i <= 5; ++i) {
    get.set_run_id(started.run_id() + "-" + std::to_string(i));
    pb::Run run;
    ASSERT_TRUE(control_->GetRun(Context().get(), get, &run).ok()) << get.run_id();
    EXPECT_EQ(run.state(), pb::RUN_STATE_SUCCEEDED);
    dates.push_back(run);
  }
  dates.push_back(last);
  for (size_t i = 1; i < dates.size(); ++i) {
    EXPECT_LT(dates[i - 1].as_of_time().seconds(), dates[i].as_of_time().seconds());
    // Every customer of the earlier month end is still a customer later: the purchase
    // probability counts exactly them.
    const pb::Metric* probability = FindMetric(dates[i], "transitions.purchase_probability");
    ASSERT_NE(probability, nullptr) << i;
    const nlohmann::json doc = nlohmann::json::parse(probability->json());
    EXPECT_EQ(doc["customers"].get<int64_t>(), dates[i - 1].customers());
    EXPECT_EQ(doc["from_as_of"].get<int64_t>(), dates[i - 1].as_of_time().seconds());
    int64_t in_segments = 0, ordered = 0;
    for (const auto& row : doc["segments"]) {
      in_segments += row["customers"].get<int64_t>();
      ordered += row["ordered"].get<int64_t>();
    }
    EXPECT_EQ(in_segments, doc["customers"].get<int64_t>());
    EXPECT_EQ(ordered, doc["ordered"].get<int64_t>());
    EXPECT_GT(ordered, 0);
  }
  // A backtest opens no task and writes no file.
  EXPECT_EQ(Tasks().total(), 0);
  EXPECT_FALSE(std::filesystem::exists(out / "shop" / started.run_id()));

  // First live run (as of 2024-06-30, the same date as the backtest's last): tasks open.
  const pb::Run first = RunToEnd("shop");
  const pb::ListTasksResponse opened = Tasks();
  ASSERT_GT(opened.total(), 0);
  EXPECT_EQ(opened.time_zone(), "Europe/Moscow");  // the days of the texts' due dates
  std::set<std::string> keys;
  for (const pb::Task& t : opened.tasks()) {
    EXPECT_EQ(t.status(), "open");
    EXPECT_EQ(t.language(), "ru");
    EXPECT_FALSE(t.title().empty());
    EXPECT_NE(t.body().find(t.customer_id()), std::string::npos) << t.body();
    EXPECT_EQ(t.body().find("n/a"), std::string::npos) << t.body();  // every placeholder filled
    EXPECT_FALSE(t.manager().empty());
    EXPECT_EQ(t.opened_run_id(), first.run_id());
    EXPECT_TRUE(keys.insert(t.key()).second) << "two open tasks for " << t.key();
  }
  // encorectl shows a due date as the day in the pipeline's zone, the day the texts name: a
  // task due at a Moscow midnight (e.g. last_call, due when churn begins) is a day earlier in UTC.
  auto due_on_another_utc_day = [](const pb::Task& t) {
    return Day(t.due_time().seconds(), 3) != Day(t.due_time().seconds(), 0);
  };
  auto found = std::find_if(opened.tasks().begin(), opened.tasks().end(), due_on_another_utc_day);
  ASSERT_NE(found, opened.tasks().end());
  const pb::Task& sample = *found;
  const ProcessResult listed =
      RunProcess({ENCORECTL_PATH, "--addr", daemon_->address(), "tasks", "shop", "--customer",
                  sample.customer_id(), "--type", sample.type(), "--full"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("due " + Day(sample.due_time().seconds(), 3)), std::string::npos)
      << listed.out;
  std::ifstream tasks_csv(out / "shop" / first.run_id() / "tasks.csv");
  int64_t lines = 0;
  for (std::string line; std::getline(tasks_csv, line);) lines += line.rfind("shop-", 0) == 0;
  EXPECT_EQ(lines, opened.total());

  // The same data again: the situations persist, so tasks are refreshed, never duplicated.
  const pb::Run second = RunToEnd("shop");
  const pb::ListTasksResponse again = Tasks();
  EXPECT_EQ(again.total(), opened.total());
  int64_t refreshed = 0;
  for (const pb::Task& t : again.tasks()) {
    if (t.seen_count() == 2) {
      ++refreshed;
      EXPECT_EQ(t.last_run_id(), second.run_id());
    }
  }
  EXPECT_GT(refreshed, 0);

  // Later data: customers who ordered since close their tasks by themselves.
  Apply(Spec("2024-12-31", out));
  RunToEnd("shop");
  const pb::ListTasksResponse closed = Tasks("closed");
  ASSERT_GT(closed.total(), 0);
  for (const pb::Task& t : closed.tasks()) {
    EXPECT_EQ(t.close_reason().rfind("клиент ", 0), 0u) << t.close_reason();
  }
  const pb::ListTasksResponse still_open = Tasks("open");
  std::set<std::string> open_keys;
  for (const pb::Task& t : still_open.tasks()) {
    EXPECT_TRUE(open_keys.insert(t.key()).second) << "two open tasks for " << t.key();
  }

  // Association rules by product: exactly the rows of the full table that hold the product.
  pb::GetReportRequest report;
  report.set_pipeline("shop");
  report.set_name("basket.rules");
  report.set_page_size(1000);
  pb::GetReportResponse all_rules;
  ASSERT_TRUE(activity_->GetReport(Context().get(), report, &all_rules).ok());
  ASSERT_GT(all_rules.rows_size(), 0);
  int products_column = -1;
  for (int c = 0; c < all_rules.columns_size(); ++c) {
    if (all_rules.columns(c) == "products") products_column = c;
  }
  ASSERT_GE(products_column, 0);
  const std::string products = all_rules.rows(0).values(products_column).string_value();
  const std::string product = products.substr(1, products.find('|', 1) - 1);
  int64_t expected = 0;
  for (const pb::ReportRow& row : all_rules.rows()) {
    expected +=
        row.values(products_column).string_value().find("|" + product + "|") != std::string::npos;
  }
  pb::ScoreFilter* filter = report.add_filters();
  filter->set_score("products");
  filter->set_op(pb::FILTER_OP_CONTAINS);
  filter->set_value(product);
  pb::GetReportResponse for_product;
  ASSERT_TRUE(activity_->GetReport(Context().get(), report, &for_product).ok());
  EXPECT_EQ(for_product.total(), expected);
  EXPECT_EQ(for_product.rows_size(), expected);

  filter->set_score("no_such_column");
  status = activity_->GetReport(Context().get(), report, &for_product);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "filters[0].score: report 'basket.rules' has no column 'no_such_column'");
}

// RFMP as a list filter: "champions who never bought coffee" is exactly the champions with
// categories minus those who did.
TEST_F(ActivityTest, ChampionsWhoNeverBoughtACategory) {
  const std::filesystem::path categories = temp_.path() / "categories.csv";
  {
    std::ofstream out(categories);
    out << "product_id,category\n";
    for (int p = 0; p < 5000; p += 7) {  // every 7th product of the example data is coffee
      char id[16];
      std::snprintf(id, sizeof(id), "P%05d", p);
      out << id << ",coffee\n";
    }
  }
  StartDaemon();
  Connect();
  Apply(Spec("2025-10-31", temp_.path() / "out", categories));
  RunToEnd("shop");
  auto count = [&](std::vector<std::pair<std::string, pb::FilterOp>> conditions) {
    pb::ListCustomersRequest request;
    request.set_pipeline("shop");
    request.set_segment("champions");
    request.set_page_size(1000);
    for (const auto& [value, op] : conditions) {
      pb::ScoreFilter* f = request.add_filters();
      f->set_score("bought_categories");
      f->set_op(op);
      f->set_value(value);
    }
    pb::ListCustomersResponse response;
    grpc::Status status = insight_->ListCustomers(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const pb::CustomerResult& c : response.customers()) {
      const std::string bought = c.scores().at("bought_categories").string_value();
      const bool coffee = bought.find("|coffee|") != std::string::npos;
      for (const auto& [value, op] : conditions) {
        EXPECT_EQ(coffee, op == pb::FILTER_OP_CONTAINS) << c.customer_id() << " " << bought;
      }
    }
    return response.total();
  };
  const int64_t all = count({});
  const int64_t with = count({{"coffee", pb::FILTER_OP_CONTAINS}});
  const int64_t without = count({{"coffee", pb::FILTER_OP_NOT_CONTAINS}});
  EXPECT_GT(with, 0);
  EXPECT_GT(without, 0);
  EXPECT_EQ(with + without, all);
}

TEST_F(ActivityTest, BadBacktestRequestsNameTheField) {
  StartDaemon();
  Connect();
  Apply(Spec("2024-06-30", temp_.path() / "out"));
  pb::StartBacktestRequest request;
  request.set_pipeline("shop");
  pb::Run run;
  grpc::Status status = control_->StartBacktest(Context().get(), request, &run);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "as_of_dates: required (or a month-end range)");
  request.set_month_ends_from("2024-13-01");
  request.set_month_ends_to("2024-12-31");
  status = control_->StartBacktest(Context().get(), request, &run);
  EXPECT_EQ(status.error_message(), "month_ends_from: '2024-13-01' is not a YYYY-MM-DD date");
  request.clear_month_ends_from();
  request.clear_month_ends_to();
  request.add_as_of_dates("latest");
  status = control_->StartBacktest(Context().get(), request, &run);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::vector<pb::RunEvent> events = WatchToEnd(run.run_id());
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().run().state(), pb::RUN_STATE_FAILED);
  EXPECT_EQ(events.back().run().error(), "as_of_dates[0]: a backtest needs dates, not 'latest'");
}

}  // namespace
}  // namespace encore::e2e
