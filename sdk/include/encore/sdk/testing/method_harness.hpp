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
#ifndef ENCORE_SDK_TESTING_METHOD_HARNESS_HPP_
#define ENCORE_SDK_TESTING_METHOD_HARNESS_HPP_

#include <encore/plugin_abi.h>
#include <encore/sdk/testing/loaded_plugin.hpp>

#include <cstdint>
#include <map>
#include <memory>
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
    const size_t n = self.dataset_->customer_count;
    auto owned = std::make_unique<OwnedColumn>();
    owned->name = Text(column->name);
    owned->type = column->type;
    if (owned->name.empty() || self.current_->scores.count(owned->name) != 0) return ENCORE_FATAL;
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
        return ENCORE_FATAL;
    }
    if (column->null_mask != nullptr) {
      owned->null_mask.assign(column->null_mask, column->null_mask + n);
    }
    self.current_->scores[owned->name] = std::move(owned);
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
  std::map<std::string, std::unique_ptr<OwnedColumn>> earlier_;  // copies
  int64_t stop_after_polls_ = -1;
};

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_METHOD_HARNESS_HPP_
