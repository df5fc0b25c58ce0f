#include "bench/gen/order_generator.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "bench/gen/random.h"

namespace encore::bench {
namespace {

// Shapes taken from the Python reference generator (shared/tools/gen_orders.py).
constexpr double kLinesWeights[] = {0.30, 0.24, 0.18, 0.13, 0.09, 0.06};     // 1..6 lines
constexpr double kQuantityWeights[] = {0.72, 0.17, 0.06, 0.03, 0.01, 0.01};  // 1..6 units
constexpr double kHourWeights[] = {1,  1,  1,  1,  1,  2,  3,  5,  8,  10, 11, 11,
                                   12, 11, 10, 10, 10, 11, 12, 13, 12, 9,  5,  2};
// Purchase process (days): rate ~ Gamma(r, alpha), drop-out after a repeat ~ Beta(a, b).
constexpr double kRateShape = 0.9, kRateRate = 55.0, kDropA = 1.2, kDropB = 5.0;
// Spend per order ~ Gamma(p, nu) with nu ~ Gamma(q, gamma) per customer (mean about 60).
constexpr double kSpendShape = 6.0, kNuShape = 4.0, kNuRate = 40.0;
constexpr double kGrowth = 1.0;  // acquisition density 1 + growth * t / period
// Measured for the defaults: 9.7 lines per customer on average; a little less so that --lines
// rarely runs short (the writer cuts at the requested count).
constexpr double kLinesPerCustomer = 9.3;

template <size_t N>
std::vector<double> Cumulative(const double (&weights)[N]) {
  std::vector<double> out(N);
  double sum = 0;
  for (size_t i = 0; i < N; ++i) out[i] = sum += weights[i];
  return out;
}

size_t Pick(const std::vector<double>& cumulative, Random& random) {
  const double x = random.Uniform() * cumulative.back();
  return std::min<size_t>(
      std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin(),
      cumulative.size() - 1);
}

// What every customer shares: the catalogue and the managers.
struct World {
  explicit World(const GeneratorOptions& options) {
    Random random(options.seed, 0);
    product_number.resize(options.products);
    for (uint32_t i = 0; i < options.products; ++i)
      product_number[i] = static_cast<uint16_t>(i + 1);
    for (uint32_t i = options.products; i > 1; --i) {  // popularity rank != id order
      std::swap(product_number[i - 1], product_number[random.Below(i)]);
    }
    list_cents.resize(options.products);
    for (auto& cents : list_cents) {
      cents = std::llround(std::exp(std::log(12.0) + 0.8 * random.Normal()) * 100.0) + 49;
    }
    std::vector<double> zipf(options.products);
    double sum = 0;
    for (uint32_t k = 0; k < options.products; ++k) zipf[k] = sum += 1.0 / (k + 1.0);
    zipf_cumulative = std::move(zipf);
    first_drop.resize(options.managers + 1);
    first_drop[0] = 0.25;  // customers without a manager
    for (uint32_t m = 1; m <= options.managers; ++m) first_drop[m] = 0.02 + 0.38 * random.Uniform();
    lines = Cumulative(kLinesWeights);
    quantity = Cumulative(kQuantityWeights);
    hours = Cumulative(kHourWeights);
  }
  std::vector<uint16_t> product_number;
  std::vector<int64_t> list_cents;  // by popularity rank
  std::vector<double> zipf_cumulative, first_drop, lines, quantity, hours;
};

struct Part {
  std::vector<GeneratedOrder> orders;
  std::vector<GeneratedLine> lines;
};

class CustomerGenerator {
 public:
  CustomerGenerator(const GeneratorOptions& options, const World& world, Part& out)
      : options_(options), world_(world), out_(out) {}

  void Generate(uint32_t customer) {
    Random random(options_.seed, customer + 1);
    const double period = options_.days;
    const double u = random.Uniform();
    const double x = (-1.0 + std::sqrt(1.0 + 2.0 * kGrowth * u * (1.0 + kGrowth / 2.0))) / kGrowth;
    const double first = x * period;
    uint8_t manager = 0;
    if (random.Uniform() >= options_.unmanaged_share && options_.managers > 0) {
      manager = static_cast<uint8_t>(1 + random.Below(options_.managers));
    }
    const double rate = random.Gamma(kRateShape, kRateRate);
    const double drop = random.Beta(kDropA, kDropB);
    const double nu = random.Gamma(kNuShape, kNuRate);

    Order(random, customer, manager, first, nu);
    if (random.Uniform() < world_.first_drop[manager]) return;
    for (double t = first;;) {
      t += rate > 0 ? random.Exponential(rate) : period;
      if (t >= period) break;
      Order(random, customer, manager, t, nu);
      if (random.Uniform() < drop) break;
    }
  }

