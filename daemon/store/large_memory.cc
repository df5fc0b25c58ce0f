#include "daemon/store/large_memory.h"

#include <sys/mman.h>

#include <cstdint>
#include <mutex>

namespace encore::store {
namespace {

constexpr size_t kMapThreshold = size_t{1} << 20;  // below: ordinary heap
constexpr size_t kPage = 4096;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

// Blocks of a granule or more are whole granules, so every block (and every part of one that
// was moved in from the pool) splits into granules that each lie inside one mapping, which is
// what mremap needs.
size_t MappedSize(size_t bytes) {
  return bytes < kPoolGranule ? RoundUp(bytes, kPage) : RoundUp(bytes, kPoolGranule);
}

void* Map(size_t size) {
  void* block = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED) throw std::bad_alloc();
  return block;
}

class Pool {
 public:
  // Moves up to `size` bytes of pooled granules to [at, at + size).
  void FillFrom(char* at, size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t offset = 0; offset < size && !granules_.empty(); offset += kPoolGranule) {
      void* granule = granules_.back();
      granules_.pop_back();
      void* moved =
          mremap(granule, kPoolGranule, kPoolGranule, MREMAP_MAYMOVE | MREMAP_FIXED, at + offset);
      if (moved == MAP_FAILED) {
        munmap(granule, kPoolGranule);  // the fresh page at `at + offset` stays in place
      }
    }
  }
  void Add(char* block, size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t offset = 0; offset < size; offset += kPoolGranule) {
      granules_.push_back(block + offset);
    }
  }
  void Trim() {
    std::vector<void*> granules;
    {
      std::lock_guard<std::mutex> lock(mu_);
      granules.swap(granules_);
    }
    for (void* granule : granules) munmap(granule, kPoolGranule);
  }
  size_t bytes() {
    std::lock_guard<std::mutex> lock(mu_);
    return granules_.size() * kPoolGranule;
  }

 private:
  std::mutex mu_;
  std::vector<void*> granules_;
};

Pool& ThePool() {
  static Pool* pool = new Pool();  // never destroyed: blocks may be freed during exit
  return *pool;
}

}  // namespace

void* AllocateLarge(size_t bytes) {
  if (bytes < kMapThreshold) {
    return ::operator new (bytes == 0 ? 1 : bytes, std::align_val_t{64});
  }
  const size_t size = MappedSize(bytes);
  char* block = static_cast<char*>(Map(size));
  if (size >= kPoolGranule) ThePool().FillFrom(block, size);
  return block;
}

void FreeLarge(void* block, size_t bytes) noexcept {
  if (block == nullptr) return;
  if (bytes < kMapThreshold) {
    ::operator delete (block, std::align_val_t{64});
    return;
  }
  const size_t size = MappedSize(bytes);
  if (size < kPoolGranule) {
    munmap(block, size);
    return;
  }
  try {
    ThePool().Add(static_cast<char*>(block), size);
  } catch (const std::bad_alloc&) {
    munmap(block, size);
  }
}

void* AllocateRandomAccess(size_t bytes) {
  if (bytes < kPoolGranule) return AllocateLarge(bytes);
  const size_t size = RoundUp(bytes, kPoolGranule);
  // One granule more, trimmed at both ends, so the block starts on a huge page boundary.
  char* raw = static_cast<char*>(Map(size + kPoolGranule));
  char* block = reinterpret_cast<char*>(RoundUp(reinterpret_cast<uintptr_t>(raw), kPoolGranule));
  if (block > raw) munmap(raw, block - raw);
  const size_t tail = (raw + size + kPoolGranule) - (block + size);
  if (tail > 0) munmap(block + size, tail);
  madvise(block, size, MADV_HUGEPAGE);  // advice: a refusal costs speed, not correctness
  return block;
}

void FreeRandomAccess(void* block, size_t bytes) noexcept {
  if (bytes < kPoolGranule) return FreeLarge(block, bytes);
  if (block != nullptr) munmap(block, RoundUp(bytes, kPoolGranule));
}

void TrimLargePool() noexcept { ThePool().Trim(); }

size_t LargePoolBytes() noexcept { return ThePool().bytes(); }

}  // namespace encore::store
