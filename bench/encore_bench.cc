// encore_bench: the whole load -> store -> score path on one CSV file, as the daemon runs it.
//
// Loads the plugins from the build's plugin directory through PluginHost, builds a pipeline in
// code (csv source on --file, the --methods in order, default rfm with k = 3, no sinks) and calls
// ExecuteRun --repeat
// times, printing wall time per stage, throughput, CPU time and utilisation (cpu / wall: 2.0 means
// both cores busy the whole time) and peak RSS.
//
// --breakdown then measures the parts separately, to show who costs what:
//   parse   the csv source with an emit() that drops every batch (parsing alone);
//   ingest  the csv source emitting into an OrderStoreBuilder (parse + Append);
//   finish  OrderStoreBuilder::Finish, with its own steps;
//   rfm     the rfm method on a view of that store.
//
//   encore_bench --file /tmp/orders_10m.csv --repeat 3 --breakdown
//
// --history DATE measures a monthly run as it happens: compared with a run as of DATE (previous
// scores, transitions, events, tasks refreshed or closed). That run's results are handed over
// sorted by customer id, as the state store gives them to the daemon's next run.
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "daemon/common/time_zone.h"
#include "daemon/config/pipeline_spec.h"
#include "daemon/host/plugin_call.h"
#include "daemon/host/plugin_host.h"
#include "daemon/pipeline/run_executor.h"
#include "daemon/state/state_store.h"
#include "daemon/store/order_store.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Usage {
  Clock::time_point wall;
  double cpu;
};

Usage Now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return {Clock::now(),
          u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6};
}

struct Span {
  double wall, cpu;
};
Span Since(const Usage& start) {
  const Usage end = Now();
  return {std::chrono::duration<double>(end.wall - start.wall).count(), end.cpu - start.cpu};
}

double RssMb() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * 4096.0 / (1024 * 1024);
}

// The kernel's high-water mark of this process's RSS since the last ResetPeakRss().
double PeakSinceResetMb() {
  double kb = 0;
  if (FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof(line), f)) {
      if (std::sscanf(line, "VmHWM: %lf kB", &kb) == 1) break;
    }
    std::fclose(f);
  }
  return kb / 1024;
}

void ResetPeakRss() {
  if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);  // 5: reset the peak RSS (VmHWM) to the current RSS
    std::fclose(f);
  }
}

void Print(const char* what, const Span& s) {
  std::printf(
      "  %-8s %7.3f s wall %7.3f s cpu  (cpu/wall %.2f)  rss now %5.0f MiB, peak in part "
      "%5.0f MiB\n",
      what, s.wall, s.cpu, s.wall > 0 ? s.cpu / s.wall : 0, RssMb(), PeakSinceResetMb());
  ResetPeakRss();
}

struct Options {
  std::string file;
  std::string plugin_dir = ENCORE_BENCH_PLUGIN_DIR;
  std::string time_zone = "UTC";
  int repeat = 1;
  int lanes = 0;
  int k = 3;
  // Method plugins to run, in order, each with its default config (rfm gets --k).
  std::vector<std::string> methods = {"rfm"};
  bool breakdown = false;
  // --history DATE: first an untimed run as of DATE; every timed run then compares with it
  // (previous scores, its tasks open), as a monthly run compares with last month's.
  std::string history_as_of;
  // --commit DIR: after each timed run, its outcome (results, events, tasks, tables) is committed
  // into a fresh state database in DIR as the daemon commits a run, timed; with --history the
  // baseline run is committed first (untimed), so its tasks are there to be refreshed or closed.
  std::string commit_dir;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t begin = 0;
  while (begin <= text.size()) {
    const size_t comma = std::min(text.find(',', begin), text.size());
    if (comma > begin) items.push_back(text.substr(begin, comma - begin));
    begin = comma + 1;
  }
  return items;
}

encore::PipelineSpec BenchSpec(const Options& o) {
  encore::PipelineSpec spec;
  spec.name = "bench";
  spec.time_zone = o.time_zone;
  spec.currency = "USD";
  spec.sources.push_back({"orders", "csv", {{"path", o.file}}});
  for (const std::string& method : o.methods) {
    nlohmann::json config = nlohmann::json::object();
    if (method == "rfm" || method == "segments") config["k"] = o.k;
    spec.methods.push_back({method, method, config});
  }
  return spec;
}

template <class T>
void Permute(std::vector<T>& values, const std::vector<uint32_t>& order) {
  if (values.empty()) return;
  std::vector<T> out;
  out.reserve(order.size());
  for (uint32_t row : order) out.push_back(std::move(values[row]));
  values = std::move(out);
}

