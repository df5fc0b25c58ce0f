#include "daemon/store/store_assembly.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <string_view>

#include "daemon/store/parallel.h"

namespace encore::store {
namespace {

using Clock = std::chrono::steady_clock;
constexpr uint32_t kSeveralRuns = UINT32_MAX;  // order_source: the order has more than one run

// Lane-local id -> global id, per lane. Lane 0's map is empty: its ids are the global ones.
using IdMap = std::vector<uint32_t>;

uint32_t Remap(const IdMap& map, uint32_t id) { return map.empty() || id == kNoId ? id : map[id]; }

// A run in its customer's bucket, carrying inline what the per-customer step needs, so that
// step reads the buckets front to back and, for order ids of up to 8 bytes, never follows a
// pointer into the key arenas (those reads would be cache misses all over the heap).
struct CustomerRun {
  uint64_t key_prefix;  // the first 8 bytes of the order id, big-endian, zero-padded
  const char* key;
  int64_t time;
  uint32_t key_size;
  uint32_t manager;     // global id or kNoId
  uint32_t line_begin;  // in the lanes' line space
  uint32_t line_count;
};

uint64_t KeyPrefix(const char* key, uint32_t size) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, key, std::min<uint32_t>(size, 8));
  uint64_t value;
  std::memcpy(&value, bytes, 8);
  if constexpr (std::endian::native == std::endian::little) value = __builtin_bswap64(value);
  return value;  // compares as the bytes do
}

// Byte-wise order of the order ids, as std::string_view::compare.
int CompareKeys(const CustomerRun& a, const CustomerRun& b) {
  if (a.key_prefix != b.key_prefix) return a.key_prefix < b.key_prefix ? -1 : 1;
  if (a.key_size <= 8 && b.key_size <= 8) {
    return a.key_size == b.key_size ? 0 : (a.key_size < b.key_size ? -1 : 1);
  }
  return std::string_view(a.key, a.key_size).compare(std::string_view(b.key, b.key_size));
}

// The lanes' lines as one index space. Lane k's lines start at base[k], rounded up to a whole
// chunk, so a line index picks its chunk in one flat table (index >> kLineChunkShift).
struct LineSpace {
  explicit LineSpace(const std::vector<LaneBuffer*>& lanes) {
    size_t next = 0;
    for (const LaneBuffer* lane : lanes) {
      base.push_back(static_cast<uint32_t>(next));
      next += lane->lines.chunk_count() << kLineChunkShift;
    }
    chunk_total = next >> kLineChunkShift;
  }
  std::vector<const LaneLine*> Chunks(const std::vector<LaneBuffer*>& lanes) const {
    std::vector<const LaneLine*> table(chunk_total, nullptr);
    for (size_t k = 0; k < lanes.size(); ++k) {
      for (size_t c = 0; c < lanes[k]->lines.chunk_count(); ++c) {
        table[(base[k] >> kLineChunkShift) + c] = lanes[k]->lines.chunk(c);
      }
    }
    return table;
  }
  size_t LaneOf(uint32_t line) const {
    size_t lane = 0;
    while (lane + 1 < base.size() && line >= base[lane + 1]) ++lane;
    return lane;
  }
  std::vector<uint32_t> base;
  size_t chunk_total = 0;
};

// [begin, end) of `count` items for part p of `parts`.
size_t SplitPoint(size_t count, int p, int parts) { return count * p / parts; }

