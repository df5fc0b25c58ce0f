// Deterministic random numbers for the generator: xoshiro256** and distributions written out
// here rather than taken from <random>, whose distributions differ between standard libraries;
// the same seed must give a byte-identical file wherever it runs.
#pragma once

#include <cmath>
#include <cstdint>

namespace encore::bench {

class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& word : s_) word = SplitMix(seed);
  }
  // A stream derived from (seed, stream): independent streams for independent customers.
  Random(uint64_t seed, uint64_t stream) : Random(seed ^ (stream * 0x9E3779B97F4A7C15ull + 1)) {}

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>(Uniform() * static_cast<double>(n)); }
  double Exponential(double rate) { return -std::log1p(-Uniform()) / rate; }
  double Normal() {  // Box-Muller, one value per call
    const double u = 1.0 - Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * Uniform());
  }
  // Gamma(shape, rate), Marsaglia-Tsang; shape < 1 via the boost U^(1/shape).
  double Gamma(double shape, double rate) {
    if (shape < 1.0) return Gamma(shape + 1.0, rate) * std::pow(1.0 - Uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x, v;
      do {
        x = Normal();
        v = 1.0 + c * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = 1.0 - Uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v / rate;
    }
  }
  double Beta(double a, double b) {
    const double x = Gamma(a, 1.0);
    return x / (x + Gamma(b, 1.0));
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
};

}  // namespace encore::bench
