#include "bgnbd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "hypergeometric.h"
#include "mle.h"
#include "parallel.h"
#include "special_functions.h"

namespace encore::plugins::predictive {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

bool Valid(const BgNbdParams& p) {
  for (double v : {p.r, p.alpha, p.a, p.b}) {
    if (!(v > 0) || !std::isfinite(v)) return false;
  }
  return true;
}

// Per-chunk sums of the tuple loop.
struct TupleSums {
  double ll = 0, d_r = 0, d_alpha = 0;
  std::vector<double> dropout_weight;  // per group: sum of count * P(the t_x term)
};

}  // namespace

double BgNbdLogLikelihood(const BgNbdParams& p, const HistoryTable& table,
                          std::array<double, 4>* gradient, int threads) {
  if (!Valid(p)) return kMinusInfinity;
  const size_t times = table.times.size(), groups = table.group_x.size();
  std::vector<double> log_at(times), inverse_at(times);
  for (size_t i = 0; i < times; ++i) {
    log_at[i] = std::log(p.alpha + table.times[i]);
    inverse_at[i] = 1 / (p.alpha + table.times[i]);
  }
  // Per customer: LL = A + ln(exp(-(r+x) ln(alpha+T)) + [x>0] exp(c_x - (r+x) ln(alpha+t_x)))
  // with c_x = ln a - ln(b+x-1) and A depending on x only. d = c_x + (r+x)(ln(alpha+T) -
  // ln(alpha+t_x)) is the log-ratio of the two terms; x = 0 has c_x = -inf, i.e. no second term.
  std::vector<double> c(groups), rx(groups);
  for (size_t g = 0; g < groups; ++g) {
    const int32_t x = table.group_x[g];
    c[g] = x > 0 ? std::log(p.a) - std::log(p.b + x - 1) : kMinusInfinity;
    rx[g] = p.r + x;
  }
  const size_t n = table.tuple_count.size();
  std::vector<TupleSums> sums(ChunkCount(n, threads));
  ParallelChunks(n, threads, [&](int chunk, size_t begin, size_t end) {
    // Local accumulators: chunks write their sums once, so threads share no cache line.
    CompensatedSum ll;
    double d_r = 0, d_alpha = 0;
    std::vector<double> dropout_weight(groups, 0.0);
    // sum ln(1 + e_k) is accumulated as the log of a running product of the (1 + e_k) in [1, 2],
    // one log per kProductRun tuples instead of one per tuple (the hot loop's largest cost).
    // The product's rounding adds at most kProductRun * 1.1e-16 to each logged batch.
    constexpr int kProductRun = 256;
    double product = 1;
    int in_product = 0;
    for (size_t k = begin; k < end; ++k) {
      const uint32_t g = table.tuple_group[k], iT = table.tuple_T[k], itx = table.tuple_tx[k];
      const double w = table.tuple_count[k];
      const double log_T = log_at[iT];
      if (table.group_x[g] == 0) {  // one term only: ln L = -r ln(alpha + T) + const
        ll.Add(-w * p.r * log_T);
        d_r -= w * log_T;
        d_alpha -= w * p.r * inverse_at[iT];
        continue;
      }
      const double log_tx = log_at[itx];
      const double d = c[g] + rx[g] * (log_T - log_tx);
      const double e = std::exp(-std::fabs(d));
      const double one_plus = 1 + e;
      const double dropped = (d >= 0 ? 1 : e) / one_plus;  // weight of the t_x term
      const double survive = 1 - dropped;
      ll.Add(w * ((d > 0 ? d : 0) - rx[g] * log_T));
      if (w == 1) {
        product *= one_plus;
        if (++in_product == kProductRun) {
          ll.Add(std::log(product));
          product = 1;
          in_product = 0;
        }
      } else {
        ll.Add(w * std::log(one_plus));
      }
      d_r -= w * (survive * log_T + dropped * log_tx);
      d_alpha -= w * rx[g] * (survive * inverse_at[iT] + dropped * inverse_at[itx]);
      dropout_weight[g] += w * dropped;
    }
    ll.Add(std::log(product));
    TupleSums& s = sums[chunk];
    s.ll = ll.value();
    s.d_r = d_r;
    s.d_alpha = d_alpha;
    s.dropout_weight = std::move(dropout_weight);
  });
  CompensatedSum ll;
  double d_r = 0, d_alpha = 0, d_a = 0, d_b = 0;
  for (const TupleSums& s : sums) {
    ll.Add(s.ll);
    d_r += s.d_r;
    d_alpha += s.d_alpha;
  }
  const double log_alpha = std::log(p.alpha);
  const double lg_r = LogGamma(p.r), lg_b = LogGamma(p.b), lg_ab = LogGamma(p.a + p.b);
  const double psi_r = Digamma(p.r), psi_b = Digamma(p.b), psi_ab = Digamma(p.a + p.b);
  for (size_t g = 0; g < groups; ++g) {
    const double x = table.group_x[g], n_x = table.group_count[g];
    // ln Gamma(r+x) - ln Gamma(r) + r ln alpha + ln B(a, b+x) - ln B(a, b).
    ll.Add(n_x * p.r * log_alpha);
    d_r += n_x * log_alpha;
    d_alpha += n_x * p.r / p.alpha;
    if (x == 0) continue;
    double dropout = 0;
    for (const TupleSums& s : sums) dropout += s.dropout_weight[g];
    ll.Add(n_x *
           (LogGamma(p.r + x) - lg_r + lg_ab + LogGamma(p.b + x) - lg_b - LogGamma(p.a + p.b + x)));
    const double psi_abx = Digamma(p.a + p.b + x);
    d_r += n_x * (Digamma(p.r + x) - psi_r);
    d_a += n_x * (psi_ab - psi_abx) + dropout / p.a;
    d_b += n_x * (psi_ab + Digamma(p.b + x) - psi_b - psi_abx) - dropout / (p.b + x - 1);
  }
  if (gradient != nullptr) *gradient = {d_r * p.r, d_alpha * p.alpha, d_a * p.a, d_b * p.b};
  return std::isfinite(ll.value()) ? ll.value() : kMinusInfinity;
}