// Gives every key of the lanes' dictionaries a global id, in lane order of first appearance,
// and returns the per-lane id maps. No global index is built: a key of lane k is looked up in
// the (read-only) dictionaries of lanes 0..k-1, on all threads at once; the keys found nowhere
// then get the next ids in lane k's order. The lanes' dictionaries are emptied; their key bytes
// move to `out`.
std::vector<IdMap> MergeDictionaries(const std::vector<LaneBuffer*>& lanes,
                                     StringDictionary LaneBuffer::*member, int threads,
                                     KeyList& out) {
  std::vector<IdMap> maps(lanes.size());
  out.key_views = (lanes[0]->*member).keys();
  for (size_t k = 1; k < lanes.size(); ++k) {
    const StringDictionary& local = lanes[k]->*member;
    IdMap& map = maps[k];
    map.resize(local.size());
    const int parts = local.size() < 65536 ? 1 : threads;
    ParallelFor(parts, [&](int p) {
      const uint32_t begin = static_cast<uint32_t>(SplitPoint(local.size(), p, parts));
      const uint32_t end = static_cast<uint32_t>(SplitPoint(local.size(), p + 1, parts));
      // Hash ahead and prefetch, so the cache misses in the other lanes' indexes overlap.
      constexpr uint32_t kAhead = 8;
      uint64_t hashes[kAhead];
      for (uint32_t id = begin; id < std::min(end, begin + kAhead); ++id) {
        hashes[id % kAhead] = StringDictionary::Hash(local.key(id));
        (lanes[0]->*member).Prefetch(hashes[id % kAhead]);
      }
      for (uint32_t id = begin; id < end; ++id) {
        const uint64_t hash = hashes[id % kAhead];
        if (id + kAhead < end) {
          hashes[id % kAhead] = StringDictionary::Hash(local.key(id + kAhead));
          (lanes[0]->*member).Prefetch(hashes[id % kAhead]);
        }
        uint32_t global = kNoId;
        for (size_t j = 0; j < k && global == kNoId; ++j) {
          const uint32_t found = (lanes[j]->*member).Find(local.key(id), hash);
          if (found != kNoId) global = Remap(maps[j], found);
        }
        map[id] = global;
      }
    });
    for (uint32_t id = 0; id < map.size(); ++id) {
      if (map[id] != kNoId) continue;
      map[id] = static_cast<uint32_t>(out.key_views.size());
      out.key_views.push_back(local.keys()[id]);
    }
  }
  for (LaneBuffer* lane : lanes) {
    std::vector<encore_str> keys;
    StringArena bytes;
    (lane->*member).TakeKeys(keys, bytes);
    out.bytes.push_back(std::move(bytes));
  }
  out.key_views.shrink_to_fit();
  return maps;
}

class Assembler {
 public:
  Assembler(const std::vector<LaneBuffer*>& lanes, int threads, OrderStore::Impl& out)
      : lanes_(lanes), threads_(std::max(1, threads)), out_(out), space_(lanes) {}

  void Run() {
    StoreBuildTimings& t = out_.timings;
    const auto start = Clock::now();
    auto lap = [last = start]() mutable {
      const auto now = Clock::now();
      const double seconds = std::chrono::duration<double>(now - last).count();
      last = now;
      return seconds;
    };
    MergeAllDictionaries();
    t.dictionaries = lap();
    BucketRunsByCustomer();
    t.buckets = lap();
    CountOrders();
    PlaceOrders();
    t.orders = lap();
    GatherLines();
    for (LaneBuffer* lane : lanes_) out_.order_key_bytes.push_back(std::move(lane->order_keys));
    t.lines = lap();
    t.total = std::chrono::duration<double>(Clock::now() - start).count();
  }

 private:
  struct RunChunk {
    size_t lane, chunk, first_run, runs;
    uint32_t line_begin;  // in the line space
  };
  struct SeveralRunsRange {  // one run of an order made of several runs
    uint32_t order, line_begin, line_count;
    int64_t time;  // the run's time, which its lines without a time of their own take
  };

  void MergeAllDictionaries() {
    customer_maps_ = MergeDictionaries(lanes_, &LaneBuffer::customers, threads_, out_.customers);
    product_maps_ = MergeDictionaries(lanes_, &LaneBuffer::products, threads_, out_.products);
    manager_maps_ = MergeDictionaries(lanes_, &LaneBuffer::managers, threads_, out_.managers);
  }

