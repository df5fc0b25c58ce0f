// Benchmark of the replenishment plugin as the daemon calls it: the built
// encore_replenishment.so, loaded through the SDK test loader, run over an in-memory dataset
// view shaped like the 10M-line benchmark file (/tmp/orders_10m.csv: 1M customers, about 4.4
// orders each over two years, 2.4 lines an order, 5,000 products). A fifth of the customers have
// a planted cycle: one product bought every 14, 30 or 60 days give or take a day, next to their
// other lines. The host callbacks only count what they are given, so the figure is the method
// alone (put_events and put_table are the daemon's own cost).
//
//   bench_replenishment [customers=1000000] [repeat=5] [threads=2]
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_timing.hpp>
#include <encore/sdk/testing/synthetic_history.hpp>

#include <time.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDay = 86400;
constexpr int32_t kDays = 730;
constexpr int32_t kFirstDay = 19000;
constexpr uint32_t kProducts = 5000;

struct FakeIo {
  std::atomic<int64_t> events{0};  // put_events is called from several threads
  int64_t due_rows = 0;
};

int32_t PutEvents(void* ctx, const encore_event_v1*, size_t count) {
  static_cast<FakeIo*>(ctx)->events += static_cast<int64_t>(count);
  return ENCORE_OK;
}
int32_t PutTable(void* ctx, encore_str, const encore_table_v1* table) {
  static_cast<FakeIo*>(ctx)->due_rows = static_cast<int64_t>(table->row_count);
  return ENCORE_OK;
}
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

void Generate(size_t customers, encore::sdk::testing::SyntheticHistory* d) {
  std::mt19937_64 rng(7);
  auto below = [&](uint64_t n) { return rng() % n; };
  // Popular products are bought far more often (a rough power law).
  auto random_product = [&] {
    const double u = (rng() >> 11) * 0x1.0p-53;
    return static_cast<uint32_t>(kProducts * u * u * u) % kProducts;
  };
  d->product_names = encore::sdk::testing::NumberedNames("P", kProducts);
  d->customer_names.reserve(customers);
  for (size_t c = 0; c < customers; ++c) {
    d->customer_names.push_back("C" + std::to_string(1000000 + c));
    d->order_begin.push_back(static_cast<uint32_t>(d->order_time.size()));
    std::vector<int32_t> days;
    const bool cyclic = below(5) == 0;
    const uint32_t staple = random_product();
    if (cyclic) {
      const int32_t every = below(3) == 0 ? 14 : below(2) == 0 ? 30 : 60;
      int32_t day = static_cast<int32_t>(below(kDays / 2));
      for (int i = 0; i < 3 + static_cast<int>(below(6)) && day < kDays; ++i) {
        days.push_back(day);
        day += every - 1 + static_cast<int32_t>(below(3));
      }
    } else {
      const int orders = 1 + static_cast<int>(below(8));
      int32_t day = static_cast<int32_t>(below(kDays));
      for (int i = 0; i < orders && day < kDays; ++i) {
        days.push_back(day);
        day += static_cast<int32_t>(below(90));
      }
    }
    for (int32_t day : days) {
      d->order_time.push_back((kFirstDay + day) * kDay + static_cast<int64_t>(below(kDay)));
      d->line_begin.push_back(static_cast<uint32_t>(d->line_product.size()));
      const int lines = 1 + static_cast<int>(below(4));
      int64_t amount = 0;
      for (int l = 0; l < lines; ++l) {
        d->line_product.push_back(cyclic && l == 0 ? staple : random_product());
        d->line_quantity.push_back(1000 * (1 + static_cast<int64_t>(below(3))));
        d->line_amount.push_back(500 + static_cast<int64_t>(below(2000)));
        amount += d->line_amount.back();
      }
      d->order_amount.push_back(amount);
    }
    d->order_end.push_back(static_cast<uint32_t>(d->order_time.size()));
  }
  d->line_begin.push_back(static_cast<uint32_t>(d->line_product.size()));
}

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  namespace testing = encore::sdk::testing;
  testing::SyntheticHistory data;
  Generate(customers, &data);
  const encore_dataset_v1& dataset = data.View((kFirstDay + kDays) * kDay - 1);

  FakeIo fake;
  encore_method_io_v1 io = testing::NullMethodIo(&fake);
  io.put_events = &PutEvents;
  io.put_table = &PutTable;
  testing::LoadedPlugin plugin(ENCORE_REPLENISHMENT_PLUGIN);
  auto instance = plugin.Create({{"threads", threads}});
  const double cpu_before = CpuMs();
  const auto timings = testing::TimeMethodRuns(*instance, dataset, io, repeat);
  const double cpu = CpuMs() - cpu_before;
  if (testing::ReportFailure(timings)) return 1;
  std::printf(
      "replenishment: %zu customers, %zu orders, %zu lines, %d threads, %s, CPU %.1f ms a run; "
      "%lld item_due events and due rows a run\n",
      customers, data.order_count(), data.line_count(), threads, timings.summary().c_str(),
      cpu / repeat, static_cast<long long>(fake.events.load() / repeat));
  return 0;
}