 private:
  uint32_t Second(Random& random, uint32_t day) {
    const size_t hour = Pick(world_.hours, random);
    return day * 86400 + static_cast<uint32_t>(hour * 3600 + random.Below(3600));
  }

  void Order(Random& random, uint32_t customer, uint8_t manager, double t, double nu) {
    const uint32_t day = static_cast<uint32_t>(t);
    const size_t line_count = 1 + Pick(world_.lines, random);
    uint32_t ranks[8];
    int16_t quantities[8];
    double list_value = 0;
    for (size_t i = 0; i < line_count; ++i) {
      uint32_t rank;
      do {
        rank = static_cast<uint32_t>(Pick(world_.zipf_cumulative, random));
      } while (std::find(ranks, ranks + i, rank) != ranks + i);
      ranks[i] = rank;
      quantities[i] = static_cast<int16_t>(1 + Pick(world_.quantity, random));
      list_value += static_cast<double>(world_.list_cents[rank]) * quantities[i];
    }
    const double factor = random.Gamma(kSpendShape, nu) * 100.0 / list_value;
    GeneratedOrder order{Second(random, day), customer, static_cast<uint32_t>(out_.lines.size()),
                         static_cast<uint8_t>(line_count), manager};
    out_.orders.push_back(order);
    uint32_t prices[8];
    for (size_t i = 0; i < line_count; ++i) {
      prices[i] = static_cast<uint32_t>(
          std::max<int64_t>(1, std::llround(world_.list_cents[ranks[i]] * factor)));
      out_.lines.push_back({world_.product_number[ranks[i]], quantities[i], prices[i]});
    }
    // Some lines come back 2..30 days later, as one separate order of negative lines.
    const uint32_t return_day = day + 2 + static_cast<uint32_t>(random.Below(29));
    GeneratedOrder back{0, customer, static_cast<uint32_t>(out_.lines.size()), 0, manager};
    for (size_t i = 0; i < line_count; ++i) {
      if (random.Uniform() >= options_.return_probability) continue;
      const int16_t returned = static_cast<int16_t>(1 + random.Below(quantities[i]));
      if (return_day < options_.days) {
        out_.lines.push_back(
            {world_.product_number[ranks[i]], static_cast<int16_t>(-returned), prices[i]});
        ++back.line_count;
      }
    }
    if (back.line_count > 0) {
      back.second = Second(random, return_day);
      out_.orders.push_back(back);
    }
  }

  const GeneratorOptions& options_;
  const World& world_;
  Part& out_;
};

}  // namespace

uint64_t CustomersForLines(uint64_t lines) {
  return std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(lines / kLinesPerCustomer)));
}

OrderHistory GenerateOrderHistory(const GeneratorOptions& options) {
  const World world(options);
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, std::min<int>(threads, 64));
  // Customers in blocks, blocks handed to threads round-robin; the result is concatenated in
  // customer order, so it does not depend on the thread count.
  constexpr uint64_t kBlock = 16384;
  const uint64_t blocks = (options.customers + kBlock - 1) / kBlock;
  std::vector<Part> parts(blocks);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (uint64_t b = t; b < blocks; b += threads) {
        CustomerGenerator generator(options, world, parts[b]);
        const uint64_t end = std::min(options.customers, (b + 1) * kBlock);
        for (uint64_t c = b * kBlock; c < end; ++c) generator.Generate(static_cast<uint32_t>(c));
      }
    });
  }
  for (auto& worker : workers) worker.join();

  OrderHistory history;
  history.options = options;
  history.product_number = world.product_number;
  std::vector<GeneratedOrder> orders;
  size_t order_total = 0, line_total = 0;
  for (const Part& part : parts) {
    order_total += part.orders.size();
    line_total += part.lines.size();
  }
  orders.reserve(order_total);
  history.lines.reserve(line_total);
  for (Part& part : parts) {
    const uint32_t base = static_cast<uint32_t>(history.lines.size());
    for (GeneratedOrder order : part.orders) {
      order.first_line += base;
      orders.push_back(order);
    }
    history.lines.insert(history.lines.end(), part.lines.begin(), part.lines.end());
    Part().orders.swap(part.orders);
    Part().lines.swap(part.lines);
  }
  // Time order; ties keep generation order (the index is part of the key).
  std::vector<uint64_t> keys(orders.size());
  for (size_t i = 0; i < orders.size(); ++i) {
    keys[i] = (static_cast<uint64_t>(orders[i].second) << 32) | i;
  }
  std::sort(keys.begin(), keys.end());
  history.orders.resize(orders.size());
  for (size_t i = 0; i < keys.size(); ++i) history.orders[i] = orders[keys[i] & 0xFFFFFFFFu];
  return history;
}

}  // namespace encore::bench
