// The segments plugin through its real binary, after the real rfm plugin on the same dataset:
// every cell of the default k = 5 and k = 3 maps, actions and channels, an override map,
// invalid maps, missing scores and the run metrics.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/method_harness.hpp>
#include <encore/sdk/testing/method_plugin_test.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "plugins/methods/rfm/tests/docs_example.h"

namespace encore::plugins::segments {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
// 2024-04-01T00:00:00Z.
constexpr int64_t kAsOf = 19814 * kDay;

// rfm with fixed borders that put customer "c<R><F>" in cell RF: its last order is
// (k - R) * 10 + 5 days before as_of and it has F orders.
json RfmConfig(int k) {
  if (k == 3) {
    return {{"k", 3},
            {"scoring", "fixed"},
            {"borders", {{"recency", {10, 20}}, {"frequency", {1, 2}}, {"monetary", {100, 200}}}}};
  }
  return {{"k", 5},
          {"scoring", "fixed"},
          {"borders",
           {{"recency", {10, 20, 30, 40}},
            {"frequency", {1, 2, 3, 4}},
            {"monetary", {100, 200, 300, 400}}}}};
}

std::string Customer(int r, int f) { return "c" + std::to_string(r) + std::to_string(f); }

// One customer per cell of the rows `r_from`..k, plus "later", whose only order comes after
// as_of (not visible).
std::unique_ptr<TestDataset> OneCustomerPerCell(int k, int r_from = 1) {
  DatasetBuilder builder;
  for (int r = r_from; r <= k; ++r) {
    for (int f = 1; f <= k; ++f) {
      const int64_t last = (k - r) * 10 + 5;
      for (int o = 0; o < f; ++o) {
        builder.add(OrderLine{Customer(r, f) + "-" + std::to_string(o), Customer(r, f),
                              kAsOf - (last + o) * kDay + 3600, "P1", 1000, 100, ""});
      }
    }
  }
  builder.add(OrderLine{"late-1", "later", kAsOf + 2 * kDay, "P1", 1000, 100, ""});
  return builder.as_of(kAsOf).Build();
}

// Rows R = k..1 (best first), columns F = 1..k: the documented default maps.
const std::vector<std::vector<std::string>> kDefault5 = {
    {"new", "potential_loyalist", "potential_loyalist", "champions", "champions"},
    {"promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"},
    {"about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"},
    {"hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"},
    {"lost", "lost", "at_risk", "at_risk", "cant_lose"},
};
const std::vector<std::vector<std::string>> kDefault3 = {
    {"new", "potential_loyalist", "champions"},
    {"about_to_sleep", "need_attention", "loyal"},
    {"lost", "at_risk", "cant_lose"},
};

class SegmentsMethodTest : public ::testing::Test {
 protected:
  SegmentsMethodTest() : rfm_(ENCORE_RFM_PLUGIN), segments_(ENCORE_SEGMENTS_PLUGIN) {}

  // rfm (k, fixed borders), then segments, on one harness: segments finds rfm's scores.
  MethodRun RunAfterRfm(const TestDataset& data, int k, const json& config) {
    MethodHarness harness(data.get());
    auto rfm = rfm_.Create(RfmConfig(k));
    const MethodRun rfm_run = harness.Run(*rfm);
    EXPECT_TRUE(rfm_run.ok()) << rfm_run.message;
    auto segments = segments_.Create(config);
    return harness.Run(*segments);
  }

  std::string CreateError(const json& config) {
    return sdk::testing::InvalidConfigMessage(segments_, config);
  }

  void ExpectGrid(const MethodRun& run, const TestDataset& data, int k,
                  const std::vector<std::vector<std::string>>& grid) {
    for (int r = 1; r <= k; ++r) {
      for (int f = 1; f <= k; ++f) {
        const uint32_t c = data.customer(Customer(r, f));
        EXPECT_EQ(run.str("segment", c),
                  grid[static_cast<size_t>(k - r)][static_cast<size_t>(f - 1)])
            << "cell " << r << f;
      }
    }
  }

