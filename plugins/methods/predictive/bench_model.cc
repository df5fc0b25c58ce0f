// Benchmark of the predictive model core on synthetic data shaped like the 10M-line benchmark file
// (/tmp/orders_10m.csv: 1M customers, about 4.3M orders over three years).
//
//   bench_predictive_model [customers=1000000] [threads=2]
//
// Purchase days are drawn from a BG/NBD process in days (first purchases spread over three
// years, calibration end = last day), so same-day purchases and the distribution of (x, t_x, T)
// look like real day-based histories. Generation is not timed; every model step is.
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
  const int32_t days = 1096;
  const Orders orders = Generate(customers, days);
  std::printf("customers %zu, orders %zu, threads %d\n", customers, orders.day.size(), threads);

  auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  auto step = start;
  double cpu_step = cpu_start;
  std::printf("  %-34s %8s %8s\n", "step", "wall ms", "cpu ms");
  auto lap = [&](const char* what) {
    const double cpu = CpuSeconds();
    std::printf("  %-34s %8.1f %8.1f\n", what, Seconds(step) * 1e3, (cpu - cpu_step) * 1e3);
    step = std::chrono::steady_clock::now();
    cpu_step = cpu;
  };

  // Calibration to the last day (the scoring run) and, separately, a 273-day holdout split.
  predictive::SummaryPeriod period;
  period.calibration_end_day = days - 1 - 273;
  period.holdout_end_day = days - 1;
  period.unit = predictive::TimeUnit::kDays;
  std::vector<predictive::CustomerSummary> summaries(customers);
  predictive::ParallelChunks(customers, threads, [&](int, size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      const uint32_t first = orders.begin[c], count = orders.begin[c + 1] - first;
      summaries[c] =
          predictive::SummarizeCustomer(&orders.day[first], &orders.value[first], count, period);
    }
  });
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
  const predictive::HoldoutValidation validation =
      predictive::ValidateHoldout(model, summaries, 273, 7, threads);
  lap("holdout validation (273 days)");

  double clv = 0;
  for (const auto& s : scores) clv += s.clv;
  std::printf("total summary + fits + scoring: %.1f ms wall, %.1f ms cpu\n", total * 1e3,
              total_cpu * 1e3);
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
  std::printf("holdout actual %.0f predicted %.1f; sum of CLV %.0f\n", validation.actual_total,
              validation.predicted_total, clv);
  return 0;
}
