// The rfm method: recency, frequency and monetary value of every customer, scored 1..k
// (k = 3: 27 cells, k = 5: 125 cells) with quantile or fixed borders, and the cell code "211".
// Every number is defined in docs/metrics.md; the worked example there is a test.
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "plugins/methods/rfm/civil_day.h"
#include "plugins/methods/rfm/customer_values.h"
#include "plugins/methods/rfm/rfm_options.h"
#include "plugins/methods/rfm/rfm_scoring.h"

namespace encore::plugins::rfm {
namespace {

constexpr encore_option_v1 kRfmOptions[] = {
    sdk::Option("k", ENCORE_OPTION_INT, "3",
                "Score levels per dimension: 3 (27 cells) or 5 (125 cells)."),
    sdk::Option("scoring", ENCORE_OPTION_STRING, "\"quantile\"",
                "quantile: borders from this run's customers; fixed: borders from 'borders'.",
                "quantile|fixed"),
    sdk::Option("borders", ENCORE_OPTION_OBJECT, nullptr,
                "With scoring: fixed, k-1 ascending upper borders per dimension: {recency: "
                "[days], frequency: [orders], monetary: [minor units]}."),
};

constexpr size_t kPollEvery = 1 << 16;

const char* const kDimensionNames[3] = {"recency", "frequency", "monetary"};

nlohmann::json BordersJson(const Borders& b) {
  return nlohmann::json{
      {"recency", b.recency}, {"frequency", b.frequency}, {"monetary", b.monetary}};
}

class RfmMethod : public sdk::Method {
 public:
  explicit RfmMethod(const sdk::PluginContext& context)
      : Method(context), options_(ParseRfmOptions(context.config)) {}

  void run(const sdk::Dataset& dataset, sdk::MethodContext& context) override {
    const size_t customer_count = dataset.customer_count();
    const auto poll = [&](size_t done) {
      if (context.stop_requested()) throw sdk::Cancelled();
      context.progress(static_cast<int64_t>(done), static_cast<int64_t>(customer_count) * 2);
    };
    const CustomerValues values = ComputeCustomerValues(dataset, poll);
    const std::vector<uint32_t>& visible = values.visible;
    const int k = options_.k;

    const Borders borders =
        options_.scoring == Scoring::kFixed ? options_.fixed_borders : QuantileBordersOf(values);

    // Scores of customers without a visible order stay 0 and their code empty: the host drops
    // those rows. Code strings are made once per cell and copied into the rows (three
    // characters fit the small-string buffer, so no row allocates).
    std::vector<std::string> cell_codes(static_cast<size_t>(k * k * k));
    for (size_t cell = 0; cell < cell_codes.size(); ++cell) cell_codes[cell] = CellCode(cell, k);
    std::vector<int64_t> r(customer_count, 0), f(customer_count, 0), m(customer_count, 0);
    std::vector<std::string> codes(customer_count);
    std::vector<int64_t> cell_sizes(cell_codes.size(), 0);
    std::array<std::vector<int64_t>, 3> score_sizes;
    for (auto& sizes : score_sizes) sizes.assign(static_cast<size_t>(k), 0);
    for (size_t i = 0; i < visible.size(); ++i) {
      if (i % kPollEvery == 0) poll(customer_count + i);
      const uint32_t c = visible[i];
      // Fewer days since the last purchase is better, so recency bands count down.
      const int rs = k + 1 - Band(values.recency_days[c], borders.recency);
      const int fs = Band(values.frequency[c], borders.frequency);
      const int ms = Band(values.monetary_minor[c], borders.monetary);
      r[c] = rs, f[c] = fs, m[c] = ms;
      const auto cell = static_cast<size_t>(((rs - 1) * k + (fs - 1)) * k + (ms - 1));
      codes[c] = cell_codes[cell];
      ++cell_sizes[cell];
      ++score_sizes[0][rs - 1], ++score_sizes[1][fs - 1], ++score_sizes[2][ms - 1];
    }
    std::vector<std::string> first_dates(customer_count), last_dates(customer_count);
    DayTexts(values, &first_dates, &last_dates);
    poll(customer_count * 2);

    context.put_scores("rfm_code", codes);
    context.put_scores("r_score", r);
    context.put_scores("f_score", f);
    context.put_scores("m_score", m);
    context.put_scores("recency_days", values.recency_days);
    context.put_scores("frequency", values.frequency);
    context.put_scores("monetary_minor", values.monetary_minor);
    context.put_scores("orders", values.orders);
    context.put_scores("first_order_date", first_dates);
    context.put_scores("last_order_date", last_dates);

    context.put_metric("rfm.customers", static_cast<double>(visible.size()));
    context.put_metric("rfm.k", k);
    context.put_metric_json("rfm.borders", BordersJson(borders));
    nlohmann::json cells = nlohmann::json::object();
    for (size_t cell = 0; cell < cell_codes.size(); ++cell)
      cells[cell_codes[cell]] = cell_sizes[cell];
    context.put_metric_json("rfm.cell_sizes", cells);
    nlohmann::json sizes = nlohmann::json::object();
    for (size_t d = 0; d < 3; ++d) {
      nlohmann::json per_score = nlohmann::json::object();
      for (int s = 1; s <= k; ++s) per_score[std::to_string(s)] = score_sizes[d][s - 1];
      sizes[kDimensionNames[d]] = per_score;
    }
    context.put_metric_json("rfm.score_sizes", sizes);

    Warn(context, visible.size(), score_sizes);
  }