  LoadedPlugin rfm_;
  LoadedPlugin segments_;
};

TEST_F(SegmentsMethodTest, DescribesItselfAsMethodSegmentsWithItsOptions) {
  const encore_plugin_v1& d = segments_.descriptor();
  EXPECT_EQ(std::string(d.name), "segments");
  EXPECT_EQ(d.kind, ENCORE_KIND_METHOD);
  ASSERT_EQ(d.option_count, 7u);
  const std::vector<std::string> names = {"r_score", "f_score", "k",      "map",
                                          "actions", "rank",    "threads"};
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(std::string(d.options[i].name), names[i]);
  EXPECT_EQ(std::string(d.options[0].default_json), "\"r_score\"");
  EXPECT_EQ(std::string(d.options[1].default_json), "\"f_score\"");
  EXPECT_EQ(std::string(d.options[2].default_json), "0");
  EXPECT_EQ(d.options[3].default_json, nullptr);
  EXPECT_EQ(d.options[4].default_json, nullptr);
  EXPECT_EQ(d.options[5].type, ENCORE_OPTION_STRING_LIST);
  EXPECT_EQ(json::parse(d.options[5].default_json),
            json({"champions", "loyal", "potential_loyalist", "new", "promising", "need_attention",
                  "about_to_sleep", "cant_lose", "at_risk", "hibernating", "lost"}));
  EXPECT_EQ(std::string(d.options[6].default_json), "2");
}

TEST_F(SegmentsMethodTest, RfmPutsEachTestCustomerInItsCell) {
  const auto data = OneCustomerPerCell(5);
  MethodHarness harness(data->get());
  auto rfm = rfm_.Create(RfmConfig(5));
  const MethodRun run = harness.Run(*rfm);
  ASSERT_TRUE(run.ok()) << run.message;
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      const uint32_t c = data->customer(Customer(r, f));
      EXPECT_EQ(run.i64("r_score", c), r);
      EXPECT_EQ(run.i64("f_score", c), f);
    }
  }
}

TEST_F(SegmentsMethodTest, DefaultMapK5NamesEveryCell) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run = RunAfterRfm(*data, 5, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  ExpectGrid(run, *data, 5, kDefault5);
  EXPECT_EQ(run.metric("segments.k"), 5);
}

TEST_F(SegmentsMethodTest, DefaultMapK5WithExplicitK) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run = RunAfterRfm(*data, 5, {{"k", 5}});
  ASSERT_TRUE(run.ok()) << run.message;
  ExpectGrid(run, *data, 5, kDefault5);
}

TEST_F(SegmentsMethodTest, DefaultMapK3NamesEveryCell) {
  const auto data = OneCustomerPerCell(3);
  const MethodRun run = RunAfterRfm(*data, 3, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  ExpectGrid(run, *data, 3, kDefault3);
  EXPECT_EQ(run.metric("segments.k"), 3);
}

TEST_F(SegmentsMethodTest, EachSegmentCarriesItsDefaultActionAndChannel) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run = RunAfterRfm(*data, 5, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t champion = data->customer("c55");
  EXPECT_EQ(run.str("segment_action", champion), "reward, ask for reviews, offer early access");
  EXPECT_EQ(run.str("segment_channel", champion), "email");
  const uint32_t cant_lose = data->customer("c15");
  EXPECT_EQ(run.str("segment_action", cant_lose),
            "win back with a personal call and a special offer");
  EXPECT_EQ(run.str("segment_channel", cant_lose), "phone");
  const uint32_t lost = data->customer("c11");
  EXPECT_EQ(run.str("segment_action", lost), "last-call win-back campaign, then stop spending");
  EXPECT_EQ(run.str("segment_channel", lost), "ads");
}

TEST_F(SegmentsMethodTest, CustomersWithoutAVisibleOrderGetEmptyStrings) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run = RunAfterRfm(*data, 5, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t later = data->customer("later");
  ASSERT_FALSE(data->visible(later));
  EXPECT_EQ(run.str("segment", later), "");
  EXPECT_EQ(run.str("segment_action", later), "");
  EXPECT_EQ(run.str("segment_channel", later), "");
}

TEST_F(SegmentsMethodTest, SizesCountEveryCellOfItsSegment) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run = RunAfterRfm(*data, 5, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("segments.sizes"), json({{"champions", 2},
                                                     {"loyal", 4},
                                                     {"potential_loyalist", 4},
                                                     {"new", 1},
                                                     {"promising", 1},
                                                     {"need_attention", 1},
                                                     {"about_to_sleep", 2},
                                                     {"at_risk", 4},
                                                     {"cant_lose", 2},
                                                     {"hibernating", 2},
                                                     {"lost", 2}}));
}