BgNbdFit FitBgNbd(const HistoryTable& table, const FitOptions& options) {
  auto to_params = [](const std::vector<double>& theta) {
    return BgNbdParams{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]),
                       std::exp(theta[3])};
  };
  auto maximize = [&](const HistoryTable& data, std::vector<double> start,
                      const FitOptions& fit_options) {
    auto log_likelihood = [&](const std::vector<double>& theta, std::vector<double>* gradient) {
      std::array<double, 4> g{};
      const double ll = BgNbdLogLikelihood(to_params(theta), data, &g, fit_options.threads);
      std::copy(g.begin(), g.end(), gradient->begin());
      return ll;
    };
    return MaximizeLikelihood(log_likelihood, std::move(start), {"r", "alpha", "a", "b"},
                              data.customers, fit_options);
  };
  // Start: r = 1 and alpha matching the observed repeat rate sum(x) / sum(T); a = b = 1.
  const double rate_scale = std::clamp(table.total_T / std::max(table.total_x, 1.0), 1e-3, 1e6);
  std::vector<double> start = {0.0, std::log(rate_scale), 0.0, 0.0};
  FitOptions full = options;
  if (options.start.size() == start.size()) {
    start = options.start;
  } else if (table.tuple_count.size() > options.warm_start_above) {
    FitOptions rough = options;
    rough.standard_errors = false;
    rough.bfgs.gradient_tolerance = 1e-6;
    const MleResult warm =
        maximize(SampleTuples(table, table.tuple_count.size() /
                                         std::max<size_t>(options.warm_start_sample, 1)),
                 start, rough);
    if (warm.report.converged) start = warm.theta;
    if (warm.report.converged) full.bfgs.initial_inverse_hessian = warm.inverse_hessian;
  }
  const MleResult mle = maximize(table, std::move(start), full);
  BgNbdFit fit;
  fit.params = to_params(mle.theta);
  fit.report = mle.report;
  fit.inverse_hessian = mle.inverse_hessian;
  return fit;
}

