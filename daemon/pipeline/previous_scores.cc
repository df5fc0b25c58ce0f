#include "daemon/pipeline/previous_scores.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <cstdint>
#include <string>

#include "daemon/pipeline/string_views.h"
#include "encore/sdk/parallel.hpp"

namespace encore::pipeline {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

template <class T>
std::vector<T> Realign(const std::vector<T>& values, const std::vector<uint32_t>& row_of) {
  std::vector<T> out(row_of.size());
  for (size_t c = 0; c < row_of.size(); ++c) {
    if (row_of[c] != kNone) out[c] = values[row_of[c]];
  }
  return out;
}

}  // namespace

bool PreviousScores::MapInOrder(const std::vector<std::string>& previous_ids) {
  size_t next = 0;
  for (size_t c = 0; c < dataset_.customer_count && next < previous_ids.size(); ++c) {
    const encore_str key = dataset_.customer_key[c];
    if (std::string_view(key.data, key.size) == previous_ids[next]) {
      row_of_customer_[c] = static_cast<uint32_t>(next++);
    }
  }
  return next == previous_ids.size();
}

void PreviousScores::MapByHash(const std::vector<std::string>& previous_ids) {
  // The map of a million ids is most of this stage's time. So: each id's 64-bit hash once, in
  // parallel; the map keyed by that hash, so that probing compares integers instead of
  // following a pointer to a string per probe (the id is compared once, on a hit); two shards
  // by the hash's top bit, built and read on two threads. An id whose hash another id already
  // has (about one pair in 10^8 for a million ids) is kept aside and compared one by one.
  constexpr int kShards = 2;
  auto shard_of = [](uint64_t hash) { return static_cast<size_t>(hash >> 63); };
  std::vector<uint64_t> hashes(previous_ids.size());
  sdk::ForEachRange(hashes.size(), kShards, [&](int, size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r)
      hashes[r] = absl::HashOf(std::string_view(previous_ids[r]));
  });
  std::vector<absl::flat_hash_map<uint64_t, uint32_t>> shards(kShards);
  std::vector<std::vector<uint32_t>> collided(kShards);
  sdk::ForEachPart(kShards, [&](int part) {
    auto& shard = shards[static_cast<size_t>(part)];
    shard.reserve(hashes.size() / kShards + hashes.size() / 16);
    for (size_t r = 0; r < hashes.size(); ++r) {
      if (shard_of(hashes[r]) != static_cast<size_t>(part)) continue;
      if (!shard.emplace(hashes[r], static_cast<uint32_t>(r)).second) {
        collided[static_cast<size_t>(part)].push_back(static_cast<uint32_t>(r));
      }
    }
  });
  sdk::ForEachRange(dataset_.customer_count, kShards, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      const std::string_view id(dataset_.customer_key[c].data, dataset_.customer_key[c].size);
      const uint64_t hash = absl::HashOf(id);
      const size_t shard = shard_of(hash);
      if (auto it = shards[shard].find(hash);
          it != shards[shard].end() && previous_ids[it->second] == id) {
        row_of_customer_[c] = it->second;
        continue;
      }
      for (uint32_t r : collided[shard]) {
        if (previous_ids[r] == id) row_of_customer_[c] = r;
      }
    }
  });
}

void PreviousScores::MapCustomers(const std::vector<std::string>& previous_ids) {
  mapped_ = true;
  row_of_customer_.assign(dataset_.customer_count, kNone);
  if (MapInOrder(previous_ids)) return;
  row_of_customer_.assign(dataset_.customer_count, kNone);
  MapByHash(previous_ids);
}

const ScoreColumn* PreviousScores::Source(std::string_view name) {
  if (previous_ != nullptr) {
    if (!mapped_) MapCustomers(previous_->customer_ids);
    return previous_->find(std::string(name));
  }
  if (!loader_) return nullptr;
  for (const ScoreColumn& column : loaded_) {
    if (column.name == name) return &column;
  }
  // A score the previous run lacks (NotFound) or cannot give is simply absent: the method
  // then treats every customer as new, which is what a first run does too.
  Result<ResultsTable> loaded = loader_(std::string(name));
  if (!loaded.ok() || loaded->columns.empty()) return nullptr;
  if (!mapped_) MapCustomers(loaded->customer_ids);
  loaded_.push_back(std::move(loaded->columns.front()));
  return &loaded_.back();
}

const encore_column_v1* PreviousScores::Find(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const Entry& entry : entries_) {
    if (entry.column.name == name) return &entry.abi;
  }
  const ScoreColumn* source = Source(name);
  if (source == nullptr) return nullptr;

  Entry& entry = entries_.emplace_back();
  ScoreColumn& out = entry.column;
  out.name = source->name;
  out.type = source->type;
  out.null_mask.assign(row_of_customer_.size(), 1);
  for (size_t c = 0; c < row_of_customer_.size(); ++c) {
    const uint32_t row = row_of_customer_[c];
    if (row != kNone && !source->is_null(row)) out.null_mask[c] = 0;
  }
  const void* values = nullptr;
  switch (out.type) {
    case ENCORE_VALUE_I64:
      out.i64 = Realign(source->i64, row_of_customer_);
      values = out.i64.data();
      break;
    case ENCORE_VALUE_F64:
      out.f64 = Realign(source->f64, row_of_customer_);
      values = out.f64.data();
      break;
    case ENCORE_VALUE_STR: {
      // Views of the previous run's distinct values: no string is copied.
      const std::vector<encore_str> value_views = ValueViews(source->str);
      const std::vector<uint32_t>& codes = source->str.codes();
      entry.str_views.assign(row_of_customer_.size(), encore_str{"", 0});
      for (size_t c = 0; c < row_of_customer_.size(); ++c) {
        const uint32_t row = row_of_customer_[c];
        if (row != kNone) entry.str_views[c] = value_views[codes[row]];
      }
      values = entry.str_views.data();
      break;
    }
  }
  entry.abi =
      encore_column_v1{{out.name.data(), out.name.size()}, out.type, values, out.null_mask.data()};
  return &entry.abi;
}

}  // namespace encore::pipeline