 private:
  Borders QuantileBordersOf(const CustomerValues& values) const {
    std::vector<int64_t> scratch;  // one buffer for the three distributions
    scratch.reserve(values.visible.size());
    const auto borders_of = [&](const std::vector<int64_t>& column) {
      scratch.clear();
      for (uint32_t c : values.visible) scratch.push_back(column[c]);
      return QuantileBorders(scratch, options_.k);
    };
    Borders b;
    b.recency = borders_of(values.recency_days);
    b.frequency = borders_of(values.frequency);
    b.monetary = borders_of(values.monetary_minor);
    return b;
  }

  // "YYYY-MM-DD" of every customer's first and last order. Orders span a few thousand days, so
  // each day is formatted once and copied.
  static void DayTexts(const CustomerValues& values, std::vector<std::string>* first,
                       std::vector<std::string>* last) {
    if (values.visible.empty()) return;
    int32_t min_day = values.first_day[values.visible.front()], max_day = min_day;
    for (uint32_t c : values.visible) {
      min_day = std::min(min_day, values.first_day[c]);
      max_day = std::max(max_day, values.last_day[c]);
    }
    const size_t span = static_cast<size_t>(max_day - min_day) + 1;
    if (span > values.visible.size() + 36600) {  // a stray date far away: format per row
      for (uint32_t c : values.visible) {
        (*first)[c] = FormatDay(values.first_day[c]);
        (*last)[c] = FormatDay(values.last_day[c]);
      }
      return;
    }
    std::vector<std::string> texts(span);
    for (size_t d = 0; d < texts.size(); ++d)
      texts[d] = FormatDay(min_day + static_cast<int64_t>(d));
    for (uint32_t c : values.visible) {
      (*first)[c] = texts[static_cast<size_t>(values.first_day[c] - min_day)];
      (*last)[c] = texts[static_cast<size_t>(values.last_day[c] - min_day)];
    }
  }

  static std::string CellCode(size_t cell, int k) {
    const size_t kk = static_cast<size_t>(k);
    return std::string{static_cast<char>('1' + cell / (kk * kk)),
                       static_cast<char>('1' + cell / kk % kk), static_cast<char>('1' + cell % kk)};
  }

  // Conditions an operator should see: nothing to score, or a dimension that does not separate
  // customers at all (every customer got the same score).
  void Warn(const sdk::MethodContext& context, size_t customers,
            const std::array<std::vector<int64_t>, 3>& score_sizes) const {
    if (customers == 0) {
      context.warn("rfm: no customer has an order at or before the as-of date; nothing scored");
      return;
    }
    if (customers < 2) return;
    for (size_t d = 0; d < 3; ++d) {
      for (int s = 1; s <= options_.k; ++s) {
        if (score_sizes[d][s - 1] == static_cast<int64_t>(customers)) {
          context.warn("rfm: all " + std::to_string(customers) + " customers got " +
                       kDimensionNames[d] + " score " + std::to_string(s) +
                       "; that dimension does not separate customers");
        }
      }
    }
  }

  RfmOptions options_;
};

}  // namespace
}  // namespace encore::plugins::rfm

ENCORE_PLUGIN(encore::plugins::rfm::RfmMethod, "rfm", "1.0.0",
              "RFM segmentation: recency, frequency and monetary scores 1..k and the cell code "
              "(\"211\"), with quantile or fixed borders.",
              encore::plugins::rfm::kRfmOptions)
