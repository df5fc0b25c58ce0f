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

int32_t PutScores(void*, const encore_column_v1*) { return ENCORE_OK; }
const encore_column_v1* FindScores(void*, encore_str) { return nullptr; }
int32_t PutMetric(void*, encore_str, double, encore_str) { return ENCORE_OK; }
int32_t PutMetricJson(void*, encore_str, encore_str) { return ENCORE_OK; }
void Warn(void*, encore_str) {}
void Progress(void*, int64_t, int64_t) {}
int32_t StopRequested(void*) { return 0; }
int32_t PutEvents(void* ctx, const encore_event_v1*, size_t count) {
  static_cast<FakeIo*>(ctx)->events += static_cast<int64_t>(count);
  return ENCORE_OK;
}
const encore_column_v1* FindPreviousScores(void*, encore_str) { return nullptr; }
int32_t PutTable(void* ctx, encore_str, const encore_table_v1* table) {
  static_cast<FakeIo*>(ctx)->due_rows = static_cast<int64_t>(table->row_count);
  return ENCORE_OK;
}
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

int32_t LocalDay(const encore_dataset_v1*, int64_t utc) { return static_cast<int32_t>(utc / kDay); }

struct Data {
  std::vector<std::string> customer_names, product_names;
  std::vector<encore_str> customer_keys, product_keys;
  std::vector<uint32_t> order_begin, order_end, line_begin, line_product;
  std::vector<int64_t> order_time, order_amount, line_quantity, line_amount;
  encore_dataset_v1 view{};
};

void Generate(size_t customers, Data* d) {
  std::mt19937_64 rng(7);
  auto below = [&](uint64_t n) { return rng() % n; };
  // Popular products are bought far more often (a rough power law).
  auto random_product = [&] {
    const double u = (rng() >> 11) * 0x1.0p-53;
    return static_cast<uint32_t>(kProducts * u * u * u) % kProducts;
  };
  for (uint32_t p = 0; p < kProducts; ++p) d->product_names.push_back("P" + std::to_string(p));
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
  for (const std::string& s : d->customer_names) d->customer_keys.push_back({s.data(), s.size()});
  for (const std::string& s : d->product_names) d->product_keys.push_back({s.data(), s.size()});

  encore_dataset_v1& v = d->view;
  v.struct_size = sizeof(v);
  v.as_of = (kFirstDay + kDays) * kDay - 1;
  v.local_day = &LocalDay;
  v.customer_count = customers;
  v.customer_key = d->customer_keys.data();
  v.customer_order_begin = d->order_begin.data();
  v.customer_order_end = d->order_end.data();
  v.order_count = d->order_time.size();
  v.order_time = d->order_time.data();
  v.order_amount_minor = d->order_amount.data();
  v.order_line_begin = d->line_begin.data();
  v.line_count = d->line_product.size();
  v.line_product = d->line_product.data();
  v.line_quantity_milli = d->line_quantity.data();
  v.line_amount_minor = d->line_amount.data();
  v.product_count = kProducts;
  v.product_key = d->product_keys.data();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 5;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  Data data;
  Generate(customers, &data);

  FakeIo fake;
  encore_method_io_v1 io{sizeof(io),     &fake, &PutScores, &FindScores,   &PutMetric,
                         &PutMetricJson, &Warn, &Progress,  &StopRequested};
  io.put_events = &PutEvents;
  io.find_previous_scores = &FindPreviousScores;
  io.put_table = &PutTable;
  encore::sdk::testing::LoadedPlugin plugin(ENCORE_REPLENISHMENT_PLUGIN);
  auto instance = plugin.Create({{"threads", threads}});
  const double cpu_before = CpuMs();
  const auto timings = encore::sdk::testing::TimeMethodRuns(*instance, data.view, io, repeat);
  const double cpu = CpuMs() - cpu_before;
  if (!timings.ok()) {
    std::fprintf(stderr, "run failed: %s\n", timings.error.c_str());
    return 1;
  }
  std::printf(
      "replenishment: %zu customers, %zu orders, %zu lines, %d threads, %d runs: min %.1f ms, "
      "median %.1f ms, max %.1f ms, CPU %.1f ms a run; %lld item_due events and due rows a "
      "run\n",
      customers, data.view.order_count, data.view.line_count, threads, repeat, timings.min(),
      timings.median(), timings.max(), cpu / repeat,
      static_cast<long long>(fake.events.load() / repeat));
  return 0;
}
