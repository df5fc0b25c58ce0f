// InsightService over an in-process channel (no port) on a real state database: score filters,
// the migration matrix, the segment series, and INVALID_ARGUMENT naming the field.
#include "daemon/api/insight_service.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "daemon/scheduler/run_details.h"

namespace encore {
namespace {

namespace pb = encore::v1;

class InsightServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "encore-insight-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Result<std::unique_ptr<StateStore>> store = StateStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->PutPipeline("shop", "name: shop").ok());
    //        r1 (as_of 1000)        r2 (as_of 2000)
    //   a    gold   100  |tea|      gold   150  |tea|coffee|
    //   b    gold   300  |coffee|   silver 40   |coffee|
    //   c    silver 20   -          (gone)
    //   d    (new)                  silver 70   ""
    Commit("r1", 1000, {"a", "b", "c"}, {"gold", "gold", "silver"}, {100, 300, 20},
           {"|tea|", "|coffee|", ""}, {0, 0, 1});
    Commit("r2", 2000, {"d", "b", "a"}, {"silver", "silver", "gold"}, {70, 40, 150},
           {"", "|coffee|", "|tea|coffee|"}, {0, 0, 0});

    queries_ = std::make_unique<CustomerQueries>(store_.get());
    service_ = std::make_unique<InsightServiceImpl>(queries_.get(), &auth_, &calls_);
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = pb::InsightService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Commit(const std::string& run_id, int64_t as_of, std::vector<std::string> ids,
              std::vector<std::string> tiers, std::vector<int64_t> spend,
              std::vector<std::string> cats, std::vector<uint8_t> cats_missing) {
    RunRecord run;
    run.run_id = run_id;
    run.pipeline = "shop";
    run.as_of = as_of;
    run.created_at = as_of;
    run.details = {{run_details::kSegmentScore, "tier"}, {run_details::kTimeZone, "UTC"}};
    ResultsTable results;
    results.customer_ids = std::move(ids);
    ScoreColumn tier{"tier", ENCORE_VALUE_STR, {}, {}, StringColumn(tiers), {}};
    ScoreColumn spent{"spend_minor", ENCORE_VALUE_I64, std::move(spend), {}, {}, {}};
    ScoreColumn bought{"bought", ENCORE_VALUE_STR,   {},
                       {},       StringColumn(cats), std::move(cats_missing)};
    results.columns = {tier, spent, bought};
    ASSERT_TRUE(store_->CommitRun(run, results, "tier", {}).ok());
  }

  std::unique_ptr<grpc::ClientContext> Context() { return std::make_unique<grpc::ClientContext>(); }

  static pb::ScoreFilter Filter(const std::string& score, pb::FilterOp op,
                                const std::string& value) {
    pb::ScoreFilter filter;
    filter.set_score(score);
    filter.set_op(op);
    filter.set_value(value);
    return filter;
  }

  // The customer ids of a list call, or the error as "CODE message".
  std::string List(const pb::ListCustomersRequest& request, int64_t* total = nullptr) {
    pb::ListCustomersResponse response;
    grpc::Status status = stub_->ListCustomers(Context().get(), request, &response);
    if (!status.ok()) {
      return std::to_string(status.error_code()) + " " + status.error_message();
    }
    std::string ids;
    for (const pb::CustomerResult& c : response.customers()) ids += c.customer_id() + ",";
    if (total != nullptr) *total = response.total();
    return ids;
  }

