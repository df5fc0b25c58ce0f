// Run ids that sort by creation time and read as a date: "r-20261123-101502123-9f3a"
// (UTC date, time to the millisecond, 16 random bits against clashes between processes).
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace encore {

class RunIdGenerator {
 public:
  RunIdGenerator();
  // Ids from one generator are strictly increasing even when the clock stalls or steps back.
  std::string Next();
  // The id for a given instant; `unix_millis` must not be below the previous one.
  std::string NextAt(int64_t unix_millis);

 private:
  std::mutex mu_;
  int64_t last_millis_ = 0;
  std::mt19937 random_;
};

}  // namespace encore
