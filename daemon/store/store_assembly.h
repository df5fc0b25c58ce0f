// Finish() of the store builder: turns the lanes into the columns of an OrderStore.
//
//   1. give the lanes' ids global ids in lane order (lane 0's ids stay as they are), by parallel
//      lookups in the earlier lanes' dictionaries;
//   2. bucket the runs by customer (a counting sort: one histogram and one scatter pass, both
//      split over the bulk threads), freeing the lanes' runs chunk by chunk;
//   3. per customer, merge runs of the same order id into one order and sort the orders by
//      (time, order id); this fixes every order's place and the place of its lines;
//   4. copy the lines into that order, all four columns in one pass (one cache miss per order),
//      then free the lanes' lines.
// Every step is split over the bulk threads; memory freed by one step is reused by the next
// through the page pool (large_memory.h).
#pragma once

#include <vector>

#include "daemon/store/lane_buffer.h"
#include "daemon/store/order_store_impl.h"

namespace encore::store {

// Consumes `lanes` (their memory is released) and fills `out`. Uses `threads` threads.
// Throws std::bad_alloc when memory runs out.
void AssembleStore(const std::vector<LaneBuffer*>& lanes, int threads, OrderStore::Impl& out);

}  // namespace encore::store