  std::filesystem::path dir_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<CustomerQueries> queries_;
  BearerAuth auth_{""};
  InFlightCalls calls_;
  std::unique_ptr<InsightServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<pb::InsightService::Stub> stub_;
};

constexpr int kInvalidArgument = grpc::StatusCode::INVALID_ARGUMENT;

TEST_F(InsightServiceTest, ListCustomersWithFilters) {
  pb::ListCustomersRequest request;
  request.set_pipeline("shop");
  *request.add_filters() = Filter("bought", pb::FILTER_OP_CONTAINS, "coffee");
  int64_t total = 0;
  EXPECT_EQ(List(request, &total), "a,b,");
  EXPECT_EQ(total, 2);

  request.set_segment("silver");
  request.mutable_filters(0)->set_op(pb::FILTER_OP_NOT_CONTAINS);
  EXPECT_EQ(List(request, &total), "d,");  // d's list is empty; b has coffee
  EXPECT_EQ(total, 1);

  request.clear_segment();
  request.clear_filters();
  *request.add_filters() = Filter("spend_minor", pb::FILTER_OP_GT, "45");
  request.set_order_by("spend_minor");
  request.set_descending(true);
  EXPECT_EQ(List(request), "a,d,");

  request.set_run_id("r1");
  *request.add_filters() = Filter("bought", pb::FILTER_OP_NE, "|tea|");
  EXPECT_EQ(List(request), "b,");  // c has no value for bought
}

TEST_F(InsightServiceTest, BadFiltersNameTheField) {
  pb::ListCustomersRequest request;
  request.set_pipeline("shop");
  *request.add_filters() = Filter("spend_minor", pb::FILTER_OP_GE, "1");
  *request.add_filters() = Filter("bought", pb::FILTER_OP_UNSPECIFIED, "x");
  EXPECT_EQ(List(request),
            std::to_string(kInvalidArgument) +
                " filters[1].op: required: FILTER_OP_EQ, _NE, _LT, _LE, _GT, _GE, _CONTAINS or "
                "_NOT_CONTAINS");
  request.mutable_filters(1)->set_op(static_cast<pb::FilterOp>(42));  // from a newer client
  EXPECT_EQ(List(request).rfind(std::to_string(kInvalidArgument) + " filters[1].op: required", 0),
            0u);
  request.mutable_filters(1)->set_op(pb::FILTER_OP_EQ);
  request.mutable_filters(1)->clear_score();
  EXPECT_EQ(List(request), std::to_string(kInvalidArgument) + " filters[1].score: required");
  request.mutable_filters(1)->set_score("nope");
  EXPECT_EQ(List(request),
            std::to_string(kInvalidArgument) + " filters[1].score: run 'r2' has no score 'nope'");
  request.mutable_filters(1)->set_score("spend_minor");
  request.mutable_filters(1)->set_op(pb::FILTER_OP_NOT_CONTAINS);
  EXPECT_EQ(List(request), std::to_string(kInvalidArgument) +
                               " filters[1].op: not_contains applies to text scores; "
                               "'spend_minor' holds numbers");
  request.clear_filters();
  for (int i = 0; i < 17; ++i)
    *request.add_filters() = Filter("spend_minor", pb::FILTER_OP_GE, "1");
  EXPECT_EQ(List(request), std::to_string(kInvalidArgument) + " filters: at most 16 filters");
}

TEST_F(InsightServiceTest, SegmentSummaryWithAMigrationMatrix) {
  pb::GetSegmentSummaryRequest request;
  request.set_pipeline("shop");
  request.set_compare_run_id("r1");
  pb::SegmentSummary summary;
  grpc::Status status = stub_->GetSegmentSummary(Context().get(), request, &summary);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.run_id(), "r2");
  EXPECT_EQ(summary.compare_run_id(), "r1");
  EXPECT_EQ(summary.segment_score(), "tier");
  EXPECT_EQ(summary.total_customers(), 3);
  std::string cells;
  for (const pb::SegmentMigration& m : summary.migrations()) {
    cells += (m.new_customer() ? "new" : m.from_segment()) + ">" +
             (m.gone() ? "gone" : m.to_segment()) + "=" + std::to_string(m.customers()) + " ";
    EXPECT_EQ(m.new_customer(), m.from_segment().empty());
    EXPECT_EQ(m.gone(), m.to_segment().empty());
  }
  EXPECT_EQ(cells, "new>silver=1 gold>gold=1 gold>silver=1 silver>gone=1 ");

