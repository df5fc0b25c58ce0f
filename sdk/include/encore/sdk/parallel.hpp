// Splitting plugin work over threads without risking the daemon: an exception escaping a
// std::thread terminates the whole process, so every part runs under a catch and the first
// failure is rethrown in the calling thread once all parts have finished. There the plugin
// boundary turns it into a status like any other error. Header-only, C++17.
#ifndef ENCORE_SDK_PARALLEL_HPP_
#define ENCORE_SDK_PARALLEL_HPP_

#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace encore::sdk {

// Runs body(part) for part = 0 .. parts - 1: part 0 on the calling thread, each other part on a
// thread of its own. Returns when all are done; rethrows the lowest-numbered part's exception.
template <class Body>
void ForEachPart(int parts, Body&& body) {
  if (parts <= 1) {
    if (parts == 1) body(0);
    return;
  }
  std::vector<std::exception_ptr> errors(static_cast<size_t>(parts));
  auto guarded = [&body, &errors](int part) {
    try {
      body(part);
    } catch (...) {
      errors[static_cast<size_t>(part)] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(parts - 1));
  try {
    for (int part = 1; part < parts; ++part) threads.emplace_back(guarded, part);
  } catch (...) {  // no thread could be started: run the rest here
    for (int part = static_cast<int>(threads.size()) + 1; part < parts; ++part) guarded(part);
  }
  guarded(0);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Splits [0, n) into `parts` contiguous ranges and runs body(part, begin, end) on each as
// ForEachPart does. Part p covers [n * p / parts, n * (p + 1) / parts), so callers can keep one
// accumulator per part and combine them in order: results never depend on scheduling.
template <class Body>
void ForEachRange(size_t n, int parts, Body&& body) {
  if (parts < 1) parts = 1;
  const size_t count = static_cast<size_t>(parts);
  ForEachPart(parts, [&body, n, count](int part) {
    const size_t p = static_cast<size_t>(part);
    body(part, n * p / count, n * (p + 1) / count);
  });
}

}  // namespace encore::sdk

#endif  // ENCORE_SDK_PARALLEL_HPP_
