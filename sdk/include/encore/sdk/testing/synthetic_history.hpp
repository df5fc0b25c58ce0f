// Benchmark helper: the columns of a generated order history and the encore_dataset_v1 view over
// them, plus host callbacks that only take the call. A plugin's bench program draws its own
// history (each has its own mix of orders, lines, products and managers) straight into these
// columns, without the per-line cost of DatasetBuilder, and times the method alone on the view.
// Header-only, C++17; for benchmarks, not tests.
#ifndef ENCORE_SDK_TESTING_SYNTHETIC_HISTORY_HPP_
#define ENCORE_SDK_TESTING_SYNTHETIC_HISTORY_HPP_

#include <encore/plugin_abi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace encore::sdk::testing {

// The local day of a UTC instant when the pipeline zone is UTC: one division per call, as cheap
// as the daemon's table lookup.
inline int32_t UtcDay(const encore_dataset_v1* /*self*/, int64_t utc) {
  constexpr int64_t kDay = 86400;
  return static_cast<int32_t>(utc >= 0 ? utc / kDay : (utc - kDay + 1) / kDay);
}

// "<prefix>0", "<prefix>1", ... "<prefix><count - 1>": product and manager keys.
inline std::vector<std::string> NumberedNames(const std::string& prefix, size_t count) {
  std::vector<std::string> names;
  names.reserve(count);
  for (size_t i = 0; i < count; ++i) names.push_back(prefix + std::to_string(i));
  return names;
}

// Columns of a synthetic history, laid out as encore_dataset_v1 wants them. A column left empty
// is not given to the method (its pointer in the view is null), so a bench fills only what its
// method reads.
class SyntheticHistory {
 public:
  SyntheticHistory() = default;
  // The view points into the columns.
  SyntheticHistory(const SyntheticHistory&) = delete;
  SyntheticHistory& operator=(const SyntheticHistory&) = delete;

  std::vector<uint32_t> order_begin, order_end;   // per customer: its orders
  std::vector<int64_t> order_time, order_amount;  // per order
  std::vector<uint32_t> order_manager;            // per order; UINT32_MAX = none
  std::vector<uint32_t> line_begin;               // per order, plus the end of the last
  std::vector<uint32_t> line_product;             // per line
  std::vector<int64_t> line_quantity, line_amount, line_time;
  std::vector<std::string> customer_names, product_names, manager_names;

  size_t customer_count() const { return order_begin.size(); }
  size_t order_count() const { return order_time.size(); }
  // The lines the orders span (line_begin), whether or not their columns are given.
  size_t line_count() const { return line_begin.empty() ? 0 : line_begin.back(); }

  // The view of the columns as they are now, as of `as_of`. Call it once they are complete: it
  // stays valid as long as *this, while the columns are not changed.
  encore_dataset_v1& View(int64_t as_of) {
    customer_keys_ = Keys(customer_names);
    product_keys_ = Keys(product_names);
    manager_keys_ = Keys(manager_names);
    encore_dataset_v1& v = view_;
    v = encore_dataset_v1{};
    v.struct_size = sizeof(v);
    v.as_of = as_of;
    v.local_day = &UtcDay;
    v.customer_count = customer_count();
    v.customer_key = Data(customer_keys_);
    v.customer_order_begin = Data(order_begin);
    v.customer_order_end = Data(order_end);
    v.order_count = order_count();
    v.order_time = Data(order_time);
    v.order_amount_minor = Data(order_amount);
    v.order_manager = Data(order_manager);
    v.order_line_begin = Data(line_begin);
    v.line_count = line_count();
    v.line_product = Data(line_product);
    v.line_quantity_milli = Data(line_quantity);
    v.line_amount_minor = Data(line_amount);
    v.line_time = Data(line_time);
    v.product_count = product_names.size();
    v.product_key = Data(product_keys_);
    v.manager_count = manager_names.size();
    v.manager_key = Data(manager_keys_);
    return v;
  }

 private:
  template <class T>
  static const T* Data(const std::vector<T>& column) {
    return column.empty() ? nullptr : column.data();
  }
  static std::vector<encore_str> Keys(const std::vector<std::string>& names) {
    std::vector<encore_str> keys;
    keys.reserve(names.size());
    for (const std::string& name : names) keys.push_back(encore_str{name.data(), name.size()});
    return keys;
  }

  std::vector<encore_str> customer_keys_, product_keys_, manager_keys_;
  encore_dataset_v1 view_{};
};

// Host callbacks that only take the call (no scores, no previous run, never stop), so that the
// timed figure is the method alone. A bench replaces the ones it answers or counts.
struct NullHost {
  static int32_t PutScores(void*, const encore_column_v1*) { return ENCORE_OK; }
  static const encore_column_v1* FindScores(void*, encore_str) { return nullptr; }
  static int32_t PutMetric(void*, encore_str, double, encore_str) { return ENCORE_OK; }
  static int32_t PutMetricJson(void*, encore_str, encore_str) { return ENCORE_OK; }
  static void Warn(void*, encore_str) {}
  static void Progress(void*, int64_t, int64_t) {}
  static int32_t StopRequested(void*) { return 0; }
  static int32_t PutEvents(void*, const encore_event_v1*, size_t) { return ENCORE_OK; }
  static const encore_column_v1* FindPreviousScores(void*, encore_str) { return nullptr; }
  static int32_t PutTable(void*, encore_str, const encore_table_v1*) { return ENCORE_OK; }
};

// Method callbacks of NullHost, with `ctx` handed to every callback.
inline encore_method_io_v1 NullMethodIo(void* ctx = nullptr) {
  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = ctx;
  io.put_scores = &NullHost::PutScores;
  io.find_scores = &NullHost::FindScores;
  io.put_metric = &NullHost::PutMetric;
  io.put_metric_json = &NullHost::PutMetricJson;
  io.warn = &NullHost::Warn;
  io.progress = &NullHost::Progress;
  io.stop_requested = &NullHost::StopRequested;
  io.put_events = &NullHost::PutEvents;
  io.find_previous_scores = &NullHost::FindPreviousScores;
  io.put_table = &NullHost::PutTable;
  return io;
}

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_SYNTHETIC_HISTORY_HPP_
