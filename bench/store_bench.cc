// encore_store_bench: the order store alone, fed from memory. Generates an order history
// (bench/gen), then emits it as line batches on N lanes the way a parallel source does (each
// lane a contiguous share of the lines, in file order) and times Append, Finish and View
// separately, with peak memory. Isolates the store from CSV parsing.
//
//   encore_store_bench --customers 1000000 --seed 10 --lanes 2
#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/gen/order_generator.h"
#include "daemon/store/order_store.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

double CurrentRssMb() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * 4096.0 / 1e6 * (1e6 / 1048576.0);
}

// Ids as text, the way a CSV source hands them over.
struct IdText {
  std::vector<std::string> customers, products, managers;
  std::string orders;  // every order id, fixed width 10
};

}  // namespace

int main(int argc, char** argv) {
  encore::bench::GeneratorOptions options;
  options.customers = 1000000;
  options.seed = 10;
  int lanes = 2;
  size_t batch_lines = 16384;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    const uint64_t value = std::strtoull(argv[i + 1], nullptr, 10);
    if (arg == "--customers") {
      options.customers = value;
    } else if (arg == "--seed") {
      options.seed = value;
    } else if (arg == "--lanes") {
      lanes = static_cast<int>(value);
    } else if (arg == "--batch") {
      batch_lines = value;
    } else {
      std::fprintf(stderr,
                   "usage: encore_store_bench [--customers N] [--seed S] [--lanes N] "
                   "[--batch LINES]\n");
      return 2;
    }
  }

  const auto history = encore::bench::GenerateOrderHistory(options);
  IdText ids;
  char text[32];
  for (uint64_t c = 0; c < options.customers; ++c) {
    std::snprintf(text, sizeof(text), "C%07llu", static_cast<unsigned long long>(c + 1));
    ids.customers.emplace_back(text);
  }
  for (uint32_t p = 0; p <= options.products; ++p) {
    std::snprintf(text, sizeof(text), "P%05u", p);
    ids.products.emplace_back(text);
  }
  ids.managers.emplace_back("");
  for (uint32_t m = 1; m <= options.managers; ++m) {
    std::snprintf(text, sizeof(text), "M%03u", m);
    ids.managers.emplace_back(text);
  }
  ids.orders.resize(history.orders.size() * 10);
  for (size_t o = 0; o < history.orders.size(); ++o) {
    std::snprintf(text, sizeof(text), "%010zu", 100001 + o);
    ids.orders.replace(o * 10, 10, text, 10);
  }
  // Lines in file order, split into contiguous lane shares at order boundaries.
  std::vector<size_t> lane_first_order(lanes + 1, history.orders.size());
  for (int lane = 0; lane < lanes; ++lane) {
    lane_first_order[lane] = history.orders.size() * lane / lanes;
  }
  const size_t line_total = history.lines.size();
  std::fprintf(stderr, "generated %zu lines, %zu orders; rss %.0f MB\n", line_total,
               history.orders.size(), CurrentRssMb());
  const double rss_before = CurrentRssMb();

  encore::OrderStoreBuilder builder(lanes);
  std::vector<double> append_seconds(lanes, 0), append_cpu(lanes, 0), lane_seconds(lanes, 0);
  std::atomic<bool> failed{false};
  const double cpu_start = CpuSeconds();
  const auto ingest_start = Clock::now();
  std::vector<std::thread> threads;
  for (int lane = 0; lane < lanes; ++lane) {
    threads.emplace_back([&, lane] {
      const auto lane_start = Clock::now();
      std::vector<encore_str> order_id, customer_id, product_id, manager_id;
      std::vector<int64_t> ordered_at, quantity, amount;
      auto flush = [&] {
        if (order_id.empty()) return;
        encore_line_batch_v1 batch{};
        batch.struct_size = sizeof(batch);
        batch.count = order_id.size();
        batch.order_id = order_id.data();
        batch.customer_id = customer_id.data();
        batch.ordered_at = ordered_at.data();
        batch.product_id = product_id.data();
        batch.quantity_milli = quantity.data();
        batch.amount_minor = amount.data();
        batch.manager_id = manager_id.data();
        const auto start = Clock::now();
        const double cpu_start = ThreadCpuSeconds();
        if (!builder.Append(lane, batch).ok()) failed = true;
        append_cpu[lane] += ThreadCpuSeconds() - cpu_start;
        append_seconds[lane] += Seconds(start);
        order_id.clear(), customer_id.clear(), product_id.clear(), manager_id.clear();
        ordered_at.clear(), quantity.clear(), amount.clear();
      };
      // The id bytes of a batch sit together in one buffer, as they do in a CSV source's
      // input, so the store reads them from the cache rather than from all over the heap.
      std::string text;
      text.reserve(batch_lines * 64);
      auto keep = [&](const std::string& s) {
        const size_t at = text.size();
        text.append(s);
        return encore_str{text.data() + at, s.size()};
      };
      for (size_t o = lane_first_order[lane]; o < lane_first_order[lane + 1]; ++o) {
        const auto& order = history.orders[o];
        for (uint32_t l = 0; l < order.line_count; ++l) {
          const auto& line = history.lines[order.first_line + l];
          const size_t at = text.size();
          text.append(ids.orders, o * 10, 10);
          order_id.push_back({text.data() + at, 10});
          customer_id.push_back(keep(ids.customers[order.customer]));
          product_id.push_back(keep(ids.products[line.product]));
          manager_id.push_back(keep(ids.managers[order.manager]));
          ordered_at.push_back(1640995200 + order.second);
          quantity.push_back(line.quantity * 1000);
          amount.push_back(int64_t{line.quantity} * line.price_cents);
          if (order_id.size() >= batch_lines) {
            flush();
            text.clear();
          }
        }
      }
      flush();
      lane_seconds[lane] = Seconds(lane_start);
    });
  }
  for (auto& thread : threads) thread.join();
  const double ingest_wall = Seconds(ingest_start);
  const double rss_ingested = CurrentRssMb();
  if (failed) {
    std::fprintf(stderr, "append failed\n");
    return 1;
  }

  const auto finish_start = Clock::now();
  const double finish_cpu_start = CpuSeconds();
  auto store = builder.Finish("USD");
  const double finish_wall = Seconds(finish_start);
  const double finish_cpu = CpuSeconds() - finish_cpu_start;
  if (!store.ok()) {
    std::fprintf(stderr, "finish failed: %s\n", store.status().message().c_str());
    return 1;
  }
  const double rss_finished = CurrentRssMb();
  const auto zone = encore::TimeZone::Load("Europe/London").value();
  const auto view_start = Clock::now();
  const auto view = (*store)->View((*store)->last_order_time(), zone);
  const double view_wall = Seconds(view_start);
  const auto days_start = Clock::now();
  const encore_dataset_v1& d = *view->get();
  int64_t day_sum = 0;
  for (size_t o = 0; o < d.order_count; ++o) day_sum += d.local_day(&d, d.order_time[o]);
  const double days_wall = Seconds(days_start);
  const double cpu = CpuSeconds() - cpu_start;

  std::printf("lines %zu orders %zu customers %zu products %zu managers %zu lanes %d\n",
              (*store)->line_count(), (*store)->order_count(), (*store)->customer_count(),
              (*store)->product_count(), (*store)->manager_count(), lanes);
  for (int lane = 0; lane < lanes; ++lane) {
    std::printf("lane %d: append %.3f s wall, %.3f s cpu, of %.3f s (rest: building batches)\n",
                lane, append_seconds[lane], append_cpu[lane], lane_seconds[lane]);
  }
  const auto& t = (*store)->build_timings();
  std::printf("finish cpu %.3f s; dictionaries %.3f buckets %.3f orders %.3f lines %.3f\n",
              finish_cpu, t.dictionaries, t.buckets, t.orders, t.lines);
  std::printf("ingest wall %.3f s, finish %.3f s, view %.4f s, local_day x%zu %.3f s (%lld)\n",
              ingest_wall, finish_wall, view_wall, d.order_count, days_wall,
              static_cast<long long>(day_sum % 1000));
  std::printf(
      "cpu %.2f s; rss before %.0f MB, after ingest %.0f MB (+%.0f), after finish %.0f "
      "MB (+%.0f), peak %.0f MB\n",
      cpu, rss_before, rss_ingested, rss_ingested - rss_before, rss_finished,
      rss_finished - rss_before, PeakRssMb());
  return 0;
}
