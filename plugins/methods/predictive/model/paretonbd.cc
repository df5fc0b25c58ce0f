#include "paretonbd.h"

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

bool Valid(const ParetoNbdParams& p) {
  for (double v : {p.r, p.alpha, p.s, p.beta}) {
    if (!(v > 0) || !std::isfinite(v)) return false;
  }
  return true;
}

// A log-term of the likelihood with its gradient in (r, alpha, s, beta).
struct LogTerm {
  double value = 0;
  std::array<double, 4> d{};
};

// The likelihood of (x, t_x, T) is, up to the factor Gamma(r+x) alpha^r beta^s / Gamma(r),
//   exp(Lead(x, T)) + exp(Tail(x, t_x)) - exp(Tail(x, T)),
// where Lead = -(r+x) ln(alpha+T) - s ln(beta+T) is "still active at T" and
// exp(Tail(x, t)) = s * integral_t^inf (alpha+y)^-(r+x) (beta+y)^-(s+1) dy.
LogTerm Lead(const ParetoNbdParams& p, double x, double t) {
  LogTerm term;
  const double log_a = std::log(p.alpha + t), log_b = std::log(p.beta + t);
  term.value = -(p.r + x) * log_a - p.s * log_b;
  term.d = {-log_a, -(p.r + x) / (p.alpha + t), -log_b, -p.s / (p.beta + t)};
  return term;
}

// The integral in closed form (Fader & Hardie's note): with m = r+s+x,
//   alpha >= beta: s/m 2F1(m, s+1; m+1; z) (alpha+t)^-m,    z = (alpha-beta)/(alpha+t)
//   alpha <  beta: s/m 2F1(m, r+x; m+1; z) (beta+t)^-m,     z = (beta-alpha)/(beta+t)
// Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) turns both into
// 2F1(1, u; m+1; z), whose terms are positive and fall at least like z^n:
//   alpha >= beta: ln(s/m) - (r+x) ln(alpha+t) - s ln(beta+t) + ln 2F1(1, r+x; m+1; z)
//   alpha <  beta: ln(s/m) - (r+x-1) ln(alpha+t) - (s+1) ln(beta+t) + ln 2F1(1, s+1; m+1; z)
// The gradient follows from the series' own parameter derivatives (LogHyp2F1One).
LogTerm Tail(const ParetoNbdParams& p, double x, double t, bool* converged) {
  LogTerm term;
  const double m = p.r + p.s + x;
  const double log_a = std::log(p.alpha + t), log_b = std::log(p.beta + t);
  const double common = std::log(p.s) - std::log(m);
  if (p.alpha >= p.beta) {
    const double z = (p.alpha - p.beta) / (p.alpha + t);
    const LogHyp2F1OneResult f = LogHyp2F1One(p.r + x, m + 1, z);
    *converged = *converged && f.converged;
    term.value = common - (p.r + x) * log_a - p.s * log_b + f.log_value;
    const double dz_dalpha = (p.beta + t) / ((p.alpha + t) * (p.alpha + t));
    const double dz_dbeta = -1 / (p.alpha + t);
    term.d = {-1 / m - log_a + f.d_u + f.d_c, -(p.r + x) / (p.alpha + t) + f.d_z * dz_dalpha,
              1 / p.s - 1 / m - log_b + f.d_c, -p.s / (p.beta + t) + f.d_z * dz_dbeta};
  } else {
    const double z = (p.beta - p.alpha) / (p.beta + t);
    const LogHyp2F1OneResult f = LogHyp2F1One(p.s + 1, m + 1, z);
    *converged = *converged && f.converged;
    term.value = common - (p.r + x - 1) * log_a - (p.s + 1) * log_b + f.log_value;
    const double dz_dalpha = -1 / (p.beta + t);
    const double dz_dbeta = (p.alpha + t) / ((p.beta + t) * (p.beta + t));
    term.d = {-1 / m - log_a + f.d_c, -(p.r + x - 1) / (p.alpha + t) + f.d_z * dz_dalpha,
              1 / p.s - 1 / m - log_b + f.d_u + f.d_c,
              -(p.s + 1) / (p.beta + t) + f.d_z * dz_dbeta};
  }
  return term;
}

