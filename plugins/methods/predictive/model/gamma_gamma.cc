#include "gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mle.h"
#include "parallel.h"
#include "special_functions.h"

namespace encore::plugins::predictive {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

struct SpendSums {
  std::vector<double> log_sum;      // per group: sum ln(gamma + x zbar)
  std::vector<double> inverse_sum;  // per group: sum 1 / (gamma + x zbar)
};

}  // namespace

SpendTable BuildSpendTable(const std::vector<CustomerSummary>& customers) {
  SpendTable table;
  int32_t max_x = 0;
  for (const CustomerSummary& c : customers) {
    if (!c.in_calibration || c.x <= 0) continue;
    if (!(c.zbar > 0) || !std::isfinite(c.zbar)) {
      ++table.excluded;
      continue;
    }
    max_x = std::max(max_x, c.x);
  }
  // Counting sort by x keeps the grouping linear in the number of customers.
  std::vector<size_t> count(static_cast<size_t>(max_x) + 2, 0);
  for (const CustomerSummary& c : customers) {
    if (c.in_calibration && c.x > 0 && c.zbar > 0 && std::isfinite(c.zbar)) ++count[c.x + 1];
  }
  for (size_t x = 1; x < count.size(); ++x) count[x] += count[x - 1];
  std::vector<size_t> position(count.begin(), count.end() - 1);
  table.zbar.resize(count.back());
  for (const CustomerSummary& c : customers) {
    if (c.in_calibration && c.x > 0 && c.zbar > 0 && std::isfinite(c.zbar)) {
      table.zbar[position[c.x]++] = c.zbar;
    }
  }
  for (int32_t x = 1; x <= max_x; ++x) {
    const size_t begin = count[x], end = count[x + 1];
    if (begin == end) continue;
    double log_sum = 0;
    for (size_t i = begin; i < end; ++i) log_sum += std::log(table.zbar[i]);
    table.group_x.push_back(x);
    table.group_begin.push_back(begin);
    table.group_log_zbar.push_back(log_sum);
  }
  table.group_begin.push_back(table.zbar.size());
  table.customers = static_cast<double>(table.zbar.size());
  double total = 0;
  for (double z : table.zbar) total += z;
  table.mean_zbar = table.zbar.empty() ? 0 : total / table.customers;
  return table;
}

SpendTable SampleSpendTable(const SpendTable& table, size_t every) {
  every = std::max<size_t>(every, 1);
  SpendTable sample;
  double total = 0;
  for (size_t g = 0; g < table.group_x.size(); ++g) {
    const size_t begin = sample.zbar.size();
    double log_sum = 0;
    for (size_t i = table.group_begin[g]; i < table.group_begin[g + 1]; i += every) {
      sample.zbar.push_back(table.zbar[i]);
      log_sum += std::log(table.zbar[i]);
      total += table.zbar[i];
    }
    sample.group_x.push_back(table.group_x[g]);
    sample.group_begin.push_back(begin);
    sample.group_log_zbar.push_back(log_sum);
  }
  sample.group_begin.push_back(sample.zbar.size());
  sample.customers = static_cast<double>(sample.zbar.size());
  sample.mean_zbar = sample.zbar.empty() ? 0 : total / sample.customers;
  return sample;
}

