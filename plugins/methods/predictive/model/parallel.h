// Splits a loop over [0, n) into contiguous chunks run on up to `threads` threads (through the
// SDK's exception-safe ForEachRange). Each chunk knows its index, so callers keep one accumulator
// per chunk and combine them in order: results do not depend on scheduling.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_PARALLEL_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_PARALLEL_H_

#include <encore/sdk/parallel.hpp>

#include <algorithm>
#include <cstddef>

namespace encore::plugins::predictive {

// Below this many items a second thread costs more than it saves.
inline constexpr size_t kMinItemsPerThread = 20000;

// `min_items`: the fewest items worth a thread of their own (lower for expensive items).
inline int ChunkCount(size_t n, int threads, size_t min_items = kMinItemsPerThread) {
  const size_t useful = std::max<size_t>(1, n / std::max<size_t>(min_items, 1));
  return static_cast<int>(std::max<size_t>(1, std::min<size_t>(std::max(threads, 1), useful)));
}

// body(chunk, begin, end) for chunk = 0 .. ChunkCount(n, threads, min_items) - 1.
template <class Body>
void ParallelChunks(size_t n, int threads, Body&& body, size_t min_items = kMinItemsPerThread) {
  sdk::ForEachRange(n, ChunkCount(n, threads, min_items), body);
}

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_PARALLEL_H_
