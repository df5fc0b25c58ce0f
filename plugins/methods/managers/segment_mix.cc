#include "plugins/methods/managers/segment_mix.h"

#include <algorithm>
#include <string_view>

namespace encore::plugins::managers {
namespace {

bool IsNull(const encore_column_v1& column, size_t row) {
  return column.null_mask != nullptr && column.null_mask[row] != 0;
}

bool IsNumeric(const encore_column_v1& column) {
  return column.type == ENCORE_VALUE_I64 || column.type == ENCORE_VALUE_F64;
}

double Number(const encore_column_v1& column, size_t row) {
  return column.type == ENCORE_VALUE_I64
             ? static_cast<double>(static_cast<const int64_t*>(column.values)[row])
             : static_cast<const double*>(column.values)[row];
}

void CountSegments(const sdk::Dataset& dataset, const encore_column_v1& segment,
                   const std::vector<uint32_t>& owner_now, SegmentMix& mix) {
  const auto* values = static_cast<const encore_str*>(segment.values);
  // A run has a dozen segment names: a short list searched linearly beats hashing each row.
  std::vector<std::string_view> names;
  std::vector<uint32_t> segment_of(dataset.customer_count(), UINT32_MAX);
  for (size_t c = 0; c < dataset.customer_count(); ++c) {
    if (owner_now[c] == sdk::Dataset::kNone || IsNull(segment, c)) continue;
    const std::string_view name = sdk::View(values[c]);
    if (name.empty()) continue;
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) it = names.insert(names.end(), name);
    segment_of[c] = static_cast<uint32_t>(it - names.begin());
  }
  // Report the names in byte order.
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return names[x] < names[y]; });
  std::vector<uint32_t> position(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    position[order[i]] = i;
    mix.segment_names.emplace_back(names[order[i]]);
  }
  mix.customers.assign(dataset.manager_count(), std::vector<int64_t>(names.size(), 0));
  mix.with_segment.assign(dataset.manager_count(), 0);
  for (size_t c = 0; c < dataset.customer_count(); ++c) {
    if (segment_of[c] == UINT32_MAX) continue;
    ++mix.customers[owner_now[c]][position[segment_of[c]]];
    ++mix.with_segment[owner_now[c]];
  }
}

void CountMigration(const sdk::Dataset& dataset, const encore_column_v1& now,
                    const encore_column_v1& then, const std::vector<uint32_t>& owner_now,
                    SegmentMix& mix) {
  mix.migration.assign(dataset.manager_count(), Migration{});
  for (size_t c = 0; c < dataset.customer_count(); ++c) {
    const uint32_t owner = owner_now[c];
    if (owner == sdk::Dataset::kNone || dataset.first_order(c) == dataset.end_order(c)) continue;
    if (IsNull(now, c) || IsNull(then, c)) continue;
    const double rank_now = Number(now, c), rank_then = Number(then, c);
    Migration& m = mix.migration[owner];
    ++m.compared;
    if (rank_now < rank_then) ++m.up;
    if (rank_now > rank_then) ++m.down;
  }
}

}  // namespace

SegmentMix MixOf(const sdk::Dataset& dataset, const sdk::MethodContext& context,
                 const std::vector<uint32_t>& owner_now) {
  SegmentMix mix;
  const encore_column_v1* segment = context.find_scores("segment");
  if (segment == nullptr) {
    mix.segments_status =
        "not available: no 'segment' score in this run (run a segments method before managers)";
  } else if (segment->type != ENCORE_VALUE_STR) {
    mix.segments_status = "not available: the 'segment' score is not a string";
  } else {
    mix.segments_status = "ok";
    CountSegments(dataset, *segment, owner_now, mix);
  }

  const encore_column_v1* now = context.find_scores("segment_rank");
  const encore_column_v1* then = context.find_previous_scores("segment_rank");
  if (now == nullptr) {
    mix.migration_status = "not available: no 'segment_rank' score in this run";
  } else if (context.previous_as_of() == 0) {
    mix.migration_status = "not available: no previous run";
  } else if (then == nullptr) {
    mix.migration_status = "not available: the previous run has no 'segment_rank' score";
  } else if (!IsNumeric(*now) || !IsNumeric(*then)) {
    mix.migration_status = "not available: the 'segment_rank' score is not a number";
  } else {
    mix.migration_status = "ok";
    CountMigration(dataset, *now, *then, owner_now, mix);
  }
  return mix;
}

}  // namespace encore::plugins::managers
