#include "daemon/store/local_day_table.h"

#include <algorithm>

namespace encore::store {
namespace {

constexpr int64_t kDay = 86400;
// Offsets are sampled this far apart and each change is then located to the second. Zones
// never change their offset twice within six hours.
constexpr int64_t kSampleStep = 6 * 3600;
// Longest span sampled (older instants fall back to the zone): bounds the cost of a view.
constexpr int64_t kMaxSpan = int64_t{60} * 366 * kDay;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

LocalDayTable::LocalDayTable(const TimeZone& zone, int64_t from, int64_t to)
    : zone_(&zone), from_(std::max(from, to - kMaxSpan)), to_(to) {
  if (to_ < from_) to_ = from_;
  int32_t offset = zone.UtcOffset(from_);
  starts_.push_back(from_);
  offsets_.push_back(offset);
  for (int64_t at = from_; at < to_;) {
    const int64_t next = std::min(at + kSampleStep, to_);
    const int32_t next_offset = zone.UtcOffset(next);
    if (next_offset != offset) {
      int64_t before = at, after = next;  // offset(before) == offset, offset(after) != offset
      while (after - before > 1) {
        const int64_t mid = before + (after - before) / 2;
        (zone.UtcOffset(mid) == offset ? before : after) = mid;
      }
      starts_.push_back(after);
      offsets_.push_back(zone.UtcOffset(after));
      offset = offsets_.back();
      // A second change inside the same step is found on the next pass from `after`.
      at = after;
      continue;
    }
    at = next;
  }
}

int32_t LocalDayTable::LocalDay(int64_t utc_seconds) const {
  if (utc_seconds < from_ || utc_seconds > to_) return zone_->LocalDay(utc_seconds);
  const size_t i = std::upper_bound(starts_.begin(), starts_.end(), utc_seconds) - starts_.begin();
  return static_cast<int32_t>(FloorDiv(utc_seconds + offsets_[i - 1], kDay));
}

}  // namespace encore::store
