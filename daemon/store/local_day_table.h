// The local calendar day of UTC instants in one zone, cheap enough to ask for every order of a
// big store (the dataset view's local_day callback). A zone's UTC offset is constant between
// transitions (a few per year at most), so the transitions over the instants a run looks at are
// found once and each call is a search in that short list plus a division. Instants outside that
// span are answered by the zone itself. Immutable after construction, so safe to share between
// the threads of a method.
#pragma once

#include <cstdint>
#include <vector>

#include "daemon/common/time_zone.h"

namespace encore::store {

class LocalDayTable {
 public:
  // Covers [from, to] (UTC seconds); `zone` must outlive the table.
  LocalDayTable(const TimeZone& zone, int64_t from, int64_t to);

  int32_t LocalDay(int64_t utc_seconds) const;
  size_t segment_count() const { return starts_.size(); }

 private:
  const TimeZone* zone_;
  int64_t from_, to_;
  std::vector<int64_t> starts_;   // starts_[0] == from_; offsets_[i] holds from starts_[i]
  std::vector<int32_t> offsets_;  // seconds east of UTC
};

}  // namespace encore::store
