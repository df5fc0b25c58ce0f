// Segment moves between runs: a customer whose named segment differs from the one the previous
// run gave them gets a `segment_up` or `segment_down` event, by the rank of the two segments
// (option 'rank', 1 = best). The playbook turns the events into tasks.
#ifndef ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENT_EVENTS_H_
#define ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENT_EVENTS_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plugins/methods/segments/segment_map.h"

namespace encore::plugins::segments {

constexpr uint8_t kNoSegment = UINT8_MAX;

// Score columns of rfm (this run) quoted as evidence; a null pointer leaves its key out.
struct RfmEvidence {
  const int64_t* recency_days = nullptr;
  const int64_t* frequency = nullptr;
  const int64_t* monetary_minor = nullptr;
};

// Priority of a move: down into at_risk or cant_lose 1 (a valuable customer is slipping away),
// any other down 2, up 3.
int32_t MovePriority(bool down, std::string_view to_segment);

// The events of customers [begin, end): `current[c]` is the index in `map` of customer c's
// segment (kNoSegment: not visible), `previous` the previous run's segment names aligned to
// this dataset (null rows: customers that run did not score). No event for a customer new
// since the previous run, a customer whose segment did not change, or a move from or to a
// segment without a rank.
std::vector<sdk::Event> SegmentMoves(const std::vector<uint8_t>& current, const SegmentMap& map,
                                     const encore_column_v1& previous,
                                     const std::map<std::string, int64_t, std::less<>>& rank,
                                     const RfmEvidence& rfm, size_t begin, size_t end);

}  // namespace encore::plugins::segments

#endif  // ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENT_EVENTS_H_