encore::RunRecord RecordOf(const std::string& run_id, const encore::RunOutcome& outcome) {
  encore::RunRecord record;
  record.run_id = run_id;
  record.pipeline = "bench";
  record.as_of = outcome.as_of;
  record.created_at = outcome.as_of;
  record.customers = outcome.customers;
  record.orders = outcome.orders;
  record.lines_loaded = outcome.lines_loaded;
  return record;
}

// The rows sorted by customer id, as the state store keeps a run and hands it to the next:
// the monthly run then maps the previous run's customers as it does in the daemon.
void SortById(encore::ResultsTable& table) {
  std::vector<uint32_t> order(table.row_count());
  for (uint32_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return table.customer_ids[a] < table.customer_ids[b]; });
  Permute(table.customer_ids, order);
  for (encore::ScoreColumn& column : table.columns) {
    Permute(column.i64, order);
    Permute(column.f64, order);
    Permute(column.str.codes(), order);
    Permute(column.null_mask, order);
  }
}

// A fresh state database in `dir` holding the committed `earlier` run, if any.
std::unique_ptr<encore::StateStore> FreshStore(const std::string& dir,
                                               const encore::RunOutcome* earlier) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = encore::StateStore::Open(dir);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open the state database: %s\n", store.status().message().c_str());
    return nullptr;
  }
  if (earlier != nullptr) {
    const encore::Status committed = (*store)->CommitRun(
        RecordOf("bench-baseline", *earlier), earlier->results, "segment", {},
        encore::RunActivity{&earlier->events, &earlier->tasks, &earlier->tables});
    if (!committed.ok()) {
      std::fprintf(stderr, "baseline commit failed: %s\n", committed.message().c_str());
      return nullptr;
    }
  }
  return std::move(store).value();
}

int RunPipeline(const Options& o, const encore::PluginHost& host, double file_mb) {
  const encore::PipelineSpec spec = BenchSpec(o);
  encore::RunOutcome baseline;
  std::vector<encore::Task> baseline_open;
  if (!o.history_as_of.empty()) {
    encore::PipelineSpec earlier = spec;
    earlier.as_of = o.history_as_of;
    encore::RunControl control;
    control.run_id = "bench-baseline";
    control.lanes = o.lanes;
    auto outcome = encore::ExecuteRun(earlier, host, control);
    if (!outcome.ok()) {
      std::fprintf(stderr, "baseline run failed: %s\n", outcome.status().message().c_str());
      return 1;
    }
    baseline = std::move(outcome).value();
    SortById(baseline.results);
    for (const encore::Task& t : baseline.tasks) {
      if (t.status == encore::TaskStatus::kOpen) baseline_open.push_back(t);
    }
    std::printf("baseline as of %s: %lld customers, %zu events, %zu tasks opened\n",
                o.history_as_of.c_str(), static_cast<long long>(baseline.customers),
                baseline.events.size(), baseline_open.size());
  }
  for (int i = 0; i < o.repeat; ++i) {
    encore::RunControl control;
    if (!o.history_as_of.empty()) {
      control.previous_results = &baseline.results;
      control.previous_as_of = baseline.as_of;
      control.open_tasks = baseline_open;
    }
    control.run_id = "bench-" + std::to_string(i + 1);
    control.started_at = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    control.lanes = o.lanes;
    // Peak RSS per stage: the kernel's high-water mark is read and reset at each change of stage.
    std::mutex mu;
    std::string stage = "load";
    std::vector<std::pair<std::string, double>> stage_peaks;
    control.on_progress = [&](const encore::RunProgress& progress) {
      std::lock_guard<std::mutex> lock(mu);
      if (progress.stage == stage) return;
      stage_peaks.emplace_back(stage, PeakSinceResetMb());
      ResetPeakRss();
      stage = progress.stage;
    };
    ResetPeakRss();
    const Usage start = Now();
    auto outcome = encore::ExecuteRun(spec, host, control);
    const Span total = Since(start);
    if (!outcome.ok()) {
      std::fprintf(stderr, "run failed: %s\n", outcome.status().message().c_str());
      return 1;
    }
    stage_peaks.emplace_back(stage, PeakSinceResetMb());
    double peak = 0;
    for (const auto& entry : stage_peaks) peak = std::max(peak, entry.second);
    const encore::RunOutcome& r = *outcome;
    std::printf(
        "run %d: lines %lld customers %lld orders %lld | load %.3f s compute %.3f s | total %.3f s"
        " wall | %.2f M lines/s %.0f MB/s | cpu %.2f s, cpu/wall %.2f | peak rss %.0f MiB\n",
        i + 1, static_cast<long long>(r.lines_loaded), static_cast<long long>(r.customers),
        static_cast<long long>(r.orders), r.load_seconds, r.compute_seconds, total.wall,
        r.lines_loaded / total.wall / 1e6, file_mb / total.wall, total.cpu, total.cpu / total.wall,
        peak);
    int64_t closed = 0;
    for (const encore::Task& t : r.tasks) closed += t.status == encore::TaskStatus::kClosed;
    std::printf("  events %zu, tasks touched %zu (closed %lld), report tables %zu\n",
                r.events.size(), r.tasks.size(), static_cast<long long>(closed), r.tables.size());
    std::printf("  compute steps:");
    for (const auto& [name, seconds] : r.compute_steps)
      std::printf(" %s %.3f s", name.c_str(), seconds);
    std::printf("\n  peak rss by stage:");
    for (const auto& [name, peak] : stage_peaks) std::printf(" %s %.0f MiB", name.c_str(), peak);
    std::printf("\n");
    if (!o.commit_dir.empty()) {
      auto store = FreshStore(o.commit_dir, o.history_as_of.empty() ? nullptr : &baseline);
      if (store == nullptr) return 1;
      const Usage commit_start = Now();
      const encore::Status committed =
          store->CommitRun(RecordOf(control.run_id, r), r.results, "segment", {},
                           encore::RunActivity{&r.events, &r.tasks, &r.tables});
      const Span commit = Since(commit_start);
      if (!committed.ok()) {
        std::fprintf(stderr, "commit failed: %s\n", committed.message().c_str());
        return 1;
      }
      std::printf("  commit %.3f s (cpu %.2f s): load + compute + commit %.3f s\n", commit.wall,
                  commit.cpu, r.load_seconds + r.compute_seconds + commit.wall);
    }
    if (r.row_error_count > 0) {
      std::printf("  %lld rows skipped, first: %s\n", static_cast<long long>(r.row_error_count),
                  r.first_row_errors.empty() ? "" : r.first_row_errors[0].reason.c_str());
    }
  }
  return 0;
}

