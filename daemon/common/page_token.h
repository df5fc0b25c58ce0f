// Page tokens that carry an offset into an ordered list: a letter naming the kind of list, then
// the offset ("o200"). The letter keeps a token of one kind of list from being taken by another.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/status.h"

namespace encore {

inline std::string OffsetPageToken(char kind, int64_t offset) {
  return kind + std::to_string(offset);
}

// The offset a token of `kind` carries; "" is the first page (0), and an offset past what an
// int64 holds is past every list's end (an empty last page). Anything else is InvalidArgument
// naming the request field.
inline Result<int64_t> ParseOffsetPageToken(char kind, std::string_view token) {
  if (token.empty()) return int64_t{0};
  uint64_t offset = 0;
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(token.data() + 1, end, offset);
  if (token[0] != kind || token.size() == 1 || ptr != end ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return InvalidArgument("page_token: not a token this list returned");
  }
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  return static_cast<int64_t>(ec == std::errc::result_out_of_range ? kMax : std::min(offset, kMax));
}

}  // namespace encore
