// What one lane of the store builder collects while a source emits: the lines, the runs of
// consecutive lines that share (customer_id, order_id), and lane-local dictionaries.
//
// Lanes are filled concurrently without any lock, so everything here is lane-local: ids are
// lane-local too and only become global in Finish() (store_assembly.h). The records are packed
// (12 bytes a line, 24 a run) because the lanes hold every line of a run at once, next to the
// source's own buffers, and that is the peak memory of a load.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/store/chunked_column.h"
#include "daemon/store/key_arena.h"
#include "daemon/store/string_dictionary.h"

namespace encore::store {

// Values that do not fit their 32-bit field are stored as kLarge and kept exactly in a list of
// (index, value) pairs sorted by index.
inline constexpr int32_t kLarge = INT32_MIN;
using LargeValues = std::vector<std::pair<uint32_t, int64_t>>;
// The exact value at `index` of a field stored as kLarge.
int64_t LargeValue(const LargeValues& values, uint32_t index);

// One line as a lane keeps it until Finish(). Its time is its run's (an order's lines usually
// share one); a line with another time has kOwnTime set and its time in LaneBuffer::line_time.
struct LaneLine {
  uint32_t product;  // lane-local id + 1 (0: none), | kOwnTime
  int32_t quantity_milli;
  int32_t amount_minor;
};
static_assert(sizeof(LaneLine) == 12);
inline constexpr uint32_t kOwnTime = 0x80000000u;
inline constexpr uint32_t kProductMask = 0x7FFFFFFFu;

// A maximal sequence of consecutive lines of one lane with the same customer and order id. A
// source usually emits the lines of an order together, so a run is usually a whole order and the
// per-order work of Finish() is per run, not per line. Runs of the same order are merged there.
struct Run {
  uint32_t key;  // the order id in the lane's KeyArena
  uint32_t key_size;
  int32_t time;       // earliest line time, seconds after the lane's epoch (or kLarge)
  uint32_t customer;  // lane-local customer id
  uint32_t manager;   // lane-local id of the first non-empty manager of the lines, or kNoId
  uint32_t line_count;
};
static_assert(sizeof(Run) == 24);

inline constexpr int kLineChunkShift = 19;  // 512 Ki lines: 6 MiB, three pool granules
inline constexpr int kRunChunkShift = 18;   // 256 Ki runs: 6 MiB, three pool granules

struct LaneBuffer {
  // Copies a batch that the caller has already validated.
  void Add(const encore_line_batch_v1& batch);

  // The time of run `index` (the earliest of its lines).
  int64_t RunTime(uint32_t index, const Run& run) const {
    return run.time != kLarge ? epoch + run.time : LargeValue(large_run_time, index);
  }
  // The time of line `index`, whose run's time is `run_time`.
  int64_t LineTime(uint32_t index, const LaneLine& line, int64_t run_time) const {
    return (line.product & kOwnTime) != 0 ? LargeValue(line_time, index) : run_time;
  }

  StringDictionary customers, products, managers;
  KeyArena order_keys;
  ChunkedColumn<LaneLine, kLineChunkShift> lines;
  ChunkedColumn<Run, kRunChunkShift> runs;
  int64_t epoch = 0;  // the first line's time: run times are stored relative to it
  LargeValues large_quantity, large_amount;  // by line
  LargeValues line_time;                     // lines with kOwnTime, by line
  LargeValues large_run_time;                // runs whose time is kLarge, by run
  std::vector<std::string> currencies;       // distinct non-empty batch currencies

 private:
  void AddBlock(const encore_line_batch_v1& batch, size_t first, size_t end);
  void StartRun(std::string_view order, int64_t time);
  void SetRunTime(int64_t time);
  void AddLineToRun(size_t line, int64_t time);

  // The previous line's customer and manager: consecutive lines of an order share them, so most
  // lines skip the dictionary lookups. Keys are views into the dictionaries' arenas.
  std::string_view last_customer_key_;
  uint32_t last_customer_ = kNoId;
  std::string_view last_manager_key_;
  uint32_t last_manager_ = kNoId;
  bool has_epoch_ = false;
  // The run the next line may extend (the last one), with its key and time at hand.
  Run* open_run_ = nullptr;
  std::string_view open_key_;
  int64_t open_time_ = 0;
  uint64_t customer_hash_[512];  // per line of the block being added (see Add)
};

}  // namespace encore::store