  void BucketRunsByCustomer() {
    // The runs of all lanes in order, as chunks, split into parts of about equal size.
    std::vector<RunChunk> chunks;
    size_t total_runs = 0;
    for (size_t k = 0; k < lanes_.size(); ++k) {
      const auto& runs = lanes_[k]->runs;
      for (size_t c = 0; c < runs.chunk_count(); ++c) {
        const size_t first = c << kRunChunkShift;
        chunks.push_back({k, c, first, std::min(runs.kChunkSize, runs.size() - first), 0});
        total_runs += chunks.back().runs;
      }
    }
    const int parts = std::max(1, std::min<int>(threads_, static_cast<int>(chunks.size())));
    std::vector<size_t> part_begin(parts + 1, chunks.size());
    {
      size_t seen = 0;
      int p = 0;
      for (size_t i = 0; i < chunks.size(); ++i) {
        while (p < parts && seen >= SplitPoint(total_runs, p, parts)) part_begin[p++] = i;
        seen += chunks[i].runs;
      }
      for (; p < parts; ++p) part_begin[p] = chunks.size();
    }

    // Pass 1: runs per customer for each part, and the lines of each chunk. Customer ids become
    // global in the runs themselves, so the scatter below does not look them up again.
    const size_t customers = out_.customers.size();
    std::vector<std::vector<uint32_t>> offsets(parts);
    std::vector<uint32_t> chunk_lines(chunks.size(), 0);
    ParallelFor(parts, [&](int p) {
      std::vector<uint32_t>& histogram = offsets[p];
      histogram.assign(customers, 0);
      for (size_t i = part_begin[p]; i < part_begin[p + 1]; ++i) {
        const RunChunk& chunk = chunks[i];
        store::Run* runs = lanes_[chunk.lane]->runs.chunk(chunk.chunk);
        const IdMap& map = customer_maps_[chunk.lane];
        uint32_t lines = 0;
        for (size_t r = 0; r < chunk.runs; ++r) {
          const uint32_t customer = Remap(map, runs[r].customer);
          runs[r].customer = customer;
          ++histogram[customer];
          lines += runs[r].line_count;
        }
        chunk_lines[i] = lines;
      }
    });
    for (size_t i = 0, lane = SIZE_MAX, next = 0; i < chunks.size(); ++i) {
      if (chunks[i].lane != lane) {
        lane = chunks[i].lane;
        next = space_.base[lane];
      }
      chunks[i].line_begin = static_cast<uint32_t>(next);
      next += chunk_lines[i];
    }

    // Bucket starts; each part's histogram becomes that part's write cursor per customer, after
    // the earlier parts' runs of the same customer (so lane order is kept inside a bucket).
    out_.customer_order_begin.resize(customers + 1);  // reused below for the order starts
    run_begin_.resize(customers + 1);
    uint32_t next = 0;
    for (size_t c = 0; c < customers; ++c) {
      run_begin_[c] = next;
      for (int p = 0; p < parts; ++p) {
        const uint32_t count = offsets[p][c];
        offsets[p][c] = next;
        next += count;
      }
    }
    run_begin_[customers] = next;

    // Pass 2: scatter, freeing each lane chunk once read.
    runs_.resize(total_runs);
    ParallelFor(parts, [&](int p) {
      std::vector<uint32_t>& cursor = offsets[p];
      for (size_t i = part_begin[p]; i < part_begin[p + 1]; ++i) {
        const RunChunk& chunk = chunks[i];
        LaneBuffer& lane = *lanes_[chunk.lane];
        const store::Run* runs = lane.runs.chunk(chunk.chunk);
        const IdMap& manager_map = manager_maps_[chunk.lane];
        uint32_t line = chunk.line_begin;
        // Two-stage prefetch: the cursor of a run kCursorAhead runs on, then the bucket slot of
        // the run kSlotAhead on (through a cursor already in the cache).
        constexpr size_t kCursorAhead = 16, kSlotAhead = 8;
        for (size_t r = 0; r < chunk.runs; ++r) {
          if (r + kCursorAhead < chunk.runs) {
            __builtin_prefetch(&cursor[runs[r + kCursorAhead].customer]);
          }
          if (r + kSlotAhead < chunk.runs) {
            __builtin_prefetch(&runs_[cursor[runs[r + kSlotAhead].customer]], 1);
          }
          const store::Run& run = runs[r];
          CustomerRun& out = runs_[cursor[run.customer]++];
          const char* key = lane.order_keys.At(run.key);
          out.key_prefix = KeyPrefix(key, run.key_size);
          out.key = key;
          out.time = lane.RunTime(static_cast<uint32_t>(chunk.first_run + r), run);
          out.key_size = run.key_size;
          out.manager = Remap(manager_map, run.manager);
          out.line_begin = line;
          out.line_count = run.line_count;
          line += run.line_count;
        }
        lane.runs.ReleaseChunk(chunk.chunk);
      }
      std::vector<uint32_t>().swap(cursor);
    });
    for (LaneBuffer* lane : lanes_) lane->runs.ReleaseAll();
    customer_maps_.clear();
    manager_maps_.clear();

    // Customer ranges for the per-customer steps, balanced by runs.
    customer_split_.assign(threads_ + 1, customers);
    for (int p = 0; p < threads_; ++p) {
      const uint32_t target = static_cast<uint32_t>(SplitPoint(total_runs, p, threads_));
      customer_split_[p] =
          std::lower_bound(run_begin_.begin(), run_begin_.end() - 1, target) - run_begin_.begin();
    }
    customer_split_[0] = 0;
  }

