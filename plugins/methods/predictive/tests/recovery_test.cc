// Parameter recovery: histories simulated from known BG/NBD and Pareto/NBD parameters are fitted
// back. Tolerance: every true parameter within 3 standard errors of its estimate (the SEs come
// from the fit), and within 15% relative. The seed is fixed, so the outcome is deterministic;
// the 3-SE band is what the statistics allow for any seed.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "model/bgnbd.h"
#include "model/paretonbd.h"

namespace encore::plugins::predictive {
namespace {

class Sampler {
 public:
  explicit Sampler(uint64_t seed) : rng_(seed) {}

  double Uniform() { return (rng_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Exponential(double rate) { return -std::log1p(-Uniform()) / rate; }
  double Normal() {  // Box-Muller; the second value is discarded for simplicity
    const double u = 1 - Uniform(), v = Uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  // Marsaglia & Tsang (2000); shape < 1 via Gamma(k) = Gamma(k + 1) U^(1/k).
  double Gamma(double shape, double rate) {
    if (shape < 1) return Gamma(shape + 1, rate) * std::pow(1 - Uniform(), 1 / shape);
    const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    while (true) {
      double z, v;
      do {
        z = Normal();
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      if (std::log(1 - Uniform()) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v / rate;
    }
  }
  double Beta(double a, double b) {
    const double x = Gamma(a, 1), y = Gamma(b, 1);
    return x / (x + y);
  }

 private:
  std::mt19937_64 rng_;
};

// First purchase at 0; observed until T, uniform in [26, 52] weeks.
std::vector<CustomerSummary> SimulateBgNbd(const BgNbdParams& p, int customers, uint64_t seed) {
  Sampler s(seed);
  std::vector<CustomerSummary> out;
  for (int i = 0; i < customers; ++i) {
    CustomerSummary c;
    c.in_calibration = true;
    c.T = 26 + 26 * s.Uniform();
    const double lambda = s.Gamma(p.r, p.alpha), dropout = s.Beta(p.a, p.b);
    double t = 0;
    while (true) {
      t += s.Exponential(lambda);
      if (t > c.T) break;
      ++c.x;
      c.t_x = t;
      if (s.Uniform() < dropout) break;  // drops out after this repeat purchase
    }
    out.push_back(c);
  }
  return out;
}

std::vector<CustomerSummary> SimulateParetoNbd(const ParetoNbdParams& p, int customers,
                                               uint64_t seed) {
  Sampler s(seed);
  std::vector<CustomerSummary> out;
  for (int i = 0; i < customers; ++i) {
    CustomerSummary c;
    c.in_calibration = true;
    c.T = 26 + 26 * s.Uniform();
    const double lambda = s.Gamma(p.r, p.alpha), mu = s.Gamma(p.s, p.beta);
    const double end = std::min(c.T, s.Exponential(mu));
    double t = 0;
    while (true) {
      t += s.Exponential(lambda);
      if (t > end) break;
      ++c.x;
      c.t_x = t;
    }
    out.push_back(c);
  }
  return out;
}

void ExpectRecovered(const FitReport& report, const std::vector<double>& truth) {
  ASSERT_TRUE(report.converged) << report.message;
  ASSERT_TRUE(report.identified) << report.message;
  for (size_t i = 0; i < truth.size(); ++i) {
    const ParameterEstimate& e = report.parameters[i];
    EXPECT_LT(std::fabs(e.value - truth[i]), 3 * e.standard_error)
        << e.name << " " << e.value << " se " << e.standard_error;
    EXPECT_LT(std::fabs(e.value - truth[i]), 0.15 * truth[i]) << e.name << " " << e.value;
  }
}

TEST(RecoveryTest, BgNbdFitsBackItsParameters) {
  const BgNbdParams truth{0.25, 4, 0.8, 2.5};
  const std::vector<CustomerSummary> customers = SimulateBgNbd(truth, 40000, 17);
  FitOptions options;
  options.threads = 2;
  const BgNbdFit fit = FitBgNbd(BuildHistoryTable(customers), options);
  ExpectRecovered(fit.report, {truth.r, truth.alpha, truth.a, truth.b});
}

TEST(RecoveryTest, ParetoNbdFitsBackItsParameters) {
  // beta is weakly identified, so the test uses a longer window relative to the lifetime scale.
  const ParetoNbdParams truth{0.6, 10, 1.2, 20};
  const std::vector<CustomerSummary> customers = SimulateParetoNbd(truth, 40000, 23);
  FitOptions options;
  options.threads = 2;
  const ParetoNbdFit fit = FitParetoNbd(BuildHistoryTable(customers), options);
  ExpectRecovered(fit.report, {truth.r, truth.alpha, truth.s, truth.beta});
}

}  // namespace
}  // namespace encore::plugins::predictive
