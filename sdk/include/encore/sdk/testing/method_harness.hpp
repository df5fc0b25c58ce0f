// Test helper: runs a loaded method plugin over a dataset the way the daemon does, with a fake
// encore_method_io_v1 that keeps owned copies of everything the method hands back (scores,
// metrics, JSON metrics, warnings, progress) for assertions.
//
//   LoadedPlugin plugin(ENCORE_RFM_PLUGIN);
//   auto rfm = plugin.Create({{"k", 3}});
//   auto data = DatasetBuilder().add(lines).as_of("2024-04-01").Build();
//   MethodHarness harness(data->get());
//   MethodRun run = harness.Run(*rfm);
//   ASSERT_TRUE(run.ok()) << run.message;
//   EXPECT_EQ(run.str("rfm_code", data->customer("alice")), "333");
//
// Scores put by earlier runs of the same harness (any instance) answer find_scores(), as scores
// of methods that ran earlier in a pipeline do. Putting the same score name twice in one run is
// refused with ENCORE_FATAL.
//
// Run history (ABI 1.1): set_previous() makes a MethodRun of another dataset (an earlier as_of)
// the previous run: find_previous_scores() then answers its scores realigned by customer key,
// as the daemon does. Events and report tables the method puts are kept in the MethodRun.
#ifndef ENCORE_SDK_TESTING_METHOD_HARNESS_HPP_
#define ENCORE_SDK_TESTING_METHOD_HARNESS_HPP_

#include <encore/plugin_abi.h>
#include <encore/sdk/testing/loaded_plugin.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace encore::sdk::testing {

// A score column copied out of the plugin, with a view that stays valid while it lives.
struct OwnedColumn {
  std::string name;
  int32_t type = ENCORE_VALUE_I64;
  std::vector<int64_t> i64;
  std::vector<double> f64;
  std::vector<std::string> str;
  std::vector<uint8_t> null_mask;  // empty = no nulls

  bool is_null(size_t row) const { return !null_mask.empty() && null_mask[row] != 0; }

  const encore_column_v1* view() {
    str_views_.clear();
    for (const auto& s : str) str_views_.push_back(encore_str{s.data(), s.size()});
    column_.name = encore_str{name.data(), name.size()};
    column_.type = type;
    column_.values = type == ENCORE_VALUE_I64   ? static_cast<const void*>(i64.data())
                     : type == ENCORE_VALUE_F64 ? static_cast<const void*>(f64.data())
                                                : static_cast<const void*>(str_views_.data());
    column_.null_mask = null_mask.empty() ? nullptr : null_mask.data();
    return &column_;
  }

 private:
  std::vector<encore_str> str_views_;
  encore_column_v1 column_{};
};

struct RecordedMetric {
  double value = 0;
  std::string unit;
};

struct RecordedEvent {
  uint32_t customer = 0;
  std::string type, subject;
  int32_t priority = 0;
  int64_t due_at = 0;
  nlohmann::json evidence;  // parsed; null when the method gave none
};

struct RecordedTable {
  size_t row_count = 0;
  std::map<std::string, std::unique_ptr<OwnedColumn>> columns;
  std::vector<std::string> column_order;
  const OwnedColumn& column(const std::string& name) const {
    auto it = columns.find(name);
    if (it == columns.end()) throw std::out_of_range("no column named '" + name + "'");
    return *it->second;
  }
};

// Everything one run() handed back.
struct MethodRun {
  int32_t status = ENCORE_OK;
  std::string message;  // the plugin's error message when status != ENCORE_OK
  std::map<std::string, std::unique_ptr<OwnedColumn>> scores;
  std::map<std::string, RecordedMetric> metrics;
  std::map<std::string, nlohmann::json> json_metrics;  // parsed documents
  std::vector<std::string> warnings;
  std::vector<std::pair<int64_t, int64_t>> progress;  // (done, total) in call order
  int64_t stop_polls = 0;                             // how often stop_requested() was asked
  std::vector<RecordedEvent> events;                  // in the order they were put
  std::map<std::string, RecordedTable> tables;

  // The events of one type, in order.
  std::vector<RecordedEvent> events_of(const std::string& type) const {
    std::vector<RecordedEvent> out;
    for (const RecordedEvent& e : events) {
      if (e.type == type) out.push_back(e);
    }
    return out;
  }

