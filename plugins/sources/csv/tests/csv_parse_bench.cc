// Parse throughput of the csv source on one file, through the built plugin.
//
//   csv_parse_bench <file> [config-json] [repeats] [lanes]
//
// Runs read() with each lane count of `lanes` (comma-separated, default "1,2"; best of
// `repeats`, default 3) against a host that only
// counts the lines and sums their amounts, so the figures are the plugin's own cost: file
// access, tokenizing, value parsing and batch building.
#include <encore/plugin_abi.h>
#include <sys/stat.h>
#include <encore/sdk/testing/loaded_plugin.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct CountingHost {
  std::atomic<int64_t> lines{0};
  std::atomic<int64_t> amount{0};
  std::atomic<int64_t> batches{0};
};

int32_t Emit(void* ctx, int32_t, const encore_line_batch_v1* batch) {
  auto* host = static_cast<CountingHost*>(ctx);
  int64_t sum = 0;
  for (size_t i = 0; i < batch->count; ++i) sum += batch->amount_minor[i];
  host->lines += static_cast<int64_t>(batch->count);
  host->amount += sum;
  host->batches += 1;
  return ENCORE_OK;
}
void Progress(void*, int64_t, int64_t) {}
int32_t StopRequested(void*) { return 0; }
void RowError(void*, encore_str, encore_str, encore_str) {}
void Count(void*, encore_str, int64_t) {}
void SetCursor(void*, encore_str) {}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <file> [config-json] [repeats] [lanes]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  nlohmann::json config = argc > 2 ? nlohmann::json::parse(argv[2]) : nlohmann::json::object();
  config["path"] = path;
  const int repeats = argc > 3 ? std::stoi(argv[3]) : 3;
  std::vector<int> lane_counts;
  std::stringstream lanes_text(argc > 4 ? argv[4] : "1,2");
  for (std::string item; std::getline(lanes_text, item, ',');)
    lane_counts.push_back(std::stoi(item));
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    std::perror(path.c_str());
    return 1;
  }
  const double megabytes = static_cast<double>(info.st_size) / 1e6;

  encore::sdk::testing::LoadedPlugin plugin(ENCORE_CSV_PLUGIN);
  auto instance = plugin.Create(config);
  for (int lanes : lane_counts) {
    double best = 1e30;
    int64_t lines = 0, amount = 0, batches = 0;
    for (int i = 0; i < repeats; ++i) {
      CountingHost host;
      encore_source_io_v1 io{};
      io.struct_size = sizeof(io);
      io.ctx = &host;
      io.max_lanes = lanes;
      io.emit = &Emit;
      io.progress = &Progress;
      io.stop_requested = &StopRequested;
      io.row_error = &RowError;
      io.count = &Count;
      io.set_cursor = &SetCursor;
      encore_error error{};
      error.struct_size = sizeof(error);
      const auto start = std::chrono::steady_clock::now();
      const int32_t status = plugin.descriptor().source_read(instance->get(), &io, &error);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (status != ENCORE_OK) {
        std::fprintf(stderr, "read failed (%d): %s\n", status, error.message);
        return 1;
      }
      best = std::min(best, seconds);
      lines = host.lines;
      amount = host.amount;
      batches = host.batches;
    }
    std::printf(
        "lanes=%d  best of %d: %.3f s  %.2f M lines/s  %.0f MB/s  (%lld lines, %lld batches, "
        "amount sum %lld)\n",
        lanes, repeats, best, static_cast<double>(lines) / best / 1e6, megabytes / best,
        static_cast<long long>(lines), static_cast<long long>(batches),
        static_cast<long long>(amount));
  }
  return 0;
}
