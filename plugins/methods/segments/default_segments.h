// The default R×F segment maps (k = 5 and k = 3) with the recommended action and channel of each
// segment. docs/metrics.md ("Named segments") and README.md show the same maps as tables.
#ifndef ENCORE_PLUGINS_METHODS_SEGMENTS_DEFAULT_SEGMENTS_H_
#define ENCORE_PLUGINS_METHODS_SEGMENTS_DEFAULT_SEGMENTS_H_

#include <string_view>
#include <vector>

#include "plugins/methods/segments/segment_map.h"

namespace encore::plugins::segments {

// The default map of a k of 3 or 5, best segments first.
std::vector<SegmentSpec> DefaultSegments(int k);

// The default action and channel of a segment name, or nullptr for a name outside the defaults.
const SegmentSpec* DefaultRecommendation(std::string_view name);

// The default rank of the segments, best first: the JSON default of option 'rank'. The order
// never contradicts the scores: when a customer's R and F scores both stay or rise, their new
// segment is never ranked below the old one (cant_lose, F 5, is above at_risk, F 3..4).
inline constexpr const char* kDefaultRankJson =
    "[\"champions\", \"loyal\", \"potential_loyalist\", \"new\", \"promising\", "
    "\"need_attention\", \"about_to_sleep\", \"cant_lose\", \"at_risk\", \"hibernating\", "
    "\"lost\"]";

}  // namespace encore::plugins::segments

#endif  // ENCORE_PLUGINS_METHODS_SEGMENTS_DEFAULT_SEGMENTS_H_
