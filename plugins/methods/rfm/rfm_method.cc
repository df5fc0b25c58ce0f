// The rfm method: recency, frequency and monetary value of every customer, scored 1..k
// (k = 3: 27 cells, k = 5: 125 cells) with quantile or fixed borders, and the cell code "211".
// Every number is defined in docs/metrics.md; the worked example there is a test.
#include <encore/sdk/civil_day.hpp>
#include <encore/sdk/plugin.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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

// Customers per cell (indexed by cell number, see CellCode) and per score of each dimension.
struct Counts {
  std::vector<int64_t> cells;
  std::array<std::vector<int64_t>, 3> scores;  // recency, frequency, monetary; [score - 1]
};

constexpr encore_str kNoText{"", 0};

struct Scores {
  std::vector<int64_t> r, f, m;
  std::vector<std::string> cell_codes;  // one per cell
  std::vector<encore_str> codes;        // per customer, views of cell_codes
  Counts counts;
};

// first_order_date and last_order_date as views of `texts`.
struct DateColumns {
  std::vector<std::string> texts;
  std::vector<encore_str> first, last;
};

encore_str View(const std::string& s) { return encore_str{s.data(), s.size()}; }

// Cell number (R-1, F-1, M-1 as base-k digits) -> "RFM".
std::string CellCode(size_t cell, int k) {
  const auto kk = static_cast<size_t>(k);
  return std::string{static_cast<char>('1' + cell / (kk * kk)),
                     static_cast<char>('1' + cell / kk % kk), static_cast<char>('1' + cell % kk)};
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
    const Borders borders =
        options_.scoring == Scoring::kFixed ? options_.fixed_borders : QuantileBordersOf(values);
    const Scores scores = Score(values, borders, poll);
    const DateColumns dates = Dates(values);
    poll(customer_count * 2);

    // Customers without a visible order keep 0 and "" in every column: the host drops them.
    context.put_scores("rfm_code", scores.codes);
    context.put_scores("r_score", scores.r);
    context.put_scores("f_score", scores.f);
    context.put_scores("m_score", scores.m);
    context.put_scores("recency_days", values.recency_days);
    context.put_scores("frequency", values.frequency);
    context.put_scores("monetary_minor", values.monetary_minor);
    context.put_scores("orders", values.orders);
    context.put_scores("first_order_date", dates.first);
    context.put_scores("last_order_date", dates.last);
    PutMetrics(context, values.visible.size(), borders, scores.counts);
    Warn(context, values.visible.size(), scores.counts);
  }

 private:
  Scores Score(const CustomerValues& values, const Borders& borders,
               const std::function<void(size_t)>& poll) const {
    const int k = options_.k;
    const size_t n = values.recency_days.size();
    Scores s;
    s.r.assign(n, 0), s.f.assign(n, 0), s.m.assign(n, 0);
    s.codes.assign(n, kNoText);
    s.counts.cells.assign(static_cast<size_t>(k * k * k), 0);
    for (auto& sizes : s.counts.scores) sizes.assign(static_cast<size_t>(k), 0);
    // One string per cell; the rows point at it.
    s.cell_codes.resize(s.counts.cells.size());
    for (size_t cell = 0; cell < s.cell_codes.size(); ++cell)
      s.cell_codes[cell] = CellCode(cell, k);

    for (size_t i = 0; i < values.visible.size(); ++i) {
      if (i % kPollEvery == 0) poll(n + i);
      const uint32_t c = values.visible[i];
      // Fewer days since the last purchase is better, so recency bands count down.
      const int r = k + 1 - Band(values.recency_days[c], borders.recency);
      const int f = Band(values.frequency[c], borders.frequency);
      const int m = Band(values.monetary_minor[c], borders.monetary);
      s.r[c] = r, s.f[c] = f, s.m[c] = m;
      const auto cell = static_cast<size_t>(((r - 1) * k + (f - 1)) * k + (m - 1));
      s.codes[c] = View(s.cell_codes[cell]);
      ++s.counts.cells[cell];
      ++s.counts.scores[0][r - 1], ++s.counts.scores[1][f - 1], ++s.counts.scores[2][m - 1];
    }
    return s;
  }

  void PutMetrics(const sdk::MethodContext& context, size_t customers, const Borders& borders,
                  const Counts& counts) const {
    const int k = options_.k;
    context.put_metric("rfm.customers", static_cast<double>(customers));
    context.put_metric("rfm.k", k);
    context.put_metric_json("rfm.borders", BordersJson(borders));
    nlohmann::json cells = nlohmann::json::object();
    for (size_t cell = 0; cell < counts.cells.size(); ++cell) {
      cells[CellCode(cell, k)] = counts.cells[cell];
    }
    context.put_metric_json("rfm.cell_sizes", cells);
    nlohmann::json sizes = nlohmann::json::object();
    for (size_t d = 0; d < 3; ++d) {
      nlohmann::json per_score = nlohmann::json::object();
      for (int s = 1; s <= k; ++s) per_score[std::to_string(s)] = counts.scores[d][s - 1];
      sizes[kDimensionNames[d]] = per_score;
    }
    context.put_metric_json("rfm.score_sizes", sizes);
  }

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
  // each day is formatted once and the rows point at it.
  static DateColumns Dates(const CustomerValues& values) {
    DateColumns out;
    out.first.assign(values.first_day.size(), kNoText);
    out.last.assign(values.last_day.size(), kNoText);
    if (values.visible.empty()) return out;
    int32_t min_day = values.first_day[values.visible.front()], max_day = min_day;
    for (uint32_t c : values.visible) {
      min_day = std::min(min_day, values.first_day[c]);
      max_day = std::max(max_day, values.last_day[c]);
    }
    const auto span = static_cast<size_t>(static_cast<int64_t>(max_day) - min_day) + 1;
    if (span > values.visible.size() + 36600) {
      // A stray date far from the others: one text per row (reserved, so views stay valid).
      out.texts.reserve(values.visible.size() * 2);
      for (uint32_t c : values.visible) {
        out.first[c] = View(out.texts.emplace_back(sdk::FormatDay(values.first_day[c])));
        out.last[c] = View(out.texts.emplace_back(sdk::FormatDay(values.last_day[c])));
      }
      return out;
    }
    out.texts.resize(span);
    for (size_t d = 0; d < span; ++d)
      out.texts[d] = sdk::FormatDay(min_day + static_cast<int64_t>(d));
    for (uint32_t c : values.visible) {
      out.first[c] = View(out.texts[static_cast<size_t>(values.first_day[c] - min_day)]);
      out.last[c] = View(out.texts[static_cast<size_t>(values.last_day[c] - min_day)]);
    }
    return out;
  }

  // Conditions an operator should see: nothing to score, or a dimension that does not separate
  // customers at all (every customer got the same score).
  void Warn(const sdk::MethodContext& context, size_t customers, const Counts& counts) const {
    if (customers == 0) {
      context.warn("rfm: no customer has an order at or before the as-of date; nothing scored");
      return;
    }
    if (customers < 2) return;
    for (size_t d = 0; d < 3; ++d) {
      for (int s = 1; s <= options_.k; ++s) {
        if (counts.scores[d][s - 1] == static_cast<int64_t>(customers)) {
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