double BgNbdModel::ProbabilityAlive(double x, double t_x, double T) const {
  if (!(x > 0)) return 1;
  const double log_odds = std::log(p_.a) - std::log(p_.b + x - 1) +
                          (p_.r + x) * (std::log(p_.alpha + T) - std::log(p_.alpha + t_x));
  const double alive = SoftplusAndSigmoid(-log_odds).sigmoid;
  return std::isfinite(alive) ? alive : 0;
}

double BgNbdModel::ExpectedTransactionsIfAlive(double x, double T, double t) const {
  if (!(t > 0)) return 0;
  // With z = t/(alpha+T+t), L = ln(1-z), e = a-1, C = a+b+x-1, A = a+b-1-r, Euler's
  // transformation turns (1-z)^(r+x) 2F1(r+x, b+x; C; z) into (1-z)^e 2F1(A, e; C; z), whose
  // series has the small parameter e instead of the large ones. Then
  // C/e [1 - (1-z)^e (1 + e S)] = C (1 - e^{eL})/e - e^{eL} C S with S = (2F1(A,e;C;z) - 1)/e.
  const double z = t / (p_.alpha + T + t);
  const double log_rest = -std::log1p(t / (p_.alpha + T));
  const double e = p_.a - 1;
  const double C = p_.a + p_.b + x - 1;
  const double series = Hyp2F1ExcessScaled(p_.a + p_.b - 1 - p_.r, e, C, z);
  const double value = C * OneMinusPowerOverExponent(e, log_rest) - std::exp(e * log_rest) * series;
  return std::isfinite(value) ? std::max(value, 0.0) : 0;
}

double BgNbdModel::ExpectedRateIfAlive(double x, double T) const {
  return (p_.r + x) / (p_.alpha + T);
}

double BgNbdModel::ExpectedTransactionsUnconditional(double t) const {
  return ExpectedTransactionsIfAlive(0, 0, t);
}

double BgNbdModel::ProbabilityOfTransactions(double t, int n) const {
  if (n < 0) return 0;
  if (!(t > 0)) return n == 0 ? 1 : 0;
  // NB(j) = Gamma(r+j)/(Gamma(r) j!) (alpha/(alpha+t))^r (t/(alpha+t))^j, the count of a
  // customer who never drops out. P(X(t)=n) = B(a,b+n)/B(a,b) NB(n)
  //   + [n>0] B(a+1,b+n-1)/B(a,b) (1 - sum_{j<n} NB(j)).
  const double log_q = std::log(p_.alpha / (p_.alpha + t));
  const double log_z = std::log(t / (p_.alpha + t));
  auto log_nb = [&](int j) {
    return LogGamma(p_.r + j) - LogGamma(p_.r) - LogGamma(j + 1.0) + p_.r * log_q + j * log_z;
  };
  const double log_beta_ab = LogGamma(p_.a) + LogGamma(p_.b) - LogGamma(p_.a + p_.b);
  const double log_stay =
      LogGamma(p_.a) + LogGamma(p_.b + n) - LogGamma(p_.a + p_.b + n) - log_beta_ab;
  double value = std::exp(log_stay + log_nb(n));
  if (n > 0) {
    double cdf = 0;
    for (int j = 0; j < n; ++j) cdf += std::exp(log_nb(j));
    double tail = 1 - cdf;
    if (cdf > 0.5) {  // sum the tail directly: 1 - cdf would cancel
      tail = 0;
      for (int j = n; j < n + 100000; ++j) {
        const double term = std::exp(log_nb(j));
        tail += term;
        if (term < 1e-17 * tail && j > p_.r * std::exp(log_z - log_q)) break;
      }
    }
    const double log_drop =
        LogGamma(p_.a + 1) + LogGamma(p_.b + n - 1) - LogGamma(p_.a + p_.b + n) - log_beta_ab;
    value += std::exp(log_drop) * tail;
  }
  return std::isfinite(value) ? std::clamp(value, 0.0, 1.0) : 0;
}

}  // namespace encore::plugins::predictive