  bool ok() const { return status == ENCORE_OK; }
  const OwnedColumn& column(const std::string& name) const {
    auto it = scores.find(name);
    if (it == scores.end()) throw std::out_of_range("no scores named '" + name + "'");
    return *it->second;
  }
  int64_t i64(const std::string& name, size_t row) const { return column(name).i64.at(row); }
  double f64(const std::string& name, size_t row) const { return column(name).f64.at(row); }
  const std::string& str(const std::string& name, size_t row) const {
    return column(name).str.at(row);
  }
  double metric(const std::string& name) const {
    auto it = metrics.find(name);
    if (it == metrics.end()) throw std::out_of_range("no metric named '" + name + "'");
    return it->second.value;
  }
  const nlohmann::json& json_metric(const std::string& name) const {
    auto it = json_metrics.find(name);
    if (it == json_metrics.end()) throw std::out_of_range("no JSON metric named '" + name + "'");
    return it->second;
  }
};

class MethodHarness {
 public:
  explicit MethodHarness(const encore_dataset_v1* dataset) : dataset_(dataset) {}

  // `earlier` (a run over `earlier_dataset`, as of `as_of`) becomes the previous run.
  void set_previous(const MethodRun& earlier, const encore_dataset_v1* earlier_dataset,
                    int64_t as_of) {
    previous_as_of_ = as_of;
    previous_.clear();
    std::map<std::string, size_t> row_of_key;
    for (size_t r = 0; r < earlier_dataset->customer_count; ++r) {
      row_of_key[Text(earlier_dataset->customer_key[r])] = r;
    }
    const size_t n = dataset_->customer_count;
    for (const auto& [name, source] : earlier.scores) {
      auto column = std::make_unique<OwnedColumn>();
      column->name = name;
      column->type = source->type;
      column->i64.assign(source->type == ENCORE_VALUE_I64 ? n : 0, 0);
      column->f64.assign(source->type == ENCORE_VALUE_F64 ? n : 0, 0);
      column->str.assign(source->type == ENCORE_VALUE_STR ? n : 0, "");
      column->null_mask.assign(n, 1);
      for (size_t c = 0; c < n; ++c) {
        auto it = row_of_key.find(Text(dataset_->customer_key[c]));
        if (it == row_of_key.end() || source->is_null(it->second)) continue;
        const size_t r = it->second;
        column->null_mask[c] = 0;
        if (source->type == ENCORE_VALUE_I64) column->i64[c] = source->i64[r];
        if (source->type == ENCORE_VALUE_F64) column->f64[c] = source->f64[r];
        if (source->type == ENCORE_VALUE_STR) column->str[c] = source->str[r];
      }
      previous_[name] = std::move(column);
    }
  }

  // stop_requested() answers 1 from its (polls + 1)-th call on; negative = never.
  void stop_after_polls(int64_t polls) { stop_after_polls_ = polls; }

  MethodRun Run(const LoadedPlugin::Instance& instance) {
    MethodRun run;
    current_ = &run;
    encore_method_io_v1 io{};
    io.struct_size = sizeof(io);
    io.ctx = this;
    io.put_scores = &PutScores;
    io.find_scores = &FindScores;
    io.put_metric = &PutMetric;
    io.put_metric_json = &PutMetricJson;
    io.warn = &Warn;
    io.progress = &Progress;
    io.stop_requested = &StopRequested;
    io.put_events = &PutEvents;
    io.previous_as_of = previous_as_of_;
    io.find_previous_scores = &FindPreviousScores;
    io.put_table = &PutTable;
    encore_error error{};
    error.struct_size = sizeof(error);
    run.status = instance.descriptor().method_run(instance.get(), dataset_, &io, &error);
    if (run.status != ENCORE_OK) run.message = error.message;
    current_ = nullptr;
    for (const auto& [name, column] : run.scores) {
      earlier_[name] = std::make_unique<OwnedColumn>(*column);
    }
    return run;
  }

 private:
  static MethodHarness& Self(void* ctx) { return *static_cast<MethodHarness*>(ctx); }
  static std::string Text(encore_str s) { return std::string(s.data ? s.data : "", s.size); }