  // Per customer: sorts its runs by (order id, line) so runs of one order sit together, and
  // counts its orders and lines.
  void CountOrders() {
    const size_t customers = out_.customers.size();
    line_begin_.resize(customers + 1);
    ParallelFor(threads_, [&](int p) {
      for (size_t c = customer_split_[p]; c < customer_split_[p + 1]; ++c) {
        CustomerRun* first = runs_.data() + run_begin_[c];
        CustomerRun* last = runs_.data() + run_begin_[c + 1];
        uint32_t lines = 0;
        for (const CustomerRun* r = first; r != last; ++r) lines += r->line_count;
        uint32_t orders = first == last ? 0 : 1;
        if (last - first > 1) {
          std::sort(first, last, [](const CustomerRun& a, const CustomerRun& b) {
            const int order = CompareKeys(a, b);
            return order != 0 ? order < 0 : a.line_begin < b.line_begin;
          });
          for (const CustomerRun* r = first + 1; r != last; ++r)
            orders += CompareKeys(r[-1], *r) != 0;
        }
        out_.customer_order_begin[c] = orders;
        line_begin_[c] = lines;
      }
    });
    uint32_t orders = 0, lines = 0;
    for (size_t c = 0; c < customers; ++c) {
      const uint32_t customer_orders = out_.customer_order_begin[c];
      const uint32_t customer_lines = line_begin_[c];
      out_.customer_order_begin[c] = orders;
      line_begin_[c] = lines;
      orders += customer_orders;
      lines += customer_lines;
    }
    out_.customer_order_begin[customers] = orders;
    line_begin_[customers] = lines;
  }

