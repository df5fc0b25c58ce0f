// Test helper: runs a source plugin's check() and read() against a fake host that keeps
// everything the plugin hands over. Emitted lines are copied into owned vectors (the views in a
// batch are only valid during emit()), per lane, and joined in lane order afterwards, the order
// the daemon stores them in. Also records row errors, counters, progress and the cursor, checks
// the batch contract (lane range, required columns, non-empty customer ids) and can ask the
// plugin to stop after a number of batches. Header-only, C++17; for tests only.
#ifndef ENCORE_SDK_TESTING_SOURCE_HARNESS_HPP_
#define ENCORE_SDK_TESTING_SOURCE_HARNESS_HPP_

#include <encore/plugin_abi.h>
#include <encore/sdk/testing/loaded_plugin.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace encore::sdk::testing {

// Emitted order lines, one element per line in every vector.
struct EmittedLines {
  std::vector<std::string> order_id, customer_id, product_id, manager_id, currency;
  std::vector<int64_t> ordered_at, quantity_milli, amount_minor;
  std::vector<int64_t> source_line;  // 0 when the batch carried none

  size_t size() const { return order_id.size(); }

  void Append(const EmittedLines& other) {
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    append(order_id, other.order_id);
    append(customer_id, other.customer_id);
    append(product_id, other.product_id);
    append(manager_id, other.manager_id);
    append(currency, other.currency);
    append(ordered_at, other.ordered_at);
    append(quantity_milli, other.quantity_milli);
    append(amount_minor, other.amount_minor);
    append(source_line, other.source_line);
  }
};

struct RecordedRowError {
  std::string location, field, reason;
};

struct SourceRunOptions {
  int32_t max_lanes = 1;
  std::string cursor;  // the committed cursor the read starts from; empty = full load
  // When >= 0: stop_requested() turns true once this many batches were accepted, and any
  // emit() after that returns ENCORE_CANCELLED.
  int64_t cancel_after_batches = -1;
};

struct SourceRunResult {
  int32_t status = ENCORE_FATAL;  // what read() returned
  std::string message;            // encore_error.message when status != ENCORE_OK
  EmittedLines lines;             // all lanes, lane 0 first
  std::vector<int64_t> lines_per_lane;
  int64_t batches = 0;
  std::vector<RecordedRowError> row_errors;  // in call order
  std::map<std::string, int64_t> counters;
  std::vector<std::pair<int64_t, int64_t>> progress;  // (done, total) in call order
  bool cursor_set = false;
  std::string cursor;
  // Breaches of the batch contract seen in emit(); a correct plugin leaves this empty.
  std::vector<std::string> contract_violations;

  int64_t counter(const std::string& name) const {
    auto it = counters.find(name);
    return it == counters.end() ? 0 : it->second;
  }
};

namespace detail {

class FakeSourceHost {
 public:
  explicit FakeSourceHost(const SourceRunOptions& options)
      : options_(options),
        lanes_(static_cast<size_t>(options.max_lanes < 1 ? 1 : options.max_lanes)) {
    io_.struct_size = sizeof(io_);
    io_.ctx = this;
    io_.cursor = encore_str{options_.cursor.data(), options_.cursor.size()};
    io_.max_lanes = options.max_lanes;
    io_.emit = &Emit;
    io_.progress = &Progress;
    io_.stop_requested = &StopRequested;
    io_.row_error = &RowError;
    io_.count = &Count;
    io_.set_cursor = &SetCursor;
  }

  encore_source_io_v1* io() { return &io_; }

