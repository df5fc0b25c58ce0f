// encore_state_bench: the state database's results path on a synthetic run. Builds a results
// table shaped like a pipeline's (16 scores: integers, doubles, RFM codes, segment names, dates,
// '|'-separated category lists, some values missing), then times CommitRun, LoadRunResults,
// ListCustomers (id order, score order, filtered), CustomerHistory and the migration matrix
// between two runs, each from a freshly opened store (nothing decoded yet) and again (decoded
// columns cached). Also reports what zlib at level 1 would save and cost per column.
//
//   encore_state_bench --customers 1000000 --dir /tmp/encore_state_bench
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/state/run_columns.h"
#include "daemon/state/state_store.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

encore::ScoreColumn I64(const std::string& name) {
  encore::ScoreColumn c;
  c.name = name;
  c.type = ENCORE_VALUE_I64;
  return c;
}

encore::ScoreColumn F64(const std::string& name) {
  encore::ScoreColumn c;
  c.name = name;
  c.type = ENCORE_VALUE_F64;
  return c;
}

encore::ScoreColumn Str(const std::string& name) {
  encore::ScoreColumn c;
  c.name = name;
  c.type = ENCORE_VALUE_STR;
  return c;
}

// `customers` customers in a shuffled row order (as a store hands them over). `drift` moves
// that share of customers to other scores, and ids start at `first_id`, so that a second run
// differs from the first and has new and gone customers.
encore::ResultsTable MakeResults(size_t customers, uint32_t seed, double drift, size_t first_id) {
  static const char* kSegments[] = {
      "champions",      "loyal",   "potential", "new",         "promising", "need_attention",
      "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost"};
  static const char* kCategories[] = {"coffee", "tea",   "cups", "sweets", "gifts",
                                      "decor",  "books", "toys", "garden", "kitchen"};
  static const char* kTiers[] = {"bronze", "silver", "gold", "platinum"};
  std::mt19937_64 random(seed);
  std::vector<uint32_t> order(customers);
  for (size_t i = 0; i < customers; ++i) order[i] = static_cast<uint32_t>(i);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(7));

  encore::ResultsTable table;
  table.customer_ids.reserve(customers);
  std::vector<encore::ScoreColumn> c = {
      I64("recency_days"), I64("frequency"), I64("monetary_minor"),   I64("r_score"),
      I64("f_score"),      I64("m_score"),   Str("rfm_code"),         Str("segment"),
      F64("p_alive"),      I64("clv_minor"), Str("first_order_date"), Str("last_order_date"),
      Str("tier"),         I64("orders"),    I64("avg_order_minor"),  Str("bought_categories")};
  c[8].null_mask.assign(customers, 0);
  c[9].null_mask.assign(customers, 0);
  for (size_t i = 0; i < customers; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "C%07zu", order[i] + first_id);
    table.customer_ids.emplace_back(id);
    std::mt19937_64 own(order[i] * 2654435761u + (random() < drift * 1.8e19 ? seed : 0));
    const int64_t frequency = 1 + static_cast<int64_t>(own() % 40);
    const int64_t monetary = static_cast<int64_t>(own() % 5000000);
    const int r = 1 + own() % 5, f = 1 + own() % 5, m = 1 + own() % 5;
    c[0].i64.push_back(own() % 1100);
    c[1].i64.push_back(frequency);
    c[2].i64.push_back(monetary);
    c[3].i64.push_back(r);
    c[4].i64.push_back(f);
    c[5].i64.push_back(m);
    c[6].str.push_back(std::to_string(r * 100 + f * 10 + m));
    c[7].str.push_back(kSegments[own() % 11]);
    c[8].f64.push_back(static_cast<double>(own() % 1000000) / 1e6);
    c[8].null_mask[i] = own() % 10 == 0;  // too few orders for the model
    c[9].i64.push_back(static_cast<int64_t>(own() % 20000000));
    c[9].null_mask[i] = c[8].null_mask[i];
    char date[16];
    std::snprintf(date, sizeof(date), "2023-%02d-%02d", 1 + static_cast<int>(own() % 12),
                  1 + static_cast<int>(own() % 28));
    c[10].str.push_back(date);
    std::snprintf(date, sizeof(date), "2025-%02d-%02d", 1 + static_cast<int>(own() % 12),
                  1 + static_cast<int>(own() % 28));
    c[11].str.push_back(date);
    c[12].str.push_back(kTiers[own() % 4]);
    c[13].i64.push_back(frequency);
    c[14].i64.push_back(monetary / frequency);
    std::string list = "|";
    for (int k = 0; k < 10; ++k) {
      if (own() % 4 == 0) list += std::string(kCategories[k]) + "|";
    }
    c[15].str.push_back(list);
  }
  table.columns = std::move(c);
  return table;
}

std::unique_ptr<encore::StateStore> Open(const std::filesystem::path& dir) {
  auto store = encore::StateStore::Open(dir);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().message().c_str());
    std::exit(1);
  }
  return std::move(store).value();
}

void Check(const encore::Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.message().c_str());
    std::exit(1);
  }
}

template <class T>
T Check(encore::Result<T> result, const char* what) {
  Check(result.ok() ? encore::Status::Ok() : result.status(), what);
  return std::move(result).value();
}

// Times one list call, cold (a freshly opened store) and warm (the same call again).
void TimeList(const std::filesystem::path& dir, const char* label,
              const encore::CustomerListOptions& options) {
  auto store = Open(dir);
  auto started = Clock::now();
  encore::CustomerPage page = Check(store->ListCustomers("run-2", options), label);
  const double cold = Seconds(started);
  started = Clock::now();
  Check(store->ListCustomers("run-2", options), label);
  const double warm = Seconds(started);
  std::printf("%-44s %8.3f s %8.3f s   %zu of %lld\n", label, cold, warm, page.customers.size(),
              static_cast<long long>(page.total));
}

}  // namespace

