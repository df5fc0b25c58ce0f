// What the segments method says about each manager's portfolio (the customers whose owner at the
// as-of instant is the manager): how many are in each segment, and how many moved up or down
// since the previous run. Both read scores other methods put; when those are missing the status
// says why and the counts are empty.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace encore::plugins::managers {

struct Migration {
  int64_t compared = 0;  // portfolio customers with a segment_rank now and in the previous run
  int64_t up = 0;        // rank now < rank then (1 is the best segment)
  int64_t down = 0;      // rank now > rank then
};

struct SegmentMix {
  std::string segments_status;                  // "ok" or "not available: ..."
  std::vector<std::string> segment_names;       // byte order
  std::vector<std::vector<int64_t>> customers;  // [manager][segment]
  std::vector<int64_t> with_segment;            // per manager

  std::string migration_status;      // "ok" or "not available: ..."
  std::vector<Migration> migration;  // per manager; empty when not available
};

SegmentMix MixOf(const sdk::Dataset& dataset, const sdk::MethodContext& context,
                 const std::vector<uint32_t>& owner_now);

}  // namespace encore::plugins::managers
