#include "daemon/store/large_memory.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

namespace encore::store {
namespace {

constexpr size_t kMapThreshold = size_t{1} << 20;  // below: ordinary heap
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kPage = 4096;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

// Blocks under one huge page are mapped to the page; bigger ones to whole huge pages.
size_t MappedSize(size_t bytes) { return RoundUp(bytes, bytes < kHugePage ? kPage : kHugePage); }

}  // namespace

void* AllocateLarge(size_t bytes) {
  if (bytes < kMapThreshold) {
    return ::operator new (bytes == 0 ? 1 : bytes, std::align_val_t{64});
  }
  const size_t size = MappedSize(bytes);
  if (size < kHugePage) {
    void* block = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) throw std::bad_alloc();
    return block;
  }
  // Map one huge page more than needed and trim both ends so the block starts on a 2 MiB
  // boundary: only aligned 2 MiB ranges can become huge pages.
  const size_t mapped = size + kHugePage;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t begin = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = RoundUp(begin, kHugePage);
  if (aligned > begin) munmap(raw, aligned - begin);
  const uintptr_t tail = aligned + size;
  const uintptr_t end = begin + mapped;
  if (end > tail) munmap(reinterpret_cast<void*>(tail), end - tail);
  void* block = reinterpret_cast<void*>(aligned);
  madvise(block, size, MADV_HUGEPAGE);  // advice only: a refusal costs speed, not correctness
  return block;
}

void FreeLarge(void* block, size_t bytes) noexcept {
  if (block == nullptr) return;
  if (bytes < kMapThreshold) {
    ::operator delete (block, std::align_val_t{64});
    return;
  }
  munmap(block, MappedSize(bytes));
}

}  // namespace encore::store
