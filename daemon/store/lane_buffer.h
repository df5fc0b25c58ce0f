// What one lane of the store builder collects while a source emits: the lines, the runs of
// consecutive lines that share (customer_id, order_id), and lane-local dictionaries.
//
// Lanes are filled concurrently without any lock, so everything here is lane-local: ids are
// lane-local too and only become global in Finish() (store_assembly.h).
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/store/chunked_column.h"
#include "daemon/store/string_arena.h"
#include "daemon/store/string_dictionary.h"

namespace encore::store {

// One line as a lane keeps it until Finish(): 16 bytes instead of the 28 of the final columns,
// and in one record, so Finish() fetches all of a line's values with one cache miss. Values
// that do not fit 32 bits are kLarge here and kept exactly in the lane's `large_*` lists.
struct LaneLine {
  uint32_t product;  // lane-local id or kNoId
  int32_t quantity_milli;
  int32_t amount_minor;
  int32_t time;  // seconds after its run's time (the earliest of the run)
};
static_assert(sizeof(LaneLine) == 16);
inline constexpr int32_t kLarge = INT32_MIN;

inline constexpr int kLineChunkShift = 17;  // 128 Ki lines, 2 MiB: one transparent huge page
inline constexpr int kRunChunkShift = 16;   // 64 Ki runs, 2 MiB

// A maximal sequence of consecutive lines of one lane with the same customer and order id. A
// source usually emits the lines of an order together, so a run is usually a whole order and the
// per-order work of Finish() is per run, not per line. Runs of the same order are merged there.
struct Run {
  const char* key;  // order_id bytes in the lane's order-key arena
  int64_t time;     // earliest time among the run's lines
  uint32_t key_size;
  uint32_t customer;  // lane-local customer id
  uint32_t manager;   // lane-local id of the first non-empty manager of the lines, or kNoId
  uint32_t line_count;
};
static_assert(sizeof(Run) == 32, "runs are packed to 32 bytes");

// (lane line index, exact value) of the values stored as kLarge, in line order.
using LargeValues = std::vector<std::pair<uint32_t, int64_t>>;

struct LaneBuffer {
  // Copies a batch that the caller has already validated.
  void Add(const encore_line_batch_v1& batch);

  StringDictionary customers, products, managers;
  StringArena order_keys;
  ChunkedColumn<LaneLine, kLineChunkShift> lines;
  ChunkedColumn<Run, kRunChunkShift> runs;
  LargeValues large_quantity, large_amount, large_time;
  std::vector<std::string> currencies;  // distinct non-empty batch currencies

 private:
  void AddBlock(const encore_line_batch_v1& batch, size_t first, size_t end);
  void SetTime(size_t line, int64_t delta, int64_t time);

  // The previous line's customer and manager: consecutive lines of an order share them, so most
  // lines skip the dictionary lookups. Keys are views into the dictionaries' arenas.
  std::string_view last_customer_key_;
  uint32_t last_customer_ = kNoId;
  std::string_view last_manager_key_;
  uint32_t last_manager_ = kNoId;
  Run* open_run_ = nullptr;      // the run the next line may extend
  uint64_t customer_hash_[512];  // per line of the block being added (see Add)
};

// The exact value of a line's field stored as kLarge.
int64_t LargeValue(const LargeValues& values, uint32_t line);

}  // namespace encore::store
