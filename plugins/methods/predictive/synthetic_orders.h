// Synthetic purchase histories for the benchmarks, shaped like the 10M-line benchmark file
// (/tmp/orders_10m.csv: 1M customers, about 4.3M orders over three years): purchase days drawn
// from a BG/NBD process in days (first purchases spread over the whole period), so same-day
// purchases and the spread of (x, t_x, T) look like real day-based histories.
#ifndef ENCORE_PLUGINS_PREDICTIVE_SYNTHETIC_ORDERS_H_
#define ENCORE_PLUGINS_PREDICTIVE_SYNTHETIC_ORDERS_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace encore::plugins::predictive::bench {

inline double Uniform(std::mt19937_64& rng) { return (rng() >> 11) * 0x1.0p-53; }

// Marsaglia & Tsang (2000); shape < 1 via the boost Gamma(k) = Gamma(k + 1) U^(1/k).
inline double Gamma(std::mt19937_64& rng, double shape) {
  if (shape < 1) return Gamma(rng, shape + 1) * std::pow(Uniform(rng), 1 / shape);
  const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  std::normal_distribution<double> normal;
  while (true) {
    double z, v;
    do {
      z = normal(rng);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const double u = Uniform(rng);
    if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
  }
}

struct Orders {
  std::vector<uint32_t> begin;  // customer c: [begin[c], begin[c + 1])
  std::vector<int32_t> day;     // 0 .. days - 1, ascending per customer
  std::vector<double> value;    // in currency units (dollars)
};

// `customers` histories over days 0 .. days - 1, BG/NBD with r = 0.9, alpha = 80 days,
// a = 0.6, b = 3.5 (mean rate 4 a year, about 15% drop out after a purchase); spend
// Gamma(2, nu) with nu varying by customer. Deterministic.

inline Orders Generate(size_t customers, int32_t days) {
  const double r = 0.9, alpha = 80, a = 0.6, b = 3.5;  // alpha in days
  std::mt19937_64 rng(20240601);
  Orders orders;
  orders.begin.reserve(customers + 1);
  for (size_t c = 0; c < customers; ++c) {
    orders.begin.push_back(static_cast<uint32_t>(orders.day.size()));
    const double lambda = Gamma(rng, r) / alpha;
    const double ga = Gamma(rng, a), gb = Gamma(rng, b);
    const double p = ga / (ga + gb);
    const double spend_scale = Gamma(rng, 3.0) * 8;
    double t = Uniform(rng) * days;  // first purchase
    auto buy = [&] {
      orders.day.push_back(static_cast<int32_t>(t));
      orders.value.push_back(std::round(Gamma(rng, 2.0) * spend_scale * 100) / 100);
    };
    buy();
    while (true) {  // repeat purchases; dropout after each with probability p
      t += -std::log(1 - Uniform(rng)) / lambda;
      if (t >= days) break;
      buy();
      if (Uniform(rng) < p) break;
    }
  }
  orders.begin.push_back(static_cast<uint32_t>(orders.day.size()));
  return orders;
}

}  // namespace encore::plugins::predictive::bench

#endif  // ENCORE_PLUGINS_PREDICTIVE_SYNTHETIC_ORDERS_H_
