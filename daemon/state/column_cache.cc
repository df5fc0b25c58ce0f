#include "daemon/state/column_cache.h"

namespace encore {

std::shared_ptr<const columns::DecodedColumn> ColumnCache::Find(const std::string& run_id,
                                                                int position) {
  auto it = entries_.find(Key(run_id, position));
  if (it == entries_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.column;
}

void ColumnCache::Put(const std::string& run_id, int position,
                      std::shared_ptr<const columns::DecodedColumn> column) {
  const size_t bytes = column->MemoryBytes();
  if (bytes > budget_) return;
  Key key(run_id, position);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second.bytes;
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  while (bytes_ + bytes > budget_ && !lru_.empty()) {
    auto oldest = entries_.find(lru_.back());
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    lru_.pop_back();
  }
  lru_.push_front(key);
  entries_.emplace(std::move(key), Entry{std::move(column), bytes, lru_.begin()});
  bytes_ += bytes;
}

}  // namespace encore