TEST_F(SegmentsMethodTest, SizesListEmptySegmentsWithZero) {
  const auto data = OneCustomerPerCell(3, /*r_from=*/3);  // only the R3 row: new, pl, champions
  const MethodRun run = RunAfterRfm(*data, 3, {{"k", 3}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.json_metric("segments.sizes"), json({{"champions", 1},
                                                     {"potential_loyalist", 1},
                                                     {"new", 1},
                                                     {"loyal", 0},
                                                     {"need_attention", 0},
                                                     {"about_to_sleep", 0},
                                                     {"cant_lose", 0},
                                                     {"at_risk", 0},
                                                     {"lost", 0}}));
}

TEST_F(SegmentsMethodTest, MapMetricIsTheEffectiveMap) {
  const auto data = OneCustomerPerCell(3);
  const MethodRun run = RunAfterRfm(*data, 3, json::object());
  ASSERT_TRUE(run.ok()) << run.message;
  const json& map = run.json_metric("segments.map");
  EXPECT_EQ(map.size(), 9u);
  EXPECT_EQ(map.at("champions"), json({{"cells", {"33"}},
                                       {"action", "reward, ask for reviews, offer early access"},
                                       {"channel", "email"}}));
  EXPECT_EQ(map.at("lost").at("cells"), json({"11"}));
}

TEST_F(SegmentsMethodTest, OverrideMapAndActions) {
  const auto data = OneCustomerPerCell(3);
  const json config = {
      {"k", 3},
      {"map", {{"vip", {"3[2-3]", "23"}}, {"regular", {"31", "2[1-2]"}}, {"lost", {"1*"}}}},
      {"actions",
       {{"vip", {{"action", "call personally"}, {"channel", "phone"}}},
        {"regular", {{"action", "monthly newsletter"}, {"channel", "email"}}},
        {"lost", {{"channel", "sms"}}}}}};
  const MethodRun run = RunAfterRfm(*data, 3, config);
  ASSERT_TRUE(run.ok()) << run.message;
  ExpectGrid(run, *data, 3,
             {{"regular", "vip", "vip"}, {"regular", "regular", "vip"}, {"lost", "lost", "lost"}});
  const uint32_t vip = data->customer("c33");
  EXPECT_EQ(run.str("segment_action", vip), "call personally");
  EXPECT_EQ(run.str("segment_channel", vip), "phone");
  // "lost" keeps its default action; only the channel is replaced.
  const uint32_t lost = data->customer("c12");
  EXPECT_EQ(run.str("segment_action", lost), "last-call win-back campaign, then stop spending");
  EXPECT_EQ(run.str("segment_channel", lost), "sms");
  EXPECT_EQ(run.json_metric("segments.sizes"), json({{"vip", 3}, {"regular", 3}, {"lost", 3}}));
  EXPECT_EQ(run.json_metric("segments.map").at("vip").at("cells"), json({"23", "32", "33"}));
}

TEST_F(SegmentsMethodTest, OverrideActionOfADefaultSegment) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run =
      RunAfterRfm(*data, 5, {{"actions", {{"champions", {{"action", "VIP club invitation"}}}}}});
  ASSERT_TRUE(run.ok()) << run.message;
  const uint32_t champion = data->customer("c54");
  EXPECT_EQ(run.str("segment_action", champion), "VIP club invitation");
  EXPECT_EQ(run.str("segment_channel", champion), "email");
}

TEST_F(SegmentsMethodTest, MapWithAnUncoveredCellIsRefused) {
  EXPECT_EQ(CreateError({{"k", 3}, {"map", {{"top", {"3*"}}, {"lost", {"1*", "2[1-2]"}}}}}),
            "option 'map': cells in no segment: 23; every cell 11..33 must be in exactly one "
            "segment");
}

TEST_F(SegmentsMethodTest, MapWithOverlappingSegmentsIsRefused) {
  EXPECT_EQ(CreateError(
                {{"k", 3},
                 {"map", {{"champions", {"3*"}}, {"loyal", {"[2-3]3"}}, {"lost", {"1*", "2*"}}}}}),
            "option 'map': cells in more than one segment: 23 (lost, loyal), 33 (champions, "
            "loyal); every cell 11..33 must be in exactly one segment");
}

TEST_F(SegmentsMethodTest, MapWithAnUnknownPatternIsRefused) {
  EXPECT_EQ(CreateError({{"k", 5}, {"map", {{"champions", {"5[4-6]"}}}}}),
            "option 'map': pattern '5[4-6]' of segment 'champions' is not R then F, each a score "
            "1..5, a range [a-b], a set [abc] or *");
}