double GammaGammaLogLikelihood(const GammaGammaParams& params, const SpendTable& table,
                               std::array<double, 3>* gradient, int threads) {
  const double p = params.p, q = params.q, gamma = params.gamma;
  for (double v : {p, q, gamma}) {
    if (!(v > 0) || !std::isfinite(v)) return kMinusInfinity;
  }
  const size_t groups = table.group_x.size();
  // Customers are contiguous per group, so chunks over customers map back to groups by search.
  const size_t n = table.zbar.size();
  std::vector<SpendSums> sums(ChunkCount(n, threads));
  ParallelChunks(n, threads, [&](int chunk, size_t begin, size_t end) {
    std::vector<double> log_sum(groups, 0.0), inverse_sum(groups, 0.0);
    size_t g = std::upper_bound(table.group_begin.begin(), table.group_begin.end(), begin) -
               table.group_begin.begin() - 1;
    while (begin < end) {
      const size_t group_end = std::min(end, table.group_begin[g + 1]);
      const double x = table.group_x[g];
      // sum ln(gamma + x zbar) as the logs of products of kProductRun factors, split by frexp
      // so that they cannot overflow: one log per run instead of one per customer. Factors above
      // kLargeFactor (never seen with real money) are logged directly.
      constexpr int kProductRun = 8;
      constexpr double kLargeFactor = 1e30;
      CompensatedSum logs;
      double inverses = 0, mantissa = 1;
      long exponent = 0;
      int in_product = 0;
      for (size_t i = begin; i < group_end; ++i) {
        const double denominator = gamma + x * table.zbar[i];
        inverses += 1 / denominator;
        if (denominator > kLargeFactor) {
          logs.Add(std::log(denominator));
          continue;
        }
        mantissa *= denominator;
        if (++in_product == kProductRun) {
          int e = 0;
          logs.Add(std::log(std::frexp(mantissa, &e)));
          exponent += e;
          mantissa = 1;
          in_product = 0;
        }
      }
      logs.Add(std::log(mantissa));
      logs.Add(exponent * 0.69314718055994530942);
      log_sum[g] += logs.value();
      inverse_sum[g] += inverses;
      begin = group_end;
      ++g;
    }
    sums[chunk].log_sum = std::move(log_sum);
    sums[chunk].inverse_sum = std::move(inverse_sum);
  });
  const double log_gamma = std::log(gamma);
  const double lg_q = LogGamma(q), psi_q = Digamma(q);
  CompensatedSum ll;
  double d_p = 0, d_q = 0, d_gamma = 0;
  for (size_t g = 0; g < groups; ++g) {
    const double x = table.group_x[g];
    const double n_x = static_cast<double>(table.group_begin[g + 1] - table.group_begin[g]);
    double log_sum = 0, inverse_sum = 0;
    for (const SpendSums& s : sums) {
      log_sum += s.log_sum[g];
      inverse_sum += s.inverse_sum[g];
    }
    const double px = p * x, log_x = std::log(x);
    const double psi_pxq = Digamma(px + q), psi_px = Digamma(px);
    ll.Add(n_x * (LogGamma(px + q) - LogGamma(px) - lg_q + q * log_gamma + px * log_x) +
           (px - 1) * table.group_log_zbar[g] - (px + q) * log_sum);
    d_p += x * (n_x * (psi_pxq - psi_px + log_x) + table.group_log_zbar[g] - log_sum);
    d_q += n_x * (psi_pxq - psi_q + log_gamma) - log_sum;
    d_gamma += n_x * q / gamma - (px + q) * inverse_sum;
  }
  if (gradient != nullptr) *gradient = {d_p * p, d_q * q, d_gamma * gamma};
  return std::isfinite(ll.value()) ? ll.value() : kMinusInfinity;
}

GammaGammaFit FitGammaGamma(const SpendTable& table, const FitOptions& options) {
  auto to_params = [](const std::vector<double>& theta) {
    return GammaGammaParams{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])};
  };
  auto maximize = [&](const SpendTable& data, std::vector<double> start,
                      const FitOptions& fit_options) {
    auto log_likelihood = [&](const std::vector<double>& theta, std::vector<double>* gradient) {
      std::array<double, 3> g{};
      const double ll = GammaGammaLogLikelihood(to_params(theta), data, &g, fit_options.threads);
      std::copy(g.begin(), g.end(), gradient->begin());
      return ll;
    };
    return MaximizeLikelihood(log_likelihood, std::move(start), {"p", "q", "gamma"}, data.customers,
                              fit_options);
  };
  // Start: p = 1, q = 2 and gamma such that the population mean p gamma / (q-1) is the observed
  // mean spend.
  const double start_gamma = std::clamp(table.mean_zbar, 1e-6, 1e12);
  std::vector<double> start = {0.0, std::log(2.0), std::log(start_gamma)};
  FitOptions full = options;
  if (options.start.size() == start.size()) {
    start = options.start;
  } else if (table.zbar.size() > options.warm_start_above) {
    FitOptions rough = options;
    rough.standard_errors = false;
    rough.bfgs.gradient_tolerance = 1e-6;
    const MleResult warm = maximize(
        SampleSpendTable(table, table.zbar.size() / std::max<size_t>(options.warm_start_sample, 1)),
        start, rough);
    if (warm.report.converged) start = warm.theta;
    if (warm.report.converged) full.bfgs.initial_inverse_hessian = warm.inverse_hessian;
  }
  const MleResult mle = maximize(table, std::move(start), full);
  GammaGammaFit fit;
  fit.params = to_params(mle.theta);
  fit.report = mle.report;
  return fit;
}

double GammaGammaModel::PopulationMean() const {
  if (!HasFiniteMean()) return 0;
  const double mean = p_.p * p_.gamma / (p_.q - 1);
  return std::isfinite(mean) ? mean : 0;
}

double GammaGammaModel::ExpectedSpend(double x, double zbar) const {
  if (!(x > 0) || !(zbar > 0)) return PopulationMean();
  const double value = (p_.p * p_.gamma + p_.p * x * zbar) / (p_.p * x + p_.q - 1);
  return std::isfinite(value) && value > 0 ? value : PopulationMean();
}

}  // namespace encore::plugins::predictive
