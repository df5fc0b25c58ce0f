#include "daemon/scheduler/run_id.h"

#include <absl/time/clock.h>
#include <absl/time/time.h>

#include <cstdio>

namespace encore {

RunIdGenerator::RunIdGenerator() : random_(std::random_device{}()) {}

std::string RunIdGenerator::Next() { return NextAt(absl::ToUnixMillis(absl::Now())); }

std::string RunIdGenerator::NextAt(int64_t unix_millis) {
  std::lock_guard<std::mutex> lock(mu_);
  // Two ids in the same millisecond get consecutive milliseconds, so order of creation and
  // order of ids agree within the process.
  if (unix_millis <= last_millis_) unix_millis = last_millis_ + 1;
  last_millis_ = unix_millis;
  const absl::Time t = absl::FromUnixMillis(unix_millis);
  const absl::CivilSecond c = absl::ToCivilSecond(t, absl::UTCTimeZone());
  const int millis = static_cast<int>(unix_millis % 1000);
  const unsigned suffix = random_() & 0xffffu;
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "r-%04d%02d%02d-%02d%02d%02d%03d-%04x",
                static_cast<int>(c.year()), c.month(), c.day(), c.hour(), c.minute(), c.second(),
                millis, suffix);
  return buffer;
}

}  // namespace encore