TEST_F(SegmentsMethodTest, OtherConfigurationErrors) {
  EXPECT_EQ(CreateError({{"map", {{"all", {"**"}}}}}),
            "option 'map' needs option 'k' (3 or 5): the map is checked against the k x k grid");
  EXPECT_EQ(CreateError({{"k", 4}}), "option 'k' must be 3 or 5 (or 0: from the scores), got 4");
  EXPECT_EQ(CreateError({{"threads", 0}}), "option 'threads' must be between 1 and 64, got 0");
  EXPECT_EQ(CreateError({{"k", 3}, {"map", {{"All", {"**"}}}}}),
            "option 'map': segment name 'All' is not snake_case (a-z, 0-9 and _, starting with a "
            "letter)");
  EXPECT_EQ(CreateError({{"k", 3}, {"map", {{"all", "**"}}}}),
            "option 'map': segment 'all' must be a list of patterns such as \"55\" or \"4[4-5]\"");
  EXPECT_EQ(CreateError({{"k", 3}, {"map", {{"all", json::array()}}}}),
            "option 'map': segment 'all' has no patterns");
  EXPECT_EQ(CreateError({{"k", 3}, {"map", {{"all", {"**"}}}}}),
            "option 'actions' needs an action and a channel for segment 'all', which has no "
            "default");
  EXPECT_EQ(CreateError({{"actions", {{"vip", {{"action", "x"}}}}}}),
            "option 'actions' names segment 'vip', which is not in the map");
  EXPECT_EQ(CreateError({{"actions", {{"champions", {{"colour", "x"}}}}}}),
            "option 'actions.champions' has unknown key 'colour'; expected action, channel");
  EXPECT_EQ(CreateError({{"actions", {{"champions", {{"action", ""}}}}}}),
            "option 'actions.champions.action' must be a non-empty string");
}

TEST_F(SegmentsMethodTest, MissingRfmScoresFailTheRun) {
  const auto data = OneCustomerPerCell(3);
  MethodHarness harness(data->get());
  auto segments = segments_.Create(json::object());
  const MethodRun run = harness.Run(*segments);
  EXPECT_EQ(run.status, ENCORE_FATAL);
  EXPECT_EQ(run.message,
            "segments needs scores 'r_score' from a method that runs before it (e.g. rfm)");
}

TEST_F(SegmentsMethodTest, ScoreColumnNamesAreConfigurable) {
  const auto data = OneCustomerPerCell(3);
  EXPECT_EQ(RunAfterRfm(*data, 3, {{"f_score", "f_level"}}).message,
            "segments needs scores 'f_level' from a method that runs before it (e.g. rfm)");
  // Reading R from the F column: every customer lands in the row of its F score.
  const MethodRun run = RunAfterRfm(*data, 3, {{"r_score", "f_score"}});
  ASSERT_TRUE(run.ok()) << run.message;
  EXPECT_EQ(run.str("segment", data->customer("c13")), "champions");
  EXPECT_EQ(run.str("segment", data->customer("c31")), "lost");
}

TEST_F(SegmentsMethodTest, ScoresAboveKFailTheRun) {
  const auto data = OneCustomerPerCell(5);
  const MethodRun run = RunAfterRfm(*data, 5, {{"k", 3}});
  EXPECT_EQ(run.status, ENCORE_FATAL);
  // c14 (row 3) is the first customer with a score above 3.
  EXPECT_EQ(run.message,
            "segments: customer row 3 has r_score 1 and f_score 4, outside 1..3; set option 'k' "
            "to the k of the method that made the scores");
}

// The worked example of docs/metrics.md ("Named segments"): rfm with its defaults (k = 3,
// quantile borders), then segments with its defaults.
TEST_F(SegmentsMethodTest, WorkedExampleOfTheDocument) {
  const auto data =
      DatasetBuilder().add(rfm::DocsExampleLines()).as_of(rfm::kDocsExampleAsOf).Build();
  MethodHarness harness(data->get());
  auto rfm = rfm_.Create(json::object());
  ASSERT_TRUE(harness.Run(*rfm).ok());
  auto segments = segments_.Create(json::object());
  const MethodRun run = harness.Run(*segments);
  ASSERT_TRUE(run.ok()) << run.message;
  const std::vector<std::pair<std::string, std::string>> expected = {{"alice", "champions"},
                                                                     {"bob", "need_attention"},
                                                                     {"carol", "at_risk"},
                                                                     {"dan", "about_to_sleep"},
                                                                     {"erin", "new"},
                                                                     {"frank", "lost"},
                                                                     {"gina", ""}};
  for (const auto& [customer, segment] : expected) {
    EXPECT_EQ(run.str("segment", data->customer(customer)), segment) << customer;
  }
  EXPECT_EQ(run.json_metric("segments.sizes"), json({{"champions", 1},
                                                     {"need_attention", 1},
                                                     {"at_risk", 1},
                                                     {"about_to_sleep", 1},
                                                     {"new", 1},
                                                     {"lost", 1},
                                                     {"loyal", 0},
                                                     {"potential_loyalist", 0},
                                                     {"cant_lose", 0}}));
}

}  // namespace
}  // namespace encore::plugins::segments
