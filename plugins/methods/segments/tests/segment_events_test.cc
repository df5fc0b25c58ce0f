// segment_up / segment_down through the real rfm and segments plugins: a run played as the
// previous one (MethodHarness::set_previous) and the run after it. Customers are placed in R×F
// cells with rfm's fixed borders, as in segments_method_test.cc.
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace encore::plugins::segments {
namespace {

using nlohmann::json;
using sdk::testing::DatasetBuilder;
using sdk::testing::LoadedPlugin;
using sdk::testing::MethodHarness;
using sdk::testing::MethodRun;
using sdk::testing::OrderLine;
using sdk::testing::RecordedEvent;
using sdk::testing::TestDataset;

constexpr int64_t kDay = 86400;
constexpr int64_t kAsOf = 19814 * kDay;               // 2024-04-01T00:00:00Z
constexpr int64_t kPreviousAsOf = kAsOf - 30 * kDay;  // 2024-03-02T00:00:00Z

// k = 5, fixed borders: recency 0..10 days is R5, 11..20 R4, ...; F is the number of orders;
// every order is worth 100, so M follows F.
json Rfm() {
  return {{"k", 5},
          {"scoring", "fixed"},
          {"borders",
           {{"recency", {10, 20, 30, 40}},
            {"frequency", {1, 2, 3, 4}},
            {"monetary", {100, 200, 300, 400}}}}};
}

// Puts `customer` in cell RF as of `as_of`: F orders of 100, the last (5 - R) * 10 + 5 days
// before as_of, one a day before it.
void InCell(DatasetBuilder& builder, const std::string& customer, int r, int f, int64_t as_of) {
  const int64_t last = (5 - r) * 10 + 5;
  for (int o = 0; o < f; ++o) {
    builder.add(OrderLine{customer + "-" + std::to_string(as_of) + "-" + std::to_string(o),
                          customer, as_of - (last + o) * kDay + 3600, "P1", 1000, 100, ""});
  }
}

class SegmentEventsTest : public ::testing::Test {
 protected:
  SegmentEventsTest() : rfm_(ENCORE_RFM_PLUGIN), segments_(ENCORE_SEGMENTS_PLUGIN) {}

  // rfm then segments over `data` on `harness`.
  MethodRun Segments(MethodHarness& harness, const json& config = json::object()) {
    auto rfm = rfm_.Create(Rfm());
    const MethodRun rfm_run = harness.Run(*rfm);
    EXPECT_TRUE(rfm_run.ok()) << rfm_run.message;
    auto segments = segments_.Create(config);
    MethodRun run = harness.Run(*segments);
    EXPECT_TRUE(run.ok()) << run.message;
    return run;
  }

  // The run over `current` after a run over `previous` (as of kPreviousAsOf).
  MethodRun AfterPrevious(const TestDataset& previous, const TestDataset& current,
                          const json& previous_config = json::object(),
                          const json& config = json::object()) {
    MethodHarness before(previous.get());
    const MethodRun earlier = Segments(before, previous_config);
    MethodHarness harness(current.get());
    harness.set_previous(earlier, previous.get(), kPreviousAsOf);
    return Segments(harness, config);
  }

  // The events by customer id.
  static std::map<std::string, RecordedEvent> ByCustomer(const MethodRun& run,
                                                         const TestDataset& dataset) {
    std::map<std::string, RecordedEvent> out;
    for (const RecordedEvent& e : run.events) {
      const std::string& key = dataset.key(e.customer);
      EXPECT_EQ(out.count(key), 0u) << "two events for " << key;
      out[key] = e;
    }
    return out;
  }

  LoadedPlugin rfm_;
  LoadedPlugin segments_;
};

TEST_F(SegmentEventsTest, EverySegmentHasItsDocumentedRank) {
  DatasetBuilder builder;
  const std::vector<std::pair<std::string, int64_t>> expected = {
      {"55", 1}, {"44", 2}, {"43", 3}, {"51", 4},  {"41", 5}, {"33", 6},
      {"31", 7}, {"15", 8}, {"24", 9}, {"21", 10}, {"11", 11}};
  for (const auto& [cell, rank] : expected) {
    InCell(builder, "c" + cell, cell[0] - '0', cell[1] - '0', kAsOf);
  }
  const auto data = builder.as_of(kAsOf).Build();
  MethodHarness harness(data->get());
  const MethodRun run = Segments(harness);
  for (const auto& [cell, rank] : expected) {
    EXPECT_EQ(run.i64("segment_rank", data->customer("c" + cell)), rank) << cell;
  }
}

TEST_F(SegmentEventsTest, FirstRunHasNoEvents) {
  DatasetBuilder builder;
  InCell(builder, "alice", 5, 5, kAsOf);
  InCell(builder, "bob", 1, 1, kAsOf);
  const auto data = builder.as_of(kAsOf).Build();
  MethodHarness harness(data->get());
  const MethodRun run = Segments(harness);
  EXPECT_TRUE(run.events.empty());
}

TEST_F(SegmentEventsTest, MovesBetweenRunsWithTheirEvidence) {
  DatasetBuilder previous_lines, current_lines;
  // loyal (44, rank 2) -> at_risk (24, rank 9): down into at_risk, priority 1.
  InCell(previous_lines, "slipping", 4, 4, kPreviousAsOf);
  InCell(current_lines, "slipping", 2, 4, kAsOf);
  // champions (55) -> need_attention (33): down, priority 2.
  InCell(previous_lines, "cooling", 5, 5, kPreviousAsOf);
  InCell(current_lines, "cooling", 3, 3, kAsOf);
  // about_to_sleep (31) -> champions (54): up, priority 3.
  InCell(previous_lines, "rising", 3, 1, kPreviousAsOf);
  InCell(current_lines, "rising", 5, 4, kAsOf);
  // loyal (44) -> loyal (35): another cell of the same segment, no event.
  InCell(previous_lines, "steady", 4, 4, kPreviousAsOf);
  InCell(current_lines, "steady", 3, 5, kAsOf);
  // Not in the previous run: no event, whatever their segment.
  InCell(current_lines, "newcomer", 1, 3, kAsOf);
  const auto previous = previous_lines.as_of(kPreviousAsOf).Build();
  const auto current = current_lines.as_of(kAsOf).Build();

  const MethodRun run = AfterPrevious(*previous, *current);
  const auto events = ByCustomer(run, *current);
  ASSERT_EQ(events.size(), 3u);

  const RecordedEvent& slipping = events.at("slipping");
  EXPECT_EQ(slipping.type, "segment_down");
  EXPECT_EQ(slipping.subject, "");
  EXPECT_EQ(slipping.priority, 1);
  EXPECT_EQ(slipping.due_at, 0);
  EXPECT_EQ(slipping.evidence,
            json({{"from_segment", "loyal"},
                  {"to_segment", "at_risk"},
                  {"from_rank", 2},
                  {"to_rank", 9},
                  {"recency_days", 35},
                  {"frequency", 4},
                  {"monetary_minor", 400},
                  {"action", "personal reminder of the company with a renewal offer"},
                  {"channel", "email"}}));

  const RecordedEvent& cooling = events.at("cooling");
  EXPECT_EQ(cooling.type, "segment_down");
  EXPECT_EQ(cooling.priority, 2);
  EXPECT_EQ(cooling.evidence.at("from_segment"), "champions");
  EXPECT_EQ(cooling.evidence.at("to_segment"), "need_attention");
  EXPECT_EQ(cooling.evidence.at("from_rank"), 1);
  EXPECT_EQ(cooling.evidence.at("to_rank"), 6);
  EXPECT_EQ(cooling.evidence.at("recency_days"), 25);
  EXPECT_EQ(cooling.evidence.at("frequency"), 3);

  const RecordedEvent& rising = events.at("rising");
  EXPECT_EQ(rising.type, "segment_up");
  EXPECT_EQ(rising.priority, 3);
  EXPECT_EQ(rising.evidence.at("from_segment"), "about_to_sleep");
  EXPECT_EQ(rising.evidence.at("to_segment"), "champions");
  EXPECT_EQ(rising.evidence.at("from_rank"), 7);
  EXPECT_EQ(rising.evidence.at("to_rank"), 1);
  EXPECT_EQ(rising.evidence.at("action"), "reward, ask for reviews, offer early access");
  EXPECT_EQ(rising.evidence.at("monetary_minor"), 400);
}

// The same order history seen a month apart: a champion who stopped buying is cant_lose now.
TEST_F(SegmentEventsTest, ChampionWhoStoppedBuyingMovesDownIntoCantLose) {
  DatasetBuilder builder;
  InCell(builder, "quiet", 5, 5, kPreviousAsOf);  // last order 5 days before the previous run
  InCell(builder, "busy", 5, 5, kPreviousAsOf);
  builder.add(OrderLine{"busy-new", "busy", kAsOf - 2 * kDay, "P1", 1000, 100, ""});
  const auto previous = DatasetBuilder(builder).as_of(kPreviousAsOf).Build();
  const auto current = builder.as_of(kAsOf).Build();

  const MethodRun run = AfterPrevious(*previous, *current);
  const auto events = ByCustomer(run, *current);
  ASSERT_EQ(events.size(), 1u);  // busy stays a champion
  const RecordedEvent& quiet = events.at("quiet");
  EXPECT_EQ(quiet.type, "segment_down");
  EXPECT_EQ(quiet.priority, 1);
  EXPECT_EQ(quiet.evidence.at("from_segment"), "champions");
  EXPECT_EQ(quiet.evidence.at("to_segment"), "cant_lose");
  EXPECT_EQ(quiet.evidence.at("recency_days"), 35);
  EXPECT_EQ(quiet.evidence.at("channel"), "phone");
  EXPECT_EQ(run.str("segment", current->customer("busy")), "champions");
}

TEST_F(SegmentEventsTest, ACustomRankDecidesUpAndDown) {
  DatasetBuilder previous_lines, current_lines;
  InCell(previous_lines, "alice", 5, 5, kPreviousAsOf);  // champions
  InCell(current_lines, "alice", 1, 1, kAsOf);           // lost
  const auto previous = previous_lines.as_of(kPreviousAsOf).Build();
  const auto current = current_lines.as_of(kAsOf).Build();
  // Ranked upside down, the move to lost is up.
  const json reversed = {
      {"rank",
       {"lost", "hibernating", "at_risk", "cant_lose", "about_to_sleep", "need_attention",
        "promising", "new", "potential_loyalist", "loyal", "champions"}}};
  const MethodRun run = AfterPrevious(*previous, *current, reversed, reversed);
  ASSERT_EQ(run.events.size(), 1u);
  EXPECT_EQ(run.events[0].type, "segment_up");
  EXPECT_EQ(run.events[0].priority, 3);
  EXPECT_EQ(run.events[0].evidence.at("from_rank"), 11);
  EXPECT_EQ(run.events[0].evidence.at("to_rank"), 1);
  EXPECT_EQ(run.i64("segment_rank", current->customer("alice")), 1);
}

// A segment that is not ranked (a custom name) gives no event, to or from it; moves between
// ranked segments of a custom map still do.
TEST_F(SegmentEventsTest, MovesFromOrToAnUnrankedSegmentGiveNoEvent) {
  const json custom = {
      {"k", 5},
      {"map", {{"vip", {"5*", "4[4-5]"}}, {"lost", {"1*"}}, {"at_risk", {"[2-3]*", "4[1-3]"}}}},
      {"actions", {{"vip", {{"action", "call personally"}, {"channel", "phone"}}}}}};
  DatasetBuilder previous_lines, current_lines;
  InCell(previous_lines, "vip_to_risk", 5, 5, kPreviousAsOf);   // vip
  InCell(current_lines, "vip_to_risk", 2, 4, kAsOf);            // at_risk
  InCell(previous_lines, "risk_to_vip", 3, 3, kPreviousAsOf);   // at_risk
  InCell(current_lines, "risk_to_vip", 5, 5, kAsOf);            // vip
  InCell(previous_lines, "risk_to_lost", 2, 2, kPreviousAsOf);  // at_risk (rank 9)
  InCell(current_lines, "risk_to_lost", 1, 2, kAsOf);           // lost (rank 11)
  const auto previous = previous_lines.as_of(kPreviousAsOf).Build();
  const auto current = current_lines.as_of(kAsOf).Build();

  const MethodRun run = AfterPrevious(*previous, *current, custom, custom);
  const auto events = ByCustomer(run, *current);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.at("risk_to_lost").type, "segment_down");
  EXPECT_EQ(events.at("risk_to_lost").priority, 2);
  EXPECT_EQ(run.i64("segment_rank", current->customer("risk_to_vip")), 0);
  EXPECT_EQ(run.i64("segment_rank", current->customer("vip_to_risk")), 9);

  auto instance = segments_.Create(custom);
  ASSERT_EQ(instance->log().lines.size(), 1u);
  EXPECT_EQ(instance->log().lines[0].first, ENCORE_LOG_WARN);
  EXPECT_EQ(instance->log().lines[0].second,
            "segments: segment 'vip' is not in option 'rank': it gets no segment_rank and no "
            "move events");
}

// The previous run had a segment this map no longer has (the map changed): its rank still
// decides the direction when option 'rank' names it.
TEST_F(SegmentEventsTest, APreviousSegmentOutsideTheMapKeepsItsRank) {
  const json merged = {{"k", 5},
                       {"map", {{"champions", {"[4-5]*"}}, {"lost", {"[1-3]*"}}}},
                       {"rank", {"champions", "loyal", "lost"}}};
  DatasetBuilder previous_lines, current_lines;
  InCell(previous_lines, "alice", 4, 4, kPreviousAsOf);  // loyal in the default map
  InCell(current_lines, "alice", 2, 4, kAsOf);           // lost in the merged map
  const auto previous = previous_lines.as_of(kPreviousAsOf).Build();
  const auto current = current_lines.as_of(kAsOf).Build();
  const MethodRun run = AfterPrevious(*previous, *current, json::object(), merged);
  ASSERT_EQ(run.events.size(), 1u);
  EXPECT_EQ(run.events[0].type, "segment_down");
  EXPECT_EQ(run.events[0].evidence.at("from_segment"), "loyal");
  EXPECT_EQ(run.events[0].evidence.at("from_rank"), 2);
  EXPECT_EQ(run.events[0].evidence.at("to_rank"), 3);
}

TEST_F(SegmentEventsTest, ARankNamingASegmentTwiceIsRefused) {
  int32_t status = ENCORE_OK;
  std::string message;
  auto instance =
      segments_.TryCreate({{"rank", {"champions", "lost", "champions"}}}, &status, &message);
  EXPECT_EQ(instance, nullptr);
  EXPECT_EQ(status, ENCORE_INVALID_CONFIG);
  EXPECT_EQ(message, "option 'rank' names segment 'champions' twice");
}

}  // namespace
}  // namespace encore::plugins::segments