  // Per customer: one order per distinct order id, sorted by (time, order id); writes the order
  // columns and where each order's lines come from.
  void PlaceOrders() {
    const size_t customers = out_.customers.size();
    const size_t orders = out_.customer_order_begin[customers];
    out_.order_key.resize(orders);
    out_.order_customer.resize(orders);
    out_.order_time.resize(orders);
    out_.order_manager.resize(orders);
    out_.order_line_begin.resize(orders + 1);
    order_source_.resize(orders);
    several_runs_.assign(threads_, {});
    std::vector<int64_t> first_time(threads_, INT64_MAX), last_time(threads_, INT64_MIN);

    struct Group {
      const CustomerRun* first;
      uint32_t runs, lines, manager;
      int64_t time;
    };
    ParallelFor(threads_, [&](int p) {
      std::vector<Group> groups;
      std::vector<SeveralRunsRange>& several = several_runs_[p];
      int64_t min_time = INT64_MAX, max_time = INT64_MIN;
      for (size_t c = customer_split_[p]; c < customer_split_[p + 1]; ++c) {
        const CustomerRun* first = runs_.data() + run_begin_[c];
        const CustomerRun* last = runs_.data() + run_begin_[c + 1];
        groups.clear();
        for (const CustomerRun* r = first; r != last; ++r) {
          if (r == first || CompareKeys(r[-1], *r) != 0) {
            groups.push_back({r, 1, r->line_count, r->manager, r->time});
            continue;
          }
          Group& g = groups.back();  // same order as the previous run: merge
          ++g.runs;
          g.lines += r->line_count;
          g.time = std::min(g.time, r->time);
          if (g.manager == kNoId) g.manager = r->manager;
        }
        if (groups.size() > 1) {
          std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
            return a.time != b.time ? a.time < b.time : CompareKeys(*a.first, *b.first) < 0;
          });
        }
        uint32_t o = out_.customer_order_begin[c];
        uint32_t line = line_begin_[c];
        for (const Group& g : groups) {
          out_.order_key[o] = encore_str{g.first->key, g.first->key_size};
          out_.order_customer[o] = static_cast<uint32_t>(c);
          out_.order_time[o] = g.time;
          out_.order_manager[o] = g.manager;
          out_.order_line_begin[o] = line;
          if (g.runs == 1) {
            order_source_[o] = g.first->line_begin;
          } else {
            order_source_[o] = kSeveralRuns;
            for (const CustomerRun* r = g.first; r != g.first + g.runs; ++r) {
              several.push_back({o, r->line_begin, r->line_count, r->time});
            }
          }
          min_time = std::min(min_time, g.time);
          max_time = std::max(max_time, g.time);
          line += g.lines;
          ++o;
        }
      }
      first_time[p] = min_time;
      last_time[p] = max_time;
    });
    out_.order_line_begin[orders] = line_begin_[customers];
    if (orders > 0) {
      out_.first_order_time = *std::min_element(first_time.begin(), first_time.end());
      out_.last_order_time = *std::max_element(last_time.begin(), last_time.end());
    }
    Release(runs_);
    Release(run_begin_);
    Release(line_begin_);
    for (auto& part : several_runs_) {
      several_.insert(several_.end(), part.begin(), part.end());
      std::vector<SeveralRunsRange>().swap(part);
    }
  }

  // Copies every line into store order, one order at a time: the order's lines sit together in
  // a lane, so each order costs one cache miss for all four columns. Product ids become global
  // and line times absolute on the way. Frees the lanes' lines.
  void GatherLines() {
    const size_t orders = out_.order_count();
    const size_t lines = out_.order_line_begin[orders];
    out_.line_product.resize(lines);
    out_.line_quantity.resize(lines);
    out_.line_amount.resize(lines);
    out_.line_time.resize(lines);
    out_.order_amount.resize(orders);
    const std::vector<const LaneLine*> chunks = space_.Chunks(lanes_);
    auto at = [&](uint32_t line) -> const LaneLine& {
      return chunks[line >> kLineChunkShift][line & ((1u << kLineChunkShift) - 1)];
    };
    ParallelFor(threads_, [&](int p) {
      const uint32_t* line_begin = out_.order_line_begin.data();
      const uint32_t* source = order_source_.data();
      // Copies `count` lines starting at lanes' line `from` to store line `to`; returns their
      // amount.
      auto copy = [&](uint32_t from, uint32_t count, uint32_t to, int64_t run_time) {
        const size_t lane = space_.LaneOf(from);
        const LaneBuffer& buffer = *lanes_[lane];
        const IdMap& products = product_maps_[lane];
        int64_t sum = 0;
        for (uint32_t i = 0; i < count; ++i) {
          const LaneLine& line = at(from + i);
          const uint32_t local = from + i - space_.base[lane];
          const int64_t amount = line.amount_minor != kLarge
                                     ? line.amount_minor
                                     : LargeValue(buffer.large_amount, local);
          const uint32_t product = line.product & kProductMask;
          out_.line_product[to + i] = product == 0 ? kNoId : Remap(products, product - 1);
          out_.line_quantity[to + i] = line.quantity_milli != kLarge
                                           ? line.quantity_milli
                                           : LargeValue(buffer.large_quantity, local);
          out_.line_amount[to + i] = amount;
          out_.line_time[to + i] = buffer.LineTime(local, line, run_time);
          sum += amount;
        }
        return sum;
      };
      const size_t end = SplitPoint(orders, p + 1, threads_);
      constexpr size_t kAhead = 48;  // prefetch distance, in orders
      for (size_t o = SplitPoint(orders, p, threads_); o < end; ++o) {
        if (o + kAhead < end && source[o + kAhead] != kSeveralRuns) {
          __builtin_prefetch(&at(source[o + kAhead]));
        }
        const uint32_t to = line_begin[o];
        if (source[o] != kSeveralRuns) {
          out_.order_amount[o] = copy(source[o], line_begin[o + 1] - to, to, out_.order_time[o]);
          continue;
        }
        auto range = std::lower_bound(
            several_.begin(), several_.end(), static_cast<uint32_t>(o),
            [](const SeveralRunsRange& r, uint32_t order) { return r.order < order; });
        int64_t sum = 0;
        uint32_t next = to;
        for (; range != several_.end() && range->order == o; ++range) {
          sum += copy(range->line_begin, range->line_count, next, range->time);
          next += range->line_count;
        }
        out_.order_amount[o] = sum;
      }
    });
    for (LaneBuffer* lane : lanes_) {
      lane->lines.ReleaseAll();
      LargeValues().swap(lane->large_quantity);
      LargeValues().swap(lane->large_amount);
      LargeValues().swap(lane->line_time);
    }
    Release(order_source_);
    std::vector<SeveralRunsRange>().swap(several_);
  }

  const std::vector<LaneBuffer*>& lanes_;
  const int threads_;
  OrderStore::Impl& out_;
  const LineSpace space_;

  std::vector<IdMap> customer_maps_, product_maps_, manager_maps_;
  Column<CustomerRun> runs_;            // bucketed by customer
  Column<uint32_t> run_begin_;          // customers + 1
  Column<uint32_t> line_begin_;         // customers + 1: first line of each customer in the store
  std::vector<size_t> customer_split_;  // threads_ + 1 customer ranges
  Column<uint32_t> order_source_;       // first lane line of the order's only run, or kSeveralRuns
  std::vector<std::vector<SeveralRunsRange>> several_runs_;  // per part
  std::vector<SeveralRunsRange> several_;                    // all, by order
};

}  // namespace

void AssembleStore(const std::vector<LaneBuffer*>& lanes, int threads, OrderStore::Impl& out) {
  Assembler(lanes, threads, out).Run();
}

}  // namespace encore::store
