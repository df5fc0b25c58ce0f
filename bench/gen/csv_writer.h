// Writes an OrderHistory in the canonical order-lines CSV layout (shared/data/README.md):
//   order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id
#pragma once

#include <cstdint>
#include <cstdio>

#include "bench/gen/order_generator.h"

namespace encore::bench {

struct CsvWriteResult {
  uint64_t lines = 0;
  uint64_t orders = 0;
  uint64_t bytes = 0;
};

// Writes whole orders until `max_lines` lines (0 = no limit). Formats on `threads` threads;
// returns false when writing fails.
bool WriteCsv(const OrderHistory& history, uint64_t max_lines, int threads, std::FILE* out,
              CsvWriteResult* result);

}  // namespace encore::bench
