#include "plugins/methods/segments/segment_map.h"

#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace encore::plugins::segments {
namespace {

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Parses one part (R or F) of a pattern at `pos`; fills `scores` (1..k) and advances `pos`.
// Returns false when the text there is not a part.
bool ParsePart(std::string_view p, size_t& pos, int k, std::vector<int>& scores) {
  const auto score = [k](char c) { return c >= '1' && c < '1' + k ? c - '0' : 0; };
  if (pos >= p.size()) return false;
  if (p[pos] == '*') {
    for (int s = 1; s <= k; ++s) scores.push_back(s);
    ++pos;
    return true;
  }
  if (p[pos] != '[') {
    const int s = score(p[pos]);
    if (s == 0) return false;
    scores.push_back(s);
    ++pos;
    return true;
  }
  const size_t close = p.find(']', pos);
  if (close == std::string_view::npos || close == pos + 1) return false;
  const std::string_view inside = p.substr(pos + 1, close - pos - 1);
  if (inside.size() == 3 && inside[1] == '-') {
    const int from = score(inside[0]), to = score(inside[2]);
    if (from == 0 || to == 0 || from > to) return false;
    for (int s = from; s <= to; ++s) scores.push_back(s);
  } else {
    for (char c : inside) {
      const int s = score(c);
      if (s == 0) return false;
      scores.push_back(s);
    }
  }
  pos = close + 1;
  return true;
}

std::string JoinCells(const std::vector<std::string>& cells) {
  std::string out;
  for (const auto& c : cells) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace

std::string CellCode(int cell, int k) {
  return std::string{static_cast<char>('1' + cell / k), static_cast<char>('1' + cell % k)};
}

std::vector<int> ExpandPattern(std::string_view pattern, int k, std::string_view segment) {
  std::vector<int> r, f;
  size_t pos = 0;
  if (!ParsePart(pattern, pos, k, r) || !ParsePart(pattern, pos, k, f) || pos != pattern.size()) {
    throw sdk::ConfigError("option 'map': pattern '" + std::string(pattern) + "' of segment '" +
                           std::string(segment) + "' is not R then F, each a score 1.." +
                           std::to_string(k) + ", a range [a-b], a set [abc] or *");
  }
  std::set<int> cells;
  for (int rs : r) {
    for (int fs : f) cells.insert((rs - 1) * k + (fs - 1));
  }
  return {cells.begin(), cells.end()};
}

SegmentMap BuildSegmentMap(int k, const std::vector<SegmentSpec>& specs) {
  SegmentMap map;
  map.k = k;
  const int cell_count = k * k;
  // Owners of each cell, by segment index, to name every shared cell at once.
  std::vector<std::vector<size_t>> owners(static_cast<size_t>(cell_count));
  std::set<std::string> names;
  for (size_t i = 0; i < specs.size(); ++i) {
    const SegmentSpec& spec = specs[i];
    if (!IsSnakeCase(spec.name)) {
      throw sdk::ConfigError("option 'map': segment name '" + spec.name +
                             "' is not snake_case (a-z, 0-9 and _, starting with a letter)");
    }
    if (!names.insert(spec.name).second) {
      throw sdk::ConfigError("option 'map': segment '" + spec.name + "' is given twice");
    }
    if (spec.patterns.empty()) {
      throw sdk::ConfigError("option 'map': segment '" + spec.name + "' has no patterns");
    }
    std::set<int> cells;
    for (const auto& pattern : spec.patterns) {
      for (int cell : ExpandPattern(pattern, k, spec.name)) cells.insert(cell);
    }
    Segment segment{spec.name, spec.action, spec.channel, {}};
    for (int cell : cells) {
      owners[static_cast<size_t>(cell)].push_back(i);
      segment.cells.push_back(CellCode(cell, k));
    }
    map.segments.push_back(std::move(segment));
  }

  std::vector<std::string> uncovered, shared;
  for (int cell = 0; cell < cell_count; ++cell) {
    const auto& who = owners[static_cast<size_t>(cell)];
    if (who.empty()) uncovered.push_back(CellCode(cell, k));
    if (who.size() > 1) {
      std::string text = CellCode(cell, k) + " (";
      for (size_t j = 0; j < who.size(); ++j) text += (j ? ", " : "") + specs[who[j]].name;
      shared.push_back(text + ")");
    }
  }
  const std::string grid =
      "every cell 11.." + CellCode(cell_count - 1, k) + " must be in exactly one segment";
  if (!uncovered.empty()) {
    throw sdk::ConfigError("option 'map': cells in no segment: " + JoinCells(uncovered) + "; " +
                           grid);
  }
  if (!shared.empty()) {
    throw sdk::ConfigError("option 'map': cells in more than one segment: " + JoinCells(shared) +
                           "; " + grid);
  }
  map.cell_segment.resize(static_cast<size_t>(cell_count));
  for (int cell = 0; cell < cell_count; ++cell) {
    map.cell_segment[static_cast<size_t>(cell)] =
        static_cast<uint8_t>(owners[static_cast<size_t>(cell)].front());
  }
  return map;
}

}  // namespace encore::plugins::segments
