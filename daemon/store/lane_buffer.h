// What one lane of the store builder collects while a source emits: the line columns, the runs
// of consecutive lines that share (customer_id, order_id), and lane-local dictionaries.
//
// Lanes are filled concurrently without any lock, so everything here is lane-local: ids are
// lane-local too and only become global in Finish() (store_assembly.h).
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/chunked_column.h"
#include "daemon/store/string_arena.h"
#include "daemon/store/string_dictionary.h"

namespace encore::store {

// 256 Ki lines per chunk: 2 MiB for the int64 columns, one transparent huge page.
inline constexpr int kLineChunkShift = 18;
inline constexpr int kRunChunkShift = 16;  // 64 Ki runs, 2 MiB

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

struct LaneBuffer {
  // Copies a batch that the caller has already validated.
  void Add(const encore_line_batch_v1& batch);

  StringDictionary customers, products, managers;
  StringArena order_keys;
  ChunkedColumn<uint32_t, kLineChunkShift> line_product;  // lane-local id or kNoId
  ChunkedColumn<int64_t, kLineChunkShift> line_quantity, line_amount, line_time;
  ChunkedColumn<Run, kRunChunkShift> runs;
  std::vector<std::string> currencies;  // distinct non-empty batch currencies

 private:
  // The previous line's customer and manager: consecutive lines of an order share them, so most
  // lines skip the dictionary lookups. Keys are views into the dictionaries' arenas.
  std::string_view last_customer_key_;
  uint32_t last_customer_ = kNoId;
  std::string_view last_manager_key_;
  uint32_t last_manager_ = kNoId;
  Run* open_run_ = nullptr;  // the run the next line may extend
};

}  // namespace encore::store
