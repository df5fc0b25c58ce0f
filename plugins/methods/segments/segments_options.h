// The segments method's configuration, checked at create() so a bad map never reaches a run.
#ifndef ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENTS_OPTIONS_H_
#define ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENTS_OPTIONS_H_

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "plugins/methods/segments/segment_map.h"

namespace encore::plugins::segments {

struct SegmentsOptions {
  std::string r_score = "r_score";
  std::string f_score = "f_score";
  int k = 0;                     // 0: taken from the scores at run time (3 or 5)
  std::vector<SegmentMap> maps;  // the map of `k`, or with k = 0 the maps of k = 3 and k = 5
  // Option 'rank': segment name -> rank, 1 = best. Also names segments of neither map, so that
  // a previous run's segment keeps its rank after the map changed.
  std::map<std::string, int64_t, std::less<>> rank;
  std::vector<std::string> unranked;  // segments of the maps that 'rank' leaves out
  int threads = 2;

  // The map for a k, or nullptr when there is none.
  const SegmentMap* map_for(int scores_k) const {
    for (const auto& m : maps) {
      if (m.k == scores_k) return &m;
    }
    return nullptr;
  }
};

// Throws sdk::ConfigError with a message naming the option.
SegmentsOptions ParseSegmentsOptions(const sdk::Config& config);

}  // namespace encore::plugins::segments

#endif  // ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENTS_OPTIONS_H_
