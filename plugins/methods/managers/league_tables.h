// The report tables of the managers method: managers.league (one row per manager, in rank order)
// and managers.segments (one row per manager and segment of their portfolio). Columns are listed
// in README.md.
#pragma once

#include <encore/sdk/plugin.hpp>

#include <vector>

#include "plugins/methods/managers/league.h"
#include "plugins/methods/managers/segment_mix.h"

namespace encore::plugins::managers {

constexpr char kLeagueTableName[] = "managers.league";
constexpr char kSegmentsTableName[] = "managers.segments";

sdk::ReportTable LeagueTable(const std::vector<LeagueRow>& rows, const SegmentMix& mix,
                             const sdk::Dataset& dataset);

// Rows for the managers of `rows` (same order), each with their segments in byte order.
sdk::ReportTable SegmentsTable(const std::vector<LeagueRow>& rows, const SegmentMix& mix,
                               const sdk::Dataset& dataset);

}  // namespace encore::plugins::managers