int main(int argc, char** argv) {
  size_t customers = 1000000;
  std::filesystem::path dir = "/tmp/encore_state_bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--customers") {
      customers = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--dir") {
      dir = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: encore_state_bench [--customers N] [--dir DIR]\n");
      return 2;
    }
  }
  std::filesystem::remove_all(dir);

  auto started = Clock::now();
  const encore::ResultsTable first = MakeResults(customers, 1, 0, 1);
  const encore::ResultsTable second = MakeResults(customers, 2, 0.2, 1 + customers / 20);
  std::printf("generated 2 runs of %zu customers x %zu scores in %.2f s\n", customers,
              first.columns.size(), Seconds(started));

  // Where a commit's time goes, and what zlib would change.
  started = Clock::now();
  encore::run_columns::EncodedResults encoded =
      Check(encore::run_columns::Encode(first, "segment"), "encode");
  const double encode_seconds = Seconds(started);
  size_t raw = 0, packed = 0, deflated = 0;
  double deflate_seconds = 0;
  for (const auto& column : encoded.columns) packed += column.data.size() + column.null_mask.size();
  for (const auto& column : first.columns) {
    raw += column.type == ENCORE_VALUE_STR ? 0 : customers * 8;
    for (std::string_view s : column.str) raw += s.size();
  }
  for (const auto& column : encoded.columns) {
    uLongf size = compressBound(column.data.size());
    std::vector<Bytef> out(size);
    const auto t = Clock::now();
    compress2(out.data(), &size, reinterpret_cast<const Bytef*>(column.data.data()),
              column.data.size(), 1);
    deflate_seconds += Seconds(t);
    deflated += size + column.null_mask.size();
  }
  std::printf(
      "encode (sort + pack): %.3f s; values %.1f MB -> packed %.1f MB; zlib level 1 "
      "would take %.3f s more for %.1f MB\n",
      encode_seconds, raw / 1e6, packed / 1e6, deflate_seconds, deflated / 1e6);

  for (int run = 1; run <= 2; ++run) {
    auto store = Open(dir);
    encore::RunRecord record;
    record.run_id = "run-" + std::to_string(run);
    record.pipeline = "bench";
    record.as_of = 1700000000 + run * 86400;
    record.created_at = record.as_of;
    started = Clock::now();
    Check(store->CommitRun(record, run == 1 ? first : second, "segment", {{"orders", "x"}}),
          "commit");
    std::printf("CommitRun %s: %.3f s\n", record.run_id.c_str(), Seconds(started));
  }
  std::printf("state.db: %.1f MB\n", std::filesystem::file_size(dir / "state.db") / 1e6);

  std::printf("\n%-44s %10s %10s\n", "call (run-2)", "cold", "warm");
  for (const std::vector<std::string>& wanted :
       {std::vector<std::string>{"segment", "monetary_minor", "p_alive"},
        std::vector<std::string>{}}) {
    auto store = Open(dir);
    started = Clock::now();
    encore::ResultsTable loaded = Check(store->LoadRunResults("run-2", wanted), "load");
    const double cold = Seconds(started);
    started = Clock::now();
    Check(store->LoadRunResults("run-2", wanted), "load");
    const double warm = Seconds(started);
    std::printf("LoadRunResults %-29s %8.3f s %8.3f s   %zu columns\n",
                wanted.empty() ? "(all)" : "(segment, monetary, p_alive)", cold, warm,
                loaded.columns.size());
  }

  encore::CustomerListOptions options;
  options.page_size = 100;
  TimeList(dir, "ListCustomers id order, first page", options);
  options.page_token = "4330303030303030";  // after C0000000: hex of the last id
  TimeList(dir, "ListCustomers id order, with a page token", options);
  options.page_token.clear();
  options.page_size = 1000;
  TimeList(dir, "ListCustomers id order, a page of 1000", options);
  options.page_size = 100;
  options.order_by = "monetary_minor";
  options.descending = true;
  TimeList(dir, "ListCustomers order_by monetary_minor desc", options);
  options.page_token = "s500000";
  TimeList(dir, "  the page at offset 500,000", options);
  options.page_token.clear();
  options.order_by = "p_alive";
  TimeList(dir, "ListCustomers order_by p_alive desc", options);
  options.order_by = "last_order_date";
  TimeList(dir, "ListCustomers order_by last_order_date desc", options);
  options.order_by = "monetary_minor";
  options.segment = "champions";
  options.filters = {{"bought_categories", encore::FilterOp::kNotContains, "coffee"},
                     {"r_score", encore::FilterOp::kGe, "4"}};
  TimeList(dir, "  + segment, not_contains, r_score ge 4", options);

  {
    auto store = Open(dir);
    started = Clock::now();
    auto history = store->CustomerHistory("bench", "C0500000");
    std::printf("%-44s %8.3f s              %zu runs\n", "CustomerHistory (2 runs)",
                Seconds(started), history.size());
    started = Clock::now();
    auto matrix = Check(store->SegmentMigrations("run-1", "run-2"), "matrix");
    const double cold = Seconds(started);
    started = Clock::now();
    Check(store->SegmentMigrations("run-1", "run-2"), "matrix");
    std::printf("%-44s %8.3f s %8.3f s   %zu cells\n", "SegmentMigrations run-1 -> run-2", cold,
                Seconds(started), matrix.size());
  }
  std::filesystem::remove_all(dir);
  return 0;
}
