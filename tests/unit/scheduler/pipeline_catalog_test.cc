#include "daemon/scheduler/pipeline_catalog.h"

#include <gtest/gtest.h>

#include "scheduler_fixture.h"

namespace encore::testing {
namespace {

TEST(ViolationsFromTest, TakesTheFieldPathAfterTheLineNumber) {
  std::vector<SpecViolation> v =
      ViolationsFrom(InvalidArgument("line 7: sources[0].plugin: missing"));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "sources[0].plugin");
  EXPECT_EQ(v[0].message, "line 7: sources[0].plugin: missing");
}

TEST(ViolationsFromTest, PointsAnInstanceOptionProblemAtTheOptionInItsConfig) {
  std::vector<SpecViolation> v = ViolationsFrom(
      InvalidArgument("sources[1] (orders): orders (csv): missing required option 'path'"));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "sources[1].config.path");
}

TEST(ViolationsFromTest, KeepsInstanceProblemsWithoutAnOptionOnTheInstance) {
  std::vector<SpecViolation> v =
      ViolationsFrom(InvalidArgument("methods[0] (rfm): plugin 'rfx' is not loaded"));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "methods[0]");
}

TEST(ViolationsFromTest, LeavesTheFieldEmptyWhenTheMessageNamesNone) {
  std::vector<SpecViolation> v =
      ViolationsFrom(InvalidArgument("the spec must be a single YAML document, got 2\nline 2: x"));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].field, "");
  EXPECT_EQ(v[0].message, "the spec must be a single YAML document, got 2");
  EXPECT_EQ(v[1].field, "");
  EXPECT_TRUE(ViolationsFrom(Status::Ok()).empty());
}

TEST_F(SchedulerTest, CheckNamesTheOffendingOptionOfAPluginInstance) {
  const std::string spec =
      "name: daily\n"
      "sources:\n"
      "  - name: orders\n"
      "    plugin: scheduler_test_source\n"
      "    config: {hold: false, bogus: 1}\n";
  SpecCheck check = CheckPipelineSpec(spec, *host_);
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.pipeline, "daily");
  ASSERT_EQ(check.violations.size(), 1u);
  EXPECT_EQ(check.violations[0].field, "sources[0].config.bogus");
  EXPECT_NE(check.violations[0].message.find("bogus"), std::string::npos);
}

TEST_F(SchedulerTest, CheckAcceptsAValidSpec) {
  SpecCheck check = CheckPipelineSpec(TestSpec("daily", false), *host_);
  EXPECT_TRUE(check.valid()) << check.violations[0].message;
  EXPECT_EQ(check.pipeline, "daily");
}

TEST_F(SchedulerTest, ApplyStoresTheTextAsGivenAndCountsChanges) {
  RunScheduler& scheduler = StartScheduler(0);
  PipelineCatalog catalog(store_.get(), host_, &scheduler);
  const std::string spec = TestSpec("daily", false);
  Result<PipelineRecord> first = catalog.Apply(spec);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->name, "daily");
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->spec_text, spec);
  Result<PipelineRecord> same = catalog.Apply(spec);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, 1);  // the same text again changes nothing
  const std::string changed = TestSpec("daily", true);
  Result<PipelineRecord> second = catalog.Apply(changed);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->spec_text, changed);
  ASSERT_EQ(catalog.List().size(), 1u);

  Result<PipelineRecord> bad = catalog.Apply("name: daily\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("sources"), std::string::npos) << bad.status().message();
  EXPECT_EQ(catalog.Get("daily")->version, 2);  // a refused apply changes nothing
  EXPECT_EQ(catalog.Get("nope").status().code(), StatusCode::kNotFound);
}

TEST_F(SchedulerTest, DeleteIsRefusedWhileThePipelineHasAnActiveRun) {
  RunScheduler& scheduler = StartScheduler(0);
  PipelineCatalog catalog(store_.get(), host_, &scheduler);
  ASSERT_TRUE(catalog.Apply(TestSpec("daily", false)).ok());
  Result<RunRecord> run = scheduler.StartRun("daily", "");
  ASSERT_TRUE(run.ok());

  Status refused = catalog.Delete("daily");
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find(run->run_id), std::string::npos) << refused.message();
  ASSERT_TRUE(scheduler.CancelRun(run->run_id).ok());
  EXPECT_TRUE(catalog.Delete("daily").ok());
  EXPECT_EQ(catalog.Get("daily").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog.Delete("daily").code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetRun(run->run_id).ok());  // history stays
}

}  // namespace
}  // namespace encore::testing