// ln(exp(lead) + exp(tail_tx) - exp(tail_T)) and the weights of the three gradients.
struct Combined {
  double value;
  double w_lead, w_tx, w_T;
};

Combined Combine(double lead, double tail_tx, double tail_T) {
  const double top = std::max(lead, tail_tx);
  const double e_lead = std::exp(lead - top);
  const double e_tx = std::exp(tail_tx - top), e_T = std::exp(tail_T - top);
  // tail_tx >= tail_T in exact arithmetic (the integral over [t_x, T] is not negative).
  const double between = e_tx - e_T;
  if (!(between > 0)) return {lead, 1, 0, 0};
  const double sum = e_lead + between;
  return {top + std::log(sum), e_lead / sum, e_tx / sum, -e_T / sum};
}

struct PairTerms {
  std::vector<LogTerm> lead, tail;
};

struct TupleSums {
  double ll = 0;
  std::array<double, 4> d{};
};

}  // namespace

double ParetoNbdLogLikelihood(const ParetoNbdParams& p, const HistoryTable& given,
                              std::array<double, 4>* gradient, int threads) {
  if (!Valid(p)) return kMinusInfinity;
  HistoryTable with_pairs;
  const HistoryTable* table = &given;
  if (given.tuple_pair_tx.size() != given.tuple_count.size()) {
    with_pairs = given;
    AddTimePairs(&with_pairs);
    table = &with_pairs;
  }
  const size_t pairs = table->pair_group.size();
  PairTerms terms;
  terms.lead.resize(pairs);
  terms.tail.resize(pairs);
  std::vector<char> converged(ChunkCount(pairs, threads), 1);
  ParallelChunks(pairs, threads, [&](int chunk, size_t begin, size_t end) {
    bool ok = true;
    for (size_t k = begin; k < end; ++k) {
      const double x = table->group_x[table->pair_group[k]];
      const double t = table->times[table->pair_time[k]];
      terms.lead[k] = Lead(p, x, t);
      terms.tail[k] = Tail(p, x, t, &ok);
    }
    converged[chunk] = ok;
  });
  for (char ok : converged) {
    if (!ok) return kMinusInfinity;  // series did not converge: treat as outside the domain
  }

  const size_t n = table->tuple_count.size();
  std::vector<TupleSums> sums(ChunkCount(n, threads));
  ParallelChunks(n, threads, [&](int chunk, size_t begin, size_t end) {
    // Local accumulators (no shared cache line between threads); compensated log-likelihood.
    CompensatedSum ll;
    std::array<double, 4> d{};
    for (size_t k = begin; k < end; ++k) {
      const uint32_t tx = table->tuple_pair_tx[k], T = table->tuple_pair_T[k];
      const Combined c = Combine(terms.lead[T].value, terms.tail[tx].value, terms.tail[T].value);
      const double w = table->tuple_count[k];
      ll.Add(w * c.value);
      for (int i = 0; i < 4; ++i) {
        d[i] += w * (c.w_lead * terms.lead[T].d[i] + c.w_tx * terms.tail[tx].d[i] +
                     c.w_T * terms.tail[T].d[i]);
      }
    }
    sums[chunk].ll = ll.value();
    sums[chunk].d = d;
  });
  CompensatedSum ll;
  std::array<double, 4> d{};
  for (const TupleSums& s : sums) {
    ll.Add(s.ll);
    for (int i = 0; i < 4; ++i) d[i] += s.d[i];
  }
  // ln Gamma(r+x) - ln Gamma(r) + r ln alpha + s ln beta, per distinct x.
  const double log_alpha = std::log(p.alpha), log_beta = std::log(p.beta);
  const double lg_r = LogGamma(p.r), psi_r = Digamma(p.r);
  for (size_t g = 0; g < table->group_x.size(); ++g) {
    const double x = table->group_x[g], n_x = table->group_count[g];
    ll.Add(n_x * (p.r * log_alpha + p.s * log_beta));
    d[0] += n_x * log_alpha;
    d[1] += n_x * p.r / p.alpha;
    d[2] += n_x * log_beta;
    d[3] += n_x * p.s / p.beta;
    if (x > 0) {
      ll.Add(n_x * (LogGamma(p.r + x) - lg_r));
      d[0] += n_x * (Digamma(p.r + x) - psi_r);
    }
  }
  if (gradient != nullptr) {
    *gradient = {d[0] * p.r, d[1] * p.alpha, d[2] * p.s, d[3] * p.beta};
  }
  return std::isfinite(ll.value()) ? ll.value() : kMinusInfinity;
}