  void MoveInto(SourceRunResult* result) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const EmittedLines& lane : lanes_) {
      result->lines.Append(lane);
      result->lines_per_lane.push_back(static_cast<int64_t>(lane.size()));
    }
    result->batches = batches_.load();
    result->row_errors = std::move(row_errors_);
    result->counters = std::move(counters_);
    result->progress = std::move(progress_);
    result->cursor_set = cursor_set_;
    result->cursor = std::move(cursor_);
    result->contract_violations = std::move(violations_);
  }

 private:
  static FakeSourceHost& Self(void* ctx) { return *static_cast<FakeSourceHost*>(ctx); }
  static std::string Copy(encore_str s) {
    return std::string(s.data == nullptr ? "" : s.data, s.size);
  }

  void Violation(std::string what) {
    std::lock_guard<std::mutex> lock(mutex_);
    violations_.push_back(std::move(what));
  }

  static int32_t Emit(void* ctx, int32_t lane, const encore_line_batch_v1* batch) {
    FakeSourceHost& self = Self(ctx);
    if (self.cancelled()) return ENCORE_CANCELLED;
    if (lane < 0 || static_cast<size_t>(lane) >= self.lanes_.size()) {
      self.Violation("emit on lane " + std::to_string(lane) + " outside 0.." +
                     std::to_string(self.lanes_.size() - 1));
      return ENCORE_FATAL;
    }
    if (batch == nullptr || batch->order_id == nullptr || batch->customer_id == nullptr ||
        batch->ordered_at == nullptr || batch->quantity_milli == nullptr ||
        batch->amount_minor == nullptr) {
      self.Violation("batch without a required column");
      return ENCORE_FATAL;
    }
    // Calls on one lane never overlap (ABI rule), so the lane's vectors need no lock.
    EmittedLines& out = self.lanes_[static_cast<size_t>(lane)];
    const std::string currency = Copy(batch->currency);
    for (size_t i = 0; i < batch->count; ++i) {
      out.order_id.push_back(Copy(batch->order_id[i]));
      out.customer_id.push_back(Copy(batch->customer_id[i]));
      if (batch->customer_id[i].size == 0) self.Violation("empty customer_id in a batch");
      out.ordered_at.push_back(batch->ordered_at[i]);
      out.product_id.push_back(batch->product_id ? Copy(batch->product_id[i]) : std::string());
      out.quantity_milli.push_back(batch->quantity_milli[i]);
      out.amount_minor.push_back(batch->amount_minor[i]);
      out.manager_id.push_back(batch->manager_id ? Copy(batch->manager_id[i]) : std::string());
      out.currency.push_back(currency);
      out.source_line.push_back(batch->source_line ? batch->source_line[i] : 0);
    }
    self.batches_.fetch_add(1);
    return ENCORE_OK;
  }
  static void Progress(void* ctx, int64_t done, int64_t total) {
    FakeSourceHost& self = Self(ctx);
    std::lock_guard<std::mutex> lock(self.mutex_);
    self.progress_.emplace_back(done, total);
  }
  static int32_t StopRequested(void* ctx) { return Self(ctx).cancelled() ? 1 : 0; }
  static void RowError(void* ctx, encore_str location, encore_str field, encore_str reason) {
    FakeSourceHost& self = Self(ctx);
    std::lock_guard<std::mutex> lock(self.mutex_);
    self.row_errors_.push_back(RecordedRowError{Copy(location), Copy(field), Copy(reason)});
  }
  static void Count(void* ctx, encore_str counter, int64_t delta) {
    FakeSourceHost& self = Self(ctx);
    std::lock_guard<std::mutex> lock(self.mutex_);
    self.counters_[Copy(counter)] += delta;
  }
  static void SetCursor(void* ctx, encore_str cursor) {
    FakeSourceHost& self = Self(ctx);
    std::lock_guard<std::mutex> lock(self.mutex_);
    self.cursor_set_ = true;
    self.cursor_ = Copy(cursor);
  }

  bool cancelled() const {
    return options_.cancel_after_batches >= 0 && batches_.load() >= options_.cancel_after_batches;
  }

  SourceRunOptions options_;
  encore_source_io_v1 io_{};
  std::vector<EmittedLines> lanes_;
  std::atomic<int64_t> batches_{0};
  std::mutex mutex_;
  std::vector<RecordedRowError> row_errors_;
  std::map<std::string, int64_t> counters_;
  std::vector<std::pair<int64_t, int64_t>> progress_;
  bool cursor_set_ = false;
  std::string cursor_;
  std::vector<std::string> violations_;
};

}  // namespace detail

// Runs read() of a source instance once.
inline SourceRunResult RunSource(const LoadedPlugin::Instance& instance,
                                 const SourceRunOptions& options = SourceRunOptions()) {
  detail::FakeSourceHost host(options);
  encore_error error{};
  error.struct_size = sizeof(error);
  SourceRunResult result;
  result.status = instance.descriptor().source_read(instance.get(), host.io(), &error);
  if (result.status != ENCORE_OK) result.message = error.message;
  host.MoveInto(&result);
  return result;
}

// Runs check() of a source instance; returns its status and fills `message` on failure.
inline int32_t CheckSource(const LoadedPlugin::Instance& instance, std::string* message) {
  encore_error error{};
  error.struct_size = sizeof(error);
  const int32_t status = instance.descriptor().source_check(instance.get(), &error);
  if (message != nullptr) *message = status == ENCORE_OK ? std::string() : error.message;
  return status;
}

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_SOURCE_HARNESS_HPP_
