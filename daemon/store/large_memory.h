// Memory for the store's big columns (hundreds of MB for ten million order lines).
//
// Two reasons not to use the general-purpose heap for them:
//   - the store frees its ingest buffers step by step while it builds the final columns, and
//     peak RSS is what limits the size of a run; glibc keeps freed blocks below its (adaptive,
//     up to 32 MiB) mmap threshold in its arenas, so the memory would stay resident. Blocks from
//     here are their own mappings and go back to the system the moment they are freed;
//   - blocks of 2 MiB and more are aligned and advised for transparent huge pages, which turns
//     512 page faults (each zeroing 4 KiB) into one; on a cold 600 MB store that is a visible
//     share of the load time.
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace encore::store {

// Uninitialised, at least 64-byte aligned. Small requests come from operator new.
void* AllocateLarge(size_t bytes);
void FreeLarge(void* block, size_t bytes) noexcept;

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

// A growable array of trivially copyable values backed by LargeAllocator.
template <class T>
using Column = std::vector<T, LargeAllocator<T>>;

// Returns a column's memory to the system now (clear() alone keeps the capacity).
template <class T>
void Release(Column<T>& column) {
  Column<T>().swap(column);
}

}  // namespace encore::store
