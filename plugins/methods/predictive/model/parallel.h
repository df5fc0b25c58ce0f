// Splits a loop over [0, n) into contiguous chunks run on up to `threads` threads (the caller's
// thread runs the last chunk). Each chunk knows its index, so callers keep one accumulator per
// chunk and combine them in order: results do not depend on scheduling.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_PARALLEL_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

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
  const int chunks = ChunkCount(n, threads, min_items);
  if (chunks == 1) {
    body(0, size_t{0}, n);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(chunks - 1);
  for (int c = 0; c < chunks - 1; ++c) {
    workers.emplace_back([&body, c, n, chunks] { body(c, n * c / chunks, n * (c + 1) / chunks); });
  }
  body(chunks - 1, n * (chunks - 1) / chunks, n);
  for (std::thread& w : workers) w.join();
}

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_PARALLEL_H_