ParetoNbdFit FitParetoNbd(const HistoryTable& given, const FitOptions& options) {
  auto to_params = [](const std::vector<double>& theta) {
    return ParetoNbdParams{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]),
                           std::exp(theta[3])};
  };
  auto maximize = [&](HistoryTable data, std::vector<double> start, const FitOptions& fit_options) {
    if (data.tuple_pair_tx.size() != data.tuple_count.size()) AddTimePairs(&data);
    auto log_likelihood = [&](const std::vector<double>& theta, std::vector<double>* gradient) {
      std::array<double, 4> g{};
      const double ll = ParetoNbdLogLikelihood(to_params(theta), data, &g, fit_options.threads);
      std::copy(g.begin(), g.end(), gradient->begin());
      return ll;
    };
    return MaximizeLikelihood(log_likelihood, std::move(start), {"r", "alpha", "s", "beta"},
                              data.customers, fit_options);
  };
  const double rate_scale = std::clamp(given.total_T / std::max(given.total_x, 1.0), 1e-3, 1e6);
  const double log_scale = std::log(rate_scale);
  std::vector<double> start = {0.0, log_scale, 0.0, log_scale};
  FitOptions full = options;
  if (options.start.size() == start.size()) {
    start = options.start;
  } else if (given.tuple_count.size() > options.warm_start_above) {
    FitOptions rough = options;
    rough.standard_errors = false;
    rough.bfgs.gradient_tolerance = 1e-6;
    const MleResult warm =
        maximize(SampleTuples(given, given.tuple_count.size() /
                                         std::max<size_t>(options.warm_start_sample, 1)),
                 start, rough);
    if (warm.report.converged) start = warm.theta;
    if (warm.report.converged) full.bfgs.initial_inverse_hessian = warm.inverse_hessian;
  }
  const MleResult mle = maximize(given, std::move(start), full);
  ParetoNbdFit fit;
  fit.params = to_params(mle.theta);
  fit.report = mle.report;
  fit.inverse_hessian = mle.inverse_hessian;
  return fit;
}

double ParetoNbdModel::ProbabilityAlive(double x, double t_x, double T) const {
  bool converged = true;
  const double lead = Lead(p_, x, T).value;
  const Combined c =
      Combine(lead, Tail(p_, x, t_x, &converged).value, Tail(p_, x, T, &converged).value);
  const double alive = std::exp(lead - c.value);
  return std::isfinite(alive) ? std::clamp(alive, 0.0, 1.0) : 0;
}

double ParetoNbdModel::ExpectedTransactionsIfAlive(double x, double T, double t) const {
  if (!(t > 0)) return 0;
  const double log_q = -std::log1p(t / (p_.beta + T));
  const double value =
      (p_.r + x) * (p_.beta + T) / (p_.alpha + T) * OneMinusPowerOverExponent(p_.s - 1, log_q);
  return std::isfinite(value) ? std::max(value, 0.0) : 0;
}

double ParetoNbdModel::ExpectedRateIfAlive(double x, double T) const {
  return (p_.r + x) / (p_.alpha + T);
}

double ParetoNbdModel::ExpectedTransactionsUnconditional(double t) const {
  return ExpectedTransactionsIfAlive(0, 0, t);
}

}  // namespace encore::plugins::predictive