// ---- --breakdown: the same work in separately timed parts. ----

struct Ingest {
  encore::OrderStoreBuilder* builder = nullptr;  // nullptr: drop the batches
  std::atomic<int64_t> lines{0};
};

int32_t Emit(void* ctx, int32_t lane, const encore_line_batch_v1* batch) {
  auto* ingest = static_cast<Ingest*>(ctx);
  ingest->lines.fetch_add(static_cast<int64_t>(batch->count), std::memory_order_relaxed);
  if (ingest->builder != nullptr && !ingest->builder->Append(lane, *batch).ok()) {
    return ENCORE_CANCELLED;
  }
  return ENCORE_OK;
}

bool ReadCsv(const Options& o, const encore::PluginHost& host, int lanes, Ingest& ingest) {
  auto instance = host.Create("csv", "orders", {{"path", o.file}});
  if (!instance.ok()) {
    std::fprintf(stderr, "%s\n", instance.status().message().c_str());
    return false;
  }
  encore_source_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = &ingest;
  io.max_lanes = lanes;
  io.emit = &Emit;
  io.progress = [](void*, int64_t, int64_t) {};
  io.stop_requested = [](void*) { return int32_t{0}; };
  io.row_error = [](void*, encore_str, encore_str, encore_str) {};
  io.count = [](void*, encore_str, int64_t) {};
  io.set_cursor = [](void*, encore_str) {};
  encore_error error = encore::NewPluginError();
  const int32_t code = (*instance)->descriptor().source_read((*instance)->handle(), &io, &error);
  if (code != ENCORE_OK) {
    std::fprintf(stderr, "csv read failed: %s\n", encore::PluginMessage(error).c_str());
    return false;
  }
  return true;
}

