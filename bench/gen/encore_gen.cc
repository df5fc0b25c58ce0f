// encore_gen: writes synthetic order lines in the canonical CSV layout for benchmarks.
//
//   encore_gen --customers 1000000 --seed 10 -o /tmp/orders.csv
//   encore_gen --lines 10000000 -o /tmp/orders.csv
//
// The same options give a byte-identical file. Summary on stderr.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/gen/csv_writer.h"
#include "bench/gen/order_generator.h"

namespace {

void Usage() {
  std::fprintf(stderr,
               "usage: encore_gen (--customers N | --lines N) [--seed S] [--products N]\n"
               "                  [--managers N] [--start-year Y] [--days N]\n"
               "                  [--return-probability P] [--threads N] -o FILE|-\n");
}

bool ParseUnsigned(const char* text, uint64_t* out) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0') return false;
  *out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  encore::bench::GeneratorOptions options;
  uint64_t lines = 0;
  bool customers_given = false;
  std::string output;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    uint64_t value = 0;
    auto number = [&](uint64_t* out) {
      if (!has_value || !ParseUnsigned(argv[++i], out)) {
        std::fprintf(stderr, "encore_gen: %s needs a non-negative integer\n", arg.c_str());
        std::exit(2);
      }
    };
    if (arg == "--customers") {
      number(&options.customers);
      customers_given = true;
    } else if (arg == "--lines") {
      number(&lines);
    } else if (arg == "--seed") {
      number(&options.seed);
    } else if (arg == "--products") {
      number(&value);
      options.products = static_cast<uint32_t>(std::min<uint64_t>(value, 65535));
    } else if (arg == "--managers") {
      number(&value);
      options.managers = static_cast<uint32_t>(std::min<uint64_t>(value, 255));
    } else if (arg == "--start-year") {
      number(&value);
      options.start_year = static_cast<int>(value);
    } else if (arg == "--days") {
      number(&value);
      options.days = static_cast<uint32_t>(std::max<uint64_t>(value, 1));
    } else if (arg == "--threads") {
      number(&value);
      options.threads = static_cast<int>(value);
    } else if (arg == "--return-probability" && has_value) {
      options.return_probability = std::strtod(argv[++i], nullptr);
    } else if ((arg == "-o" || arg == "--output") && has_value) {
      output = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      Usage();
      return 0;
    } else {
      std::fprintf(stderr, "encore_gen: unknown argument '%s'\n", arg.c_str());
      Usage();
      return 2;
    }
  }
  if (output.empty() || (lines == 0 && !customers_given) || options.products == 0) {
    Usage();
    return 2;
  }
  if (lines > 0 && !customers_given) {
    // Somewhat more customers than the average needs, then cut at `lines`.
    options.customers = encore::bench::CustomersForLines(lines);
  }

  const auto start = std::chrono::steady_clock::now();
  const encore::bench::OrderHistory history = encore::bench::GenerateOrderHistory(options);
  std::FILE* out = output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "encore_gen: cannot open '%s': %s\n", output.c_str(),
                 std::strerror(errno));
    return 1;
  }
  std::setvbuf(out, nullptr, _IOFBF, 1 << 22);
  encore::bench::CsvWriteResult result;
  const int threads = options.threads > 0 ? options.threads : 2;
  const bool written = encore::bench::WriteCsv(history, lines, threads, out, &result);
  const bool closed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
  if (!written || !closed) {
    std::fprintf(stderr, "encore_gen: writing '%s' failed: %s\n", output.c_str(),
                 std::strerror(errno));
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "encore_gen: %llu lines, %llu orders (of %llu customers generated), %.1f MB in "
               "%.2f s\n",
               static_cast<unsigned long long>(result.lines),
               static_cast<unsigned long long>(result.orders),
               static_cast<unsigned long long>(options.customers), result.bytes / 1e6, seconds);
  return 0;
}
