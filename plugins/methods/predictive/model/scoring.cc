#include "scoring.h"

#include <algorithm>
#include <cmath>

#include "parallel.h"

namespace encore::plugins::predictive {
namespace {

double Finite(double v) { return std::isfinite(v) ? v : 0; }

// A pair costs one hypergeometric series per horizon (hundreds of flops): worth a thread sooner.
constexpr size_t kMinPairsPerThread = 512;

}  // namespace

double DiscountedTransactionsIfAlive(const TransactionModel& model, double x, double T,
                                     double horizon, double period, double discount_rate) {
  if (!(horizon > 0) || !(period > 0)) return 0;
  const double periods = std::ceil(horizon / period - 1e-9);
  double sum = 0, previous = 0, discount = 1;
  for (int m = 1; m <= periods; ++m) {
    const double t = std::min(m * period, horizon);
    const double current = model.ExpectedTransactionsIfAlive(x, T, t);
    discount /= 1 + discount_rate;
    sum += (current - previous) * discount;
    previous = current;
  }
  return Finite(sum);
}

std::vector<CustomerScore> ScoreCustomers(const TransactionModel& model, const SpendModel& spend,
                                          const std::vector<CustomerSummary>& customers,
                                          const ScoringOptions& options) {
  const HistoryPairs pairs = BuildHistoryPairs(customers);
  const size_t pair_count = pairs.x.size();
  std::vector<double> if_alive(pair_count), discounted(pair_count);
  ParallelChunks(
      pair_count, options.threads,
      [&](int, size_t begin, size_t end) {
        for (size_t k = begin; k < end; ++k) {
          if_alive[k] = Finite(
              model.ExpectedTransactionsIfAlive(pairs.x[k], pairs.T[k], options.purchase_horizon));
          discounted[k] =
              DiscountedTransactionsIfAlive(model, pairs.x[k], pairs.T[k], options.clv_horizon,
                                            options.clv_period, options.discount_rate);
        }
      },
      kMinPairsPerThread);
  std::vector<CustomerScore> scores(customers.size());
  ParallelChunks(customers.size(), options.threads, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t k = pairs.of_customer[i];
      if (k == HistoryPairs::kNone) continue;
      const CustomerSummary& c = customers[i];
      CustomerScore& s = scores[i];
      s.p_alive = Finite(model.ProbabilityAlive(c.x, c.t_x, c.T));
      s.expected_purchases = Finite(s.p_alive * if_alive[k]);
      s.expected_spend = Finite(spend.ExpectedSpend(c.x, c.zbar));
      s.clv = Finite(s.expected_spend * s.p_alive * discounted[k]);
      // Next order: an active customer buys at the posterior mean rate (r+x)/(alpha+T), and the
      // Poisson process has no memory, so the expected wait from T is (alpha+T)/(r+x).
      const double rate = model.ExpectedRateIfAlive(c.x, c.T);
      if (s.p_alive >= options.p_alive_threshold && rate > 0 && std::isfinite(1 / rate)) {
        s.has_next_order = true;
        s.next_order_in = 1 / rate;
      }
    }
  });
  return scores;
}

std::vector<double> ExpectedTransactionsForAll(const TransactionModel& model,
                                               const std::vector<CustomerSummary>& customers,
                                               double t, int threads) {
  const HistoryPairs pairs = BuildHistoryPairs(customers);
  std::vector<double> if_alive(pairs.x.size());
  ParallelChunks(
      if_alive.size(), threads,
      [&](int, size_t begin, size_t end) {
        for (size_t k = begin; k < end; ++k) {
          if_alive[k] = Finite(model.ExpectedTransactionsIfAlive(pairs.x[k], pairs.T[k], t));
        }
      },
      kMinPairsPerThread);
  std::vector<double> expected(customers.size(), 0.0);
  ParallelChunks(customers.size(), threads, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t k = pairs.of_customer[i];
      if (k == HistoryPairs::kNone) continue;
      const CustomerSummary& c = customers[i];
      expected[i] = Finite(model.ProbabilityAlive(c.x, c.t_x, c.T) * if_alive[k]);
    }
  });
  return expected;
}

}  // namespace encore::plugins::predictive
