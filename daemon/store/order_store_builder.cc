// OrderStoreBuilder: validates and buffers emitted batches per lane, then hands the lanes to
// AssembleStore (store_assembly.h).
#include <cstddef>
#include <new>
#include <string>

#include "daemon/store/lane_buffer.h"
#include "daemon/store/large_memory.h"
#include "daemon/store/order_store.h"
#include "daemon/store/order_store_impl.h"
#include "daemon/store/parallel.h"
#include "daemon/store/store_assembly.h"

namespace encore {
namespace {

constexpr size_t kOldestBatchSize = offsetof(encore_line_batch_v1, source_line);
constexpr size_t kBatchWithSourceLine =
    offsetof(encore_line_batch_v1, source_line) + sizeof(encore_line_batch_v1::source_line);

// "line 17" (the source's own numbering) or "row 3 of the batch" when the source gives none.
std::string LineName(const int64_t* source_line, size_t row) {
  if (source_line != nullptr) return "line " + std::to_string(source_line[row]);
  return "row " + std::to_string(row + 1) + " of the batch";
}

Status CheckBatch(const encore_line_batch_v1& batch, const int64_t* source_line) {
  struct Required {
    const void* column;
    const char* name;
  };
  const Required required[] = {{batch.order_id, "order_id"},
                               {batch.customer_id, "customer_id"},
                               {batch.ordered_at, "ordered_at"},
                               {batch.quantity_milli, "quantity_milli"},
                               {batch.amount_minor, "amount_minor"}};
  for (const Required& r : required) {
    if (r.column == nullptr) return InvalidArgument(std::string("line batch without ") + r.name);
  }
  for (size_t i = 0; i < batch.count; ++i) {
    if (batch.customer_id[i].size == 0) {
      return InvalidArgument(LineName(source_line, i) + ": empty customer_id");
    }
    if (batch.order_id[i].size == 0) {
      return InvalidArgument(LineName(source_line, i) + ": empty order_id");
    }
  }
  return Status::Ok();
}

}  // namespace

struct OrderStoreBuilder::Lane : store::LaneBuffer {};

OrderStoreBuilder::OrderStoreBuilder(int lanes) {
  for (int i = 0; i < std::max(lanes, 1); ++i) lanes_.push_back(std::make_unique<Lane>());
}

OrderStoreBuilder::~OrderStoreBuilder() {
  lanes_.clear();
  store::TrimLargePool();
}

int OrderStoreBuilder::lanes() const { return static_cast<int>(lanes_.size()); }

int64_t OrderStoreBuilder::line_count() const {
  return line_count_.load(std::memory_order_relaxed);
}

Status OrderStoreBuilder::Append(int lane, const encore_line_batch_v1& batch) {
  if (lane < 0 || lane >= lanes()) {
    return InvalidArgument("lane " + std::to_string(lane) + " is out of range 0.." +
                           std::to_string(lanes() - 1));
  }
  if (lanes_[lane] == nullptr) return FailedPrecondition("the store is already finished");
  if (batch.struct_size < kOldestBatchSize) {
    return InvalidArgument("line batch struct_size " + std::to_string(batch.struct_size) +
                           " is below the smallest known layout (" +
                           std::to_string(kOldestBatchSize) + " bytes)");
  }
  if (batch.count == 0) return Status::Ok();
  const int64_t* source_line =
      batch.struct_size >= kBatchWithSourceLine ? batch.source_line : nullptr;
  ENCORE_RETURN_IF_ERROR(CheckBatch(batch, source_line));

  // Line indexes are 32-bit in the dataset, and Finish() lays the lanes out chunk-aligned.
  const int64_t limit =
      int64_t{UINT32_MAX} - 1 - (static_cast<int64_t>(lanes()) << store::kLineChunkShift);
  const int64_t n = static_cast<int64_t>(batch.count);
  if (line_count_.fetch_add(n, std::memory_order_relaxed) + n > limit) {
    line_count_.fetch_sub(n, std::memory_order_relaxed);
    return InvalidArgument("a run holds at most " + std::to_string(limit) + " order lines");
  }
  try {
    lanes_[lane]->Add(batch);
  } catch (const std::bad_alloc&) {
    return Internal("out of memory while storing order lines");
  }
  return Status::Ok();
}

Result<std::unique_ptr<OrderStore>> OrderStoreBuilder::Finish(const std::string& default_currency) {
  std::vector<store::LaneBuffer*> lanes;
  for (const auto& lane : lanes_) {
    if (lane == nullptr) return FailedPrecondition("the store is already finished");
    for (const std::string& currency : lane->currencies) {
      if (currency != default_currency) {
        return InvalidArgument("order lines in currency '" + currency +
                               "' but the pipeline's currency is '" + default_currency +
                               "' (a pipeline has one currency)");
      }
    }
    lanes.push_back(lane.get());
  }
  auto impl = std::make_unique<OrderStore::Impl>();
  impl->currency = default_currency;
  try {
    store::AssembleStore(lanes, store::BulkThreads(), *impl);
  } catch (const std::bad_alloc&) {
    return Internal("out of memory while building the order store");
  }
  for (auto& lane : lanes_) lane.reset();
  store::TrimLargePool();  // what the lanes held and the store did not reuse
  return std::make_unique<OrderStore>(std::move(impl));
}

}  // namespace encore
