// Memory for the store's big columns (hundreds of MB for ten million order lines).
//
// Building a store allocates about twice what the store finally holds (the lanes' buffers, then
// the final columns), and on virtual machines a page touched for the first time costs a fault,
// a zeroing and often a hypervisor round trip: for a big run that was the largest single cost
// of Finish(). So blocks of kPoolGranule and more are not returned to the system when freed but
// kept in a process-wide pool, and the next big allocation is assembled from pooled pages moved
// into place with mremap (page table moves: no copy, no zeroing, no fault). TrimLargePool()
// returns what is left, so the pool never holds memory between runs.
//
// Blocks from here are uninitialised (pooled ones hold old bytes) and at least 64-byte aligned.
// Small requests come from operator new.
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace encore::store {

inline constexpr size_t kPoolGranule = size_t{2} << 20;

void* AllocateLarge(size_t bytes);
void FreeLarge(void* block, size_t bytes) noexcept;
// For tables read at random (hash indexes): 2 MiB-aligned and advised for transparent huge
// pages, so random lookups do not also miss the TLB. Never pooled.
void* AllocateRandomAccess(size_t bytes);
void FreeRandomAccess(void* block, size_t bytes) noexcept;
// Unmaps every pooled page.
void TrimLargePool() noexcept;
size_t LargePoolBytes() noexcept;

// std::vector allocator over AllocateLarge. construct() default-initialises, so resize() on a
// column that is about to be overwritten does not write every element twice.
template <class T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <class U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}  // NOLINT: rebinding
  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(AllocateLarge(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept { FreeLarge(p, n * sizeof(T)); }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      ::new (static_cast<void*>(p)) U;
    } else {
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
  }
  template <class U>
  bool operator==(const LargeAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
struct RandomAccessAllocator : LargeAllocator<T> {
  using value_type = T;
  RandomAccessAllocator() = default;
  template <class U>
  RandomAccessAllocator(const RandomAccessAllocator<U>&) noexcept {}  // NOLINT: rebinding
  template <class U>
  struct rebind {
    using other = RandomAccessAllocator<U>;
  };
  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(AllocateRandomAccess(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept { FreeRandomAccess(p, n * sizeof(T)); }
};

// A growable array of trivially copyable values backed by LargeAllocator.
template <class T>
using Column = std::vector<T, LargeAllocator<T>>;
template <class T>
using RandomAccessColumn = std::vector<T, RandomAccessAllocator<T>>;

// Gives a column's memory back now (clear() alone keeps the capacity).
template <class T, class Allocator>
void Release(std::vector<T, Allocator>& column) {
  std::vector<T, Allocator>().swap(column);
}

}  // namespace encore::store
