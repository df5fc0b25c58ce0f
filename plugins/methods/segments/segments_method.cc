// The segments method: maps every customer's R and F scores (put by rfm, which runs before it)
// to a named R×F segment such as "champions" or "at_risk", with the recommended action and
// channel of that segment. The map and the actions come from docs/metrics.md ("Named segments")
// or from the configuration. With a previous run, a customer whose segment changed gets a
// segment_up or segment_down event (segment_events.h).
#include <encore/sdk/parallel.hpp>
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/methods/segments/default_segments.h"
#include "plugins/methods/segments/segment_events.h"
#include "plugins/methods/segments/segment_map.h"
#include "plugins/methods/segments/segments_options.h"

namespace encore::plugins::segments {
namespace {

constexpr encore_option_v1 kSegmentsOptions[] = {
    sdk::Option("r_score", ENCORE_OPTION_STRING, "\"r_score\"",
                "Scores (1..k) of recency put by a method that runs before this one."),
    sdk::Option("f_score", ENCORE_OPTION_STRING, "\"f_score\"",
                "Scores (1..k) of frequency put by a method that runs before this one."),
    sdk::Option("k", ENCORE_OPTION_INT, "0",
                "Score levels of the R and F scores: 3 or 5; 0 = from the scores (5 when any "
                "score is above 3)."),
    sdk::Option("map", ENCORE_OPTION_OBJECT, nullptr,
                "Segment name -> list of \"RF\" patterns (\"55\", \"4[4-5]\", \"[1-2]*\"), every "
                "cell in exactly one segment; needs k. Default: the documented map of k."),
    sdk::Option("actions", ENCORE_OPTION_OBJECT, nullptr,
                "Segment name -> {action, channel}, replacing the recommendation of that "
                "segment."),
    sdk::Option("rank", ENCORE_OPTION_STRING_LIST, kDefaultRankJson,
                "Segment names, best first: the score segment_rank and whether a move since the "
                "previous run is segment_up or segment_down. A segment left out has no rank and "
                "no events."),
    sdk::Option("threads", ENCORE_OPTION_INT, "2",
                "Threads making the segment_up / segment_down events; 1..64."),
};

constexpr size_t kEventBlock = 4096;  // customers per put_events call

encore_str View(const std::string& s) { return encore_str{s.data(), s.size()}; }

const int64_t* IntegerScores(const sdk::MethodContext& context, const std::string& name) {
  const encore_column_v1* column = context.find_scores(name);
  if (column == nullptr) {
    throw sdk::Error("segments needs scores '" + name +
                     "' from a method that runs before it (e.g. rfm)");
  }
  if (column->type != ENCORE_VALUE_I64) {
    throw sdk::Error("segments needs integer scores '" + name + "', got another type");
  }
  return static_cast<const int64_t*>(column->values);
}

// An integer score of rfm quoted as evidence, or nullptr when this pipeline has none.
const int64_t* OptionalIntegerScores(const sdk::MethodContext& context, const char* name) {
  const encore_column_v1* column = context.find_scores(name);
  if (column == nullptr || column->type != ENCORE_VALUE_I64) return nullptr;
  return static_cast<const int64_t*>(column->values);
}

class SegmentsMethod : public sdk::Method {
 public:
  explicit SegmentsMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParseSegmentsOptions(context.config)) {
    // An empty rank turns the events off on purpose; otherwise a segment left out is a slip.
    if (options_.rank.empty()) return;
    for (const std::string& name : options_.unranked) {
      log().warn("segments: segment '" + name +
                 "' is not in option 'rank': it gets no segment_rank and no move events");
    }
  }

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const int64_t* r = IntegerScores(context, options_.r_score);
    const int64_t* f = IntegerScores(context, options_.f_score);
    const size_t n = dataset.customer_count();
    const int k = options_.k != 0 ? options_.k : KFromScores(dataset, r, f);
    const SegmentMap& map = *options_.map_for(k);