  static int32_t PutScores(void* ctx, const encore_column_v1* column) {
    MethodHarness& self = Self(ctx);
    auto owned = Copy(*column, self.dataset_->customer_count);
    if (owned == nullptr || owned->name.empty() || self.current_->scores.count(owned->name) != 0) {
      return ENCORE_FATAL;
    }
    self.current_->scores[owned->name] = std::move(owned);
    return ENCORE_OK;
  }
  static std::unique_ptr<OwnedColumn> Copy(const encore_column_v1& in, size_t n) {
    const encore_column_v1* column = &in;
    auto owned = std::make_unique<OwnedColumn>();
    owned->name = Text(column->name);
    owned->type = column->type;
    switch (column->type) {
      case ENCORE_VALUE_I64: {
        const auto* v = static_cast<const int64_t*>(column->values);
        owned->i64.assign(v, v + n);
        break;
      }
      case ENCORE_VALUE_F64: {
        const auto* v = static_cast<const double*>(column->values);
        owned->f64.assign(v, v + n);
        break;
      }
      case ENCORE_VALUE_STR: {
        const auto* v = static_cast<const encore_str*>(column->values);
        owned->str.reserve(n);
        for (size_t i = 0; i < n; ++i) owned->str.push_back(Text(v[i]));
        break;
      }
      default:
        return nullptr;
    }
    if (column->null_mask != nullptr) {
      owned->null_mask.assign(column->null_mask, column->null_mask + n);
    }
    return owned;
  }
  static int32_t PutEvents(void* ctx, const encore_event_v1* events, size_t count) {
    MethodHarness& self = Self(ctx);
    std::lock_guard<std::mutex> lock(self.mu_);  // methods may put events from several threads
    for (size_t i = 0; i < count; ++i) {
      const encore_event_v1& e = events[i];
      if (e.customer >= self.dataset_->customer_count || e.type.size == 0) return ENCORE_FATAL;
      RecordedEvent out{e.customer, Text(e.type), Text(e.subject), e.priority, e.due_at, nullptr};
      if (e.evidence_json.size > 0) {
        out.evidence = nlohmann::json::parse(Text(e.evidence_json), nullptr, false);
        if (!out.evidence.is_object()) return ENCORE_FATAL;
      }
      self.current_->events.push_back(std::move(out));
    }
    return ENCORE_OK;
  }
  static const encore_column_v1* FindPreviousScores(void* ctx, encore_str name) {
    MethodHarness& self = Self(ctx);
    auto it = self.previous_.find(Text(name));
    return it == self.previous_.end() ? nullptr : it->second->view();
  }
  static int32_t PutTable(void* ctx, encore_str name, const encore_table_v1* table) {
    MethodHarness& self = Self(ctx);
    const std::string key = Text(name);
    if (key.empty() || table == nullptr || self.current_->tables.count(key) != 0) {
      return ENCORE_FATAL;
    }
    RecordedTable out;
    out.row_count = table->row_count;
    for (size_t c = 0; c < table->column_count; ++c) {
      auto column = Copy(table->columns[c], table->row_count);
      if (column == nullptr || out.columns.count(column->name) != 0) return ENCORE_FATAL;
      out.column_order.push_back(column->name);
      out.columns[column->name] = std::move(column);
    }
    self.current_->tables[key] = std::move(out);
    return ENCORE_OK;
  }
  static const encore_column_v1* FindScores(void* ctx, encore_str name) {
    MethodHarness& self = Self(ctx);
    const std::string key = Text(name);
    auto it = self.current_->scores.find(key);
    if (it != self.current_->scores.end()) return it->second->view();
    auto earlier = self.earlier_.find(key);
    return earlier == self.earlier_.end() ? nullptr : earlier->second->view();
  }
  static int32_t PutMetric(void* ctx, encore_str name, double value, encore_str unit) {
    Self(ctx).current_->metrics[Text(name)] = RecordedMetric{value, Text(unit)};
    return ENCORE_OK;
  }
  static int32_t PutMetricJson(void* ctx, encore_str name, encore_str json) {
    nlohmann::json parsed = nlohmann::json::parse(Text(json), nullptr, false);
    if (parsed.is_discarded()) return ENCORE_FATAL;
    Self(ctx).current_->json_metrics[Text(name)] = std::move(parsed);
    return ENCORE_OK;
  }
  static void Warn(void* ctx, encore_str message) {
    Self(ctx).current_->warnings.push_back(Text(message));
  }
  static void Progress(void* ctx, int64_t done, int64_t total) {
    Self(ctx).current_->progress.emplace_back(done, total);
  }
  static int32_t StopRequested(void* ctx) {
    MethodHarness& self = Self(ctx);
    const int64_t polls = self.current_->stop_polls++;
    return self.stop_after_polls_ >= 0 && polls >= self.stop_after_polls_ ? 1 : 0;
  }

  const encore_dataset_v1* dataset_;
  MethodRun* current_ = nullptr;
  std::map<std::string, std::unique_ptr<OwnedColumn>> earlier_;   // copies
  std::map<std::string, std::unique_ptr<OwnedColumn>> previous_;  // aligned to dataset_
  int64_t previous_as_of_ = 0;
  int64_t stop_after_polls_ = -1;
  std::mutex mu_;
};

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_METHOD_HARNESS_HPP_
