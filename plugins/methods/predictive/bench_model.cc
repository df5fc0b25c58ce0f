// Benchmark of the predictive model core on synthetic data shaped like the 10M-line benchmark file
// (/tmp/orders_10m.csv: 1M customers, about 4.3M orders over three years).
//
//   bench_predictive_model [customers=1000000] [threads=2] [validation_holdout_days=90]
//
// Purchase days are drawn from a BG/NBD process in days (first purchases spread over three
// years), so same-day purchases and the distribution of (x, t_x, T) look like real day-based
// histories. Generation is not timed; every model step is: the scoring run (calibration to the
// last day), then the default validation on a split of the same history, as the plugin does.
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "model/bgnbd.h"
#include "model/gamma_gamma.h"
#include "model/history_table.h"
#include "model/holdout_validation.h"
#include "model/parallel.h"
#include "model/scoring.h"
#include "model/summary.h"
#include "synthetic_orders.h"

namespace predictive = encore::plugins::predictive;
using predictive::bench::Generate;
using predictive::bench::Orders;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU time of the whole process (all threads): on a machine shared with other jobs the wall
// time of a step varies, its CPU time much less.
double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const int32_t holdout = argc > 3 ? std::atoi(argv[3]) : 90;
  const int32_t days = 1096;
  const Orders orders = Generate(customers, days);
  std::printf("customers %zu, orders %zu, threads %d, validation holdout %d days\n", customers,
              orders.day.size(), threads, holdout);

  auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  auto step = start;
  double cpu_step = cpu_start;
  std::printf("  %-40s %8s %8s\n", "step", "wall ms", "cpu ms");
  auto lap = [&](const char* what) {
    const double cpu = CpuSeconds();
    std::printf("  %-40s %8.1f %8.1f\n", what, Seconds(step) * 1e3, (cpu - cpu_step) * 1e3);
    step = std::chrono::steady_clock::now();
    cpu_step = cpu;
  };
  auto summarize = [&](const predictive::SummaryPeriod& period) {
    std::vector<predictive::CustomerSummary> summaries(customers);
    predictive::ParallelChunks(customers, threads, [&](int, size_t begin, size_t end) {
      for (size_t c = begin; c < end; ++c) {
        const uint32_t first = orders.begin[c], count = orders.begin[c + 1] - first;
        summaries[c] =
            predictive::SummarizeCustomer(&orders.day[first], &orders.value[first], count, period);
      }
    });
    return summaries;
  };

  // The scoring run: calibration to the last day.
  predictive::SummaryPeriod period;
  period.calibration_end_day = days - 1;
  period.holdout_end_day = days - 1;
  period.unit = predictive::TimeUnit::kDays;
  const std::vector<predictive::CustomerSummary> summaries = summarize(period);
  lap("summary");
  const predictive::HistoryTable table = predictive::BuildHistoryTable(summaries);
  lap("history table");
  predictive::FitOptions options;
  options.threads = threads;
  const predictive::BgNbdFit fit = predictive::FitBgNbd(table, options);
  lap("BG/NBD fit (with Hessian)");
  const predictive::SpendTable spend_table = predictive::BuildSpendTable(summaries);
  const predictive::GammaGammaFit spend_fit = predictive::FitGammaGamma(spend_table, options);
  lap("Gamma-Gamma fit (with Hessian)");
  const predictive::BgNbdModel model(fit.params);
  const predictive::GammaGammaModel spend(spend_fit.params);
  predictive::ScoringOptions scoring;
  scoring.purchase_horizon = 90;
  scoring.clv_horizon = 365;
  scoring.clv_period = 30.4375;
  scoring.discount_rate = 0.01;
  scoring.p_alive_threshold = 0.3;
  scoring.threads = threads;
  const std::vector<predictive::CustomerScore> scores =
      predictive::ScoreCustomers(model, spend, summaries, scoring);
  lap("scoring (P(alive), E[Y(90)], CLV)");
  const double total = Seconds(start), total_cpu = CpuSeconds() - cpu_start;

  // The default validation: the same model fitted on the history up to `holdout` days before
  // the last day, started from the scoring fit, without Hessian; then the holdout table.
  const auto validation_start = std::chrono::steady_clock::now();
  const double validation_cpu_start = CpuSeconds();
  predictive::SummaryPeriod split = period;
  split.calibration_end_day = days - 1 - holdout;
  const std::vector<predictive::CustomerSummary> split_summaries = summarize(split);
  lap("validation: summary of the split");
  const predictive::HistoryTable split_table = predictive::BuildHistoryTable(split_summaries);
  lap("validation: history table");
  predictive::FitOptions split_options = options;
  split_options.standard_errors = false;
  split_options.start = {std::log(fit.params.r), std::log(fit.params.alpha), std::log(fit.params.a),
                         std::log(fit.params.b)};
  split_options.bfgs.initial_inverse_hessian = fit.inverse_hessian;
  const predictive::BgNbdFit split_fit = predictive::FitBgNbd(split_table, split_options);
  lap("validation: BG/NBD fit (warm, no Hessian)");
  const predictive::BgNbdModel split_model(split_fit.params);
  const predictive::HoldoutValidation validation =
      predictive::ValidateHoldout(split_model, split_summaries, holdout, 7, threads);
  lap("validation: holdout table");
  const double validation_total = Seconds(validation_start);
  const double validation_cpu = CpuSeconds() - validation_cpu_start;

  // For comparison (not part of the plugin): the validation fit as the scoring fit does it.
  predictive::FitOptions cold = options;
  cold.standard_errors = false;
  const predictive::BgNbdFit cold_fit = predictive::FitBgNbd(split_table, cold);
  lap("(compare: fit from the sample warm start)");
  const predictive::BgNbdFit hessian_fit = predictive::FitBgNbd(split_table, options);
  lap("(compare: fit with sample start + Hessian)");

  double clv = 0;
  for (const auto& s : scores) clv += s.clv;
  std::printf("scoring run (summary + fits + scoring): %.1f ms wall, %.1f ms cpu\n", total * 1e3,
              total_cpu * 1e3);
  std::printf(
      "validation (split summary + table + fit + holdout table): %.1f ms wall, %.1f ms cpu\n",
      validation_total * 1e3, validation_cpu * 1e3);
  std::printf("in calibration %.0f, repeaters %.0f, distinct times %zu, tuples %zu\n",
              table.customers, table.repeat_customers, table.times.size(),
              table.tuple_count.size());
  std::printf(
      "BG/NBD r %.4f alpha %.3f a %.4f b %.4f  LL %.2f  %d iterations, %d evaluations, %s\n",
      fit.params.r, fit.params.alpha, fit.params.a, fit.params.b, fit.report.log_likelihood,
      fit.report.iterations, fit.report.evaluations, fit.report.message.c_str());
  std::printf("Gamma-Gamma p %.4f q %.4f gamma %.4f  %d iterations, %d evaluations\n",
              spend_fit.params.p, spend_fit.params.q, spend_fit.params.gamma,
              spend_fit.report.iterations, spend_fit.report.evaluations);
  std::printf(
      "validation BG/NBD r %.4f alpha %.3f a %.4f b %.4f  %d evaluations (sample start: %d + "
      "sample; r %.4f)\n",
      split_fit.params.r, split_fit.params.alpha, split_fit.params.a, split_fit.params.b,
      split_fit.report.evaluations, cold_fit.report.evaluations, cold_fit.params.r);
  std::printf("validation: %.0f customers, holdout actual %.0f predicted %.1f; sum of CLV %.0f\n",
              validation.customers, validation.actual_total, validation.predicted_total, clv);
  return 0;
}