  pb::SegmentSummary plain;
  request.clear_compare_run_id();
  ASSERT_TRUE(stub_->GetSegmentSummary(Context().get(), request, &plain).ok());
  EXPECT_EQ(plain.compare_run_id(), "");
  EXPECT_EQ(plain.migrations_size(), 0);

  request.set_compare_run_id("zz");
  status = stub_->GetSegmentSummary(Context().get(), request, &plain);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "compare_run_id: run 'zz' not found");
}

TEST_F(InsightServiceTest, SegmentSeries) {
  pb::GetSegmentSeriesRequest request;
  request.set_pipeline("shop");
  pb::SegmentSeries series;
  grpc::Status status = stub_->GetSegmentSeries(Context().get(), request, &series);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(series.pipeline(), "shop");
  EXPECT_EQ(series.segment_score(), "tier");
  EXPECT_EQ(series.time_zone(), "UTC");
  ASSERT_EQ(series.points_size(), 2);
  const pb::SegmentSeriesPoint& first = series.points(0);
  EXPECT_EQ(first.run_id(), "r1");
  EXPECT_EQ(first.as_of_time().seconds(), 1000);
  EXPECT_EQ(first.total_customers(), 3);
  EXPECT_EQ(first.segment_score(), "tier");
  ASSERT_EQ(first.segments_size(), 2);
  EXPECT_EQ(first.segments(0).segment(), "gold");
  EXPECT_EQ(first.segments(0).customers(), 2);
  EXPECT_EQ(first.segments(1).segment(), "silver");
  EXPECT_EQ(first.segments(1).customers(), 1);
  const pb::SegmentSeriesPoint& second = series.points(1);
  EXPECT_EQ(second.run_id(), "r2");
  EXPECT_EQ(second.as_of_time().seconds(), 2000);
  EXPECT_EQ(second.segments(0).customers(), 1);
  EXPECT_EQ(second.segments(1).customers(), 2);

  request.clear_pipeline();
  status = stub_->GetSegmentSeries(Context().get(), request, &series);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "pipeline: required");
  request.set_pipeline("nope");
  status = stub_->GetSegmentSeries(Context().get(), request, &series);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "pipeline 'nope' not found");
}

TEST(ToScoreFiltersTest, EveryOperator) {
  const std::pair<pb::FilterOp, FilterOp> ops[] = {
      {pb::FILTER_OP_EQ, FilterOp::kEq},
      {pb::FILTER_OP_NE, FilterOp::kNe},
      {pb::FILTER_OP_LT, FilterOp::kLt},
      {pb::FILTER_OP_LE, FilterOp::kLe},
      {pb::FILTER_OP_GT, FilterOp::kGt},
      {pb::FILTER_OP_GE, FilterOp::kGe},
      {pb::FILTER_OP_CONTAINS, FilterOp::kContains},
      {pb::FILTER_OP_NOT_CONTAINS, FilterOp::kNotContains},
  };
  google::protobuf::RepeatedPtrField<pb::ScoreFilter> filters;
  for (const auto& [proto_op, op] : ops) {
    pb::ScoreFilter* f = filters.Add();
    f->set_score("s");
    f->set_op(proto_op);
    f->set_value("v " + std::to_string(static_cast<int>(op)));
  }
  std::vector<ScoreFilter> converted;
  ASSERT_TRUE(ToScoreFilters(filters, &converted).ok());
  ASSERT_EQ(converted.size(), std::size(ops));
  for (size_t i = 0; i < converted.size(); ++i) {
    EXPECT_EQ(converted[i].score, "s");
    EXPECT_EQ(converted[i].op, ops[i].second);
    EXPECT_EQ(converted[i].value, "v " + std::to_string(static_cast<int>(ops[i].second)));
  }
}

}  // namespace
}  // namespace encore