    // Customers without a visible order keep "" (the host drops their rows); the others point
    // at the strings of their segment, so a million rows share a dozen strings.
    std::vector<encore_str> names(n, encore_str{"", 0}), actions = names, channels = names;
    std::vector<int64_t> ranks(n, 0);
    std::vector<uint8_t> segment_of(n, kNoSegment);
    std::vector<int64_t> sizes(map.segments.size(), 0);
    const auto kk = static_cast<uint64_t>(k);
    for (size_t c = 0; c < n; ++c) {
      if (dataset.first_order(c) == dataset.end_order(c)) continue;
      // Scores are 1..k; unsigned arithmetic turns 0 and negatives into huge values too.
      const uint64_t ri = static_cast<uint64_t>(r[c]) - 1, fi = static_cast<uint64_t>(f[c]) - 1;
      if (ri >= kk || fi >= kk) ThrowOutOfRange(c, r[c], f[c], k);
      const uint8_t s = map.cell_segment[ri * kk + fi];
      const Segment& segment = map.segments[s];
      names[c] = View(segment.name);
      actions[c] = View(segment.action);
      channels[c] = View(segment.channel);
      ranks[c] = segment.rank;
      segment_of[c] = s;
      ++sizes[s];
    }

    context.put_scores("segment", names);
    context.put_scores("segment_action", actions);
    context.put_scores("segment_channel", channels);
    context.put_scores("segment_rank", ranks);
    PutMetrics(context, map, sizes);
    PutMoves(context, map, segment_of);
  }

 private:
  // segment_up / segment_down against the previous run's own `segment` column; nothing on the
  // first run.
  void PutMoves(const sdk::MethodContext& context, const SegmentMap& map,
                const std::vector<uint8_t>& segment_of) const {
    const encore_column_v1* previous = context.find_previous_scores("segment");
    if (previous == nullptr || previous->type != ENCORE_VALUE_STR) return;
    RfmEvidence rfm;
    rfm.recency_days = OptionalIntegerScores(context, "recency_days");
    rfm.frequency = OptionalIntegerScores(context, "frequency");
    rfm.monetary_minor = OptionalIntegerScores(context, "monetary_minor");
    // In blocks, so that each block's events are made, handed over and freed while their
    // memory is still warm; one list for a million customers costs more to free than to make.
    // Making the events is most of the cost, so the customers are split over the threads
    // (put_events is thread-safe).
    sdk::ForEachRange(segment_of.size(), options_.threads, [&](int, size_t from, size_t to) {
      for (size_t begin = from; begin < to; begin += kEventBlock) {
        const size_t end = std::min(to, begin + kEventBlock);
        context.put_events(
            SegmentMoves(segment_of, map, *previous, options_.rank, rfm, begin, end));
      }
    });
  }

  // 5 when any visible customer has an R or F score above 3, else 3.
  int KFromScores(const sdk::Dataset& dataset, const int64_t* r, const int64_t* f) const {
    int64_t top = 0;
    for (size_t c = 0; c < dataset.customer_count(); ++c) {
      if (dataset.first_order(c) == dataset.end_order(c)) continue;
      top = std::max(top, std::max(r[c], f[c]));
    }
    return top > 3 ? 5 : 3;
  }

  [[noreturn]] void ThrowOutOfRange(size_t row, int64_t r, int64_t f, int k) const {
    throw sdk::Error("segments: customer row " + std::to_string(row) + " has " + options_.r_score +
                     " " + std::to_string(r) + " and " + options_.f_score + " " +
                     std::to_string(f) + ", outside 1.." + std::to_string(k) +
                     "; set option 'k' to the k of the method that made the scores");
  }

  static void PutMetrics(const sdk::MethodContext& context, const SegmentMap& map,
                         const std::vector<int64_t>& sizes) {
    nlohmann::json sizes_json = nlohmann::json::object();
    nlohmann::json map_json = nlohmann::json::object();
    for (size_t s = 0; s < map.segments.size(); ++s) {
      const Segment& segment = map.segments[s];
      sizes_json[segment.name] = sizes[s];
      map_json[segment.name] = {
          {"cells", segment.cells}, {"action", segment.action}, {"channel", segment.channel}};
    }
    context.put_metric("segments.k", map.k);
    context.put_metric_json("segments.sizes", sizes_json);
    context.put_metric_json("segments.map", map_json);
  }

  SegmentsOptions options_;
};

}  // namespace
}  // namespace encore::plugins::segments

ENCORE_PLUGIN(encore::plugins::segments::SegmentsMethod, "segments", "1.0.0",
              "Named R×F segments (champions, loyal, at_risk, ...) from the R and F scores of rfm, "
              "with a recommended action and channel per segment.",
              encore::plugins::segments::kSegmentsOptions)
