// Fork-join over a few threads for the store's bulk steps. Each step splits its work into parts
// of roughly equal size up front, so a plain thread per part is all that is needed.
#pragma once

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace encore::store {

// Threads worth using for a bulk step: the machine's cores (at least 1, at most 16).
inline int BulkThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(static_cast<int>(cores), 1, 16);
}

// Calls fn(0) .. fn(parts - 1) concurrently (part 0 on the calling thread) and waits for all.
// An exception from any part is rethrown here after every part has finished.
template <class Fn>
void ParallelFor(int parts, Fn&& fn) {
  if (parts <= 1) {
    fn(0);
    return;
  }
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto guarded = [&](int part) {
    try {
      fn(part);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mu);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(parts - 1);
  for (int part = 1; part < parts; ++part) threads.emplace_back(guarded, part);
  guarded(0);
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace encore::store
