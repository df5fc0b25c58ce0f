#include "plugins/methods/segments/segment_events.h"

#include <string_view>

namespace encore::plugins::segments {

int32_t MovePriority(bool down, std::string_view to_segment) {
  if (!down) return 3;
  return to_segment == "at_risk" || to_segment == "cant_lose" ? 1 : 2;
}

std::vector<sdk::Event> SegmentMoves(const std::vector<uint8_t>& current, const SegmentMap& map,
                                     const encore_column_v1& previous,
                                     const std::map<std::string, int64_t, std::less<>>& rank,
                                     const RfmEvidence& rfm, size_t begin, size_t end) {
  std::vector<sdk::Event> events;
  const auto* names = static_cast<const encore_str*>(previous.values);
  for (size_t c = begin; c < end; ++c) {
    if (current[c] == kNoSegment) continue;
    if (previous.null_mask != nullptr && previous.null_mask[c] != 0) continue;
    const std::string_view before = sdk::View(names[c]);
    const Segment& now = map.segments[current[c]];
    if (before.empty() || before == now.name || now.rank == 0) continue;
    const auto was = rank.find(before);
    if (was == rank.end()) continue;

    const bool down = now.rank > was->second;
    sdk::Event& e = events.emplace_back();
    e.customer = static_cast<uint32_t>(c);
    e.type = down ? "segment_down" : "segment_up";
    e.priority = MovePriority(down, now.name);
    e.evidence = {{"from_segment", std::string(before)},
                  {"to_segment", now.name},
                  {"from_rank", was->second},
                  {"to_rank", now.rank},
                  {"action", now.action},
                  {"channel", now.channel}};
    if (rfm.recency_days != nullptr) e.evidence.add("recency_days", rfm.recency_days[c]);
    if (rfm.frequency != nullptr) e.evidence.add("frequency", rfm.frequency[c]);
    if (rfm.monetary_minor != nullptr) e.evidence.add("monetary_minor", rfm.monetary_minor[c]);
  }
  return events;
}

}  // namespace encore::plugins::segments
