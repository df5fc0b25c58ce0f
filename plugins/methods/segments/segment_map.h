// The R×F segment map: which named segment every (R, F) cell of the k × k grid belongs to, and
// what to do with the customers of each segment. Built once at create(); run() only indexes
// its lookup table.
#ifndef ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENT_MAP_H_
#define ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENT_MAP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace encore::plugins::segments {

// What the configuration says about one segment: its cells as patterns, and the recommendation.
struct SegmentSpec {
  std::string name;                   // snake_case, e.g. "at_risk"
  std::vector<std::string> patterns;  // "RF" patterns, e.g. "55", "4[4-5]", "[1-2]*"
  std::string action;                 // short English phrase
  std::string channel;                // e.g. "email", "phone", "ads"
};

struct Segment {
  std::string name, action, channel;
  std::vector<std::string> cells;  // "RF" codes, ascending ("11", "12", ...)
  int64_t rank = 0;                // position in option 'rank' (1 = best); 0 = not ranked
};

// A checked map: every cell of the k × k grid is in exactly one segment.
struct SegmentMap {
  int k = 0;
  std::vector<Segment> segments;
  std::vector<uint8_t> cell_segment;  // k * k, index (R - 1) * k + (F - 1) -> segments index
};

// The scores (1..k) one pattern matches, as cell indexes (R - 1) * k + (F - 1), ascending.
// A pattern is two parts, R then F; each part is a score "4", a range "[4-5]", a set "[245]" or
// "*" (any score). Throws sdk::ConfigError naming the segment and the pattern otherwise.
std::vector<int> ExpandPattern(std::string_view pattern, int k, std::string_view segment);

// Checks names and patterns and that every cell is in exactly one segment (the same cell twice
// in one segment is allowed). Throws sdk::ConfigError naming the uncovered or shared cells.
SegmentMap BuildSegmentMap(int k, const std::vector<SegmentSpec>& specs);

// The cell code "RF" of a cell index.
std::string CellCode(int cell, int k);

}  // namespace encore::plugins::segments

#endif  // ENCORE_PLUGINS_METHODS_SEGMENTS_SEGMENT_MAP_H_
