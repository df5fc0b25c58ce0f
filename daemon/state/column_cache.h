// Decoded columns of recently read runs, bounded by their memory. Lists ordered by a score,
// filtered lists and migration matrices read whole columns; paging through a run of a million
// customers would otherwise decode the same columns for every page. Not thread-safe: the
// StateStore calls it under its lock. Committed runs never change, so entries never go stale.
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "daemon/state/column_codec.h"

namespace encore {

class ColumnCache {
 public:
  explicit ColumnCache(size_t budget_bytes) : budget_(budget_bytes) {}

  // The column, or null; a hit makes it the most recently used.
  std::shared_ptr<const columns::DecodedColumn> Find(const std::string& run_id, int position);
  // Keeps the column, evicting the least recently used ones beyond the budget. A column larger
  // than the whole budget is not kept.
  void Put(const std::string& run_id, int position,
           std::shared_ptr<const columns::DecodedColumn> column);
  size_t bytes() const { return bytes_; }

 private:
  using Key = std::pair<std::string, int>;
  struct Entry {
    std::shared_ptr<const columns::DecodedColumn> column;
    size_t bytes = 0;
    std::list<Key>::iterator lru;
  };
  size_t budget_;
  size_t bytes_ = 0;
  std::list<Key> lru_;  // most recent first
  std::map<Key, Entry> entries_;
};

}  // namespace encore