int Breakdown(const Options& o, const encore::PluginHost& host) {
  const int lanes = o.lanes > 0 ? o.lanes : static_cast<int>(std::thread::hardware_concurrency());
  std::printf("breakdown (%d lanes):\n", lanes);
  ResetPeakRss();
  {
    Ingest parse_only;
    const Usage start = Now();
    if (!ReadCsv(o, host, lanes, parse_only)) return 1;
    Print("parse", Since(start));
  }
  encore::OrderStoreBuilder builder(lanes);
  Ingest ingest;
  ingest.builder = &builder;
  Usage start = Now();
  if (!ReadCsv(o, host, lanes, ingest)) return 1;
  Print("ingest", Since(start));
  start = Now();
  auto store = builder.Finish("USD");
  if (!store.ok()) {
    std::fprintf(stderr, "finish failed: %s\n", store.status().message().c_str());
    return 1;
  }
  Print("finish", Since(start));
  const encore::StoreBuildTimings& t = (*store)->build_timings();
  std::printf("           dictionaries %.3f s, buckets %.3f s, orders %.3f s, lines %.3f s\n",
              t.dictionaries, t.buckets, t.orders, t.lines);

  auto zone = encore::TimeZone::Load(o.time_zone);
  start = Now();
  const auto view = (*store)->View((*store)->last_order_time(), *zone);
  auto rfm = host.Create("rfm", "rfm", {{"k", o.k}});
  if (!rfm.ok()) {
    std::fprintf(stderr, "%s\n", rfm.status().message().c_str());
    return 1;
  }
  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.put_scores = [](void*, const encore_column_v1*) { return int32_t{ENCORE_OK}; };
  io.find_scores = [](void*, encore_str) -> const encore_column_v1* { return nullptr; };
  io.put_metric = [](void*, encore_str, double, encore_str) { return int32_t{ENCORE_OK}; };
  io.put_metric_json = [](void*, encore_str, encore_str) { return int32_t{ENCORE_OK}; };
  io.warn = [](void*, encore_str) {};
  io.progress = [](void*, int64_t, int64_t) {};
  io.stop_requested = [](void*) { return int32_t{0}; };
  encore_error error = encore::NewPluginError();
  const int32_t code = (*rfm)->descriptor().method_run((*rfm)->handle(), view->get(), &io, &error);
  if (code != ENCORE_OK) {
    std::fprintf(stderr, "rfm failed: %s\n", encore::PluginMessage(error).c_str());
    return 1;
  }
  Print("rfm", Since(start));
  std::printf("  store: %zu lines, %zu orders, %zu customers, %zu products, %zu managers\n",
              (*store)->line_count(), (*store)->order_count(), (*store)->customer_count(),
              (*store)->product_count(), (*store)->manager_count());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--breakdown") {
      o.breakdown = true;
    } else if (value == nullptr) {
      std::fprintf(stderr, "encore_bench: %s needs a value\n", arg.c_str());
      return 2;
    } else if (arg == "--file") {
      o.file = argv[++i];
    } else if (arg == "--plugins") {
      o.plugin_dir = argv[++i];
    } else if (arg == "--repeat") {
      o.repeat = std::atoi(argv[++i]);
    } else if (arg == "--lanes") {
      o.lanes = std::atoi(argv[++i]);
    } else if (arg == "--k") {
      o.k = std::atoi(argv[++i]);
    } else if (arg == "--time-zone") {
      o.time_zone = argv[++i];
    } else if (arg == "--history") {
      o.history_as_of = argv[++i];
    } else if (arg == "--commit") {
      o.commit_dir = argv[++i];
    } else if (arg == "--methods") {
      o.methods = SplitList(argv[++i]);
    } else {
      std::fprintf(stderr, "encore_bench: unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  if (o.file.empty()) {
    std::fprintf(stderr,
                 "usage: encore_bench --file ORDERS.csv [--repeat N] [--lanes N] [--k 3|5]\n"
                 "                    [--time-zone ZONE] [--plugins DIR] [--breakdown]\n"
                 "                    [--methods rfm,segments,lifecycle,base_metrics,...]\n"
                 "                    [--history YYYY-MM-DD] [--commit DIR]\n");
    return 2;
  }
  struct stat st {};
  if (stat(o.file.c_str(), &st) != 0) {
    std::fprintf(stderr, "encore_bench: cannot read '%s'\n", o.file.c_str());
    return 1;
  }
  encore::PluginHost host;
  host.LoadDirectory(o.plugin_dir);
  for (const auto& rejected : host.rejected()) {
    std::fprintf(stderr, "rejected %s: %s\n", rejected.path.c_str(), rejected.reason.c_str());
  }
  std::printf("file %s: %.1f MB; plugins from %s\n", o.file.c_str(), st.st_size / 1e6,
              o.plugin_dir.c_str());
  if (int status = RunPipeline(o, host, st.st_size / 1e6); status != 0) return status;
  return o.breakdown ? Breakdown(o, host) : 0;
}
