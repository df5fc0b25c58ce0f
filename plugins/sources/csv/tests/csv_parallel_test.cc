// Parallel parsing must be invisible: any number of lanes gives the lines, line numbers, row
// errors and counters of a single lane, in the same order, also when quoted line breaks sit
// where the file is split. Plus cancellation and progress.
#include <random>

#include "plugins/sources/csv/csv_tokenizer.h"
#include "plugins/sources/csv/lane_parser.h"
#include "plugins/sources/csv/quote_scanner.h"
#include "plugins/sources/csv/tests/csv_test_support.h"

namespace encore::plugins::csv::testing {
namespace {

using sdk::testing::EmittedLines;

class CsvParallelTest : public CsvTest {};

// A file exercising every quoting case, with a few bad rows and rows without customer.
std::string MixedFile(int records, uint32_t seed) {
  std::mt19937 random(seed);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint32_t>(n)); };
  std::string out = kCanonicalHeader;
  for (int i = 0; i < records; ++i) {
    std::string product;
    switch (pick(8)) {
      case 0:
        product = "\"with, comma\"";
        break;
      case 1:
        product = "\"multi\nline\n\"\"quoted\"\"\n\"";
        break;
      case 2:
        product = "\"crlf\r\ninside\"";
        break;
      case 3:
        product = "7\" frame";  // a bare quote inside an unquoted field is data
        break;
      case 4:
        product = "\"\n" + std::to_string(i) + ",C,2022-01-01,P,1,1.00,M\n\"";  // looks like rows
        break;
      default:
        product = "P" + std::to_string(pick(1000));
    }
    const std::string customer = pick(20) == 0 ? "" : "C" + std::to_string(pick(5000)) + ".0";
    const std::string date =
        pick(500) == 0 ? "2022-13-01" : "2022-01-0" + std::to_string(1 + pick(9));
    out += std::to_string(i) + "," + customer + "," + date + "," + product + "," +
           std::to_string(pick(7) - 2) + "," + std::to_string(pick(100)) + "." +
           std::to_string(10 + pick(90)) + ",M" + std::to_string(pick(3)) +
           (pick(10) == 0 ? "\r\n" : "\n");
    if (pick(200) == 0) out += "\n";
  }
  return out;
}

void ExpectSameLines(const EmittedLines& a, const EmittedLines& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.order_id, b.order_id);
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.ordered_at, b.ordered_at);
  EXPECT_EQ(a.product_id, b.product_id);
  EXPECT_EQ(a.quantity_milli, b.quantity_milli);
  EXPECT_EQ(a.amount_minor, b.amount_minor);
  EXPECT_EQ(a.manager_id, b.manager_id);
  EXPECT_EQ(a.source_line, b.source_line);
}

void ExpectSameRun(const SourceRunResult& one, const SourceRunResult& many) {
  ASSERT_EQ(many.status, one.status) << many.message;
  EXPECT_EQ(many.message, one.message);
  EXPECT_TRUE(many.contract_violations.empty());
  ExpectSameLines(one.lines, many.lines);
  EXPECT_EQ(many.counters, one.counters);
  ASSERT_EQ(many.row_errors.size(), one.row_errors.size());
  for (size_t i = 0; i < one.row_errors.size(); ++i) {
    EXPECT_EQ(many.row_errors[i].location, one.row_errors[i].location);
    EXPECT_EQ(many.row_errors[i].field, one.row_errors[i].field);
    EXPECT_EQ(many.row_errors[i].reason, one.row_errors[i].reason);
  }
}

int LanesUsed(const SourceRunResult& r) {
  int used = 0;
  for (int64_t n : r.lines_per_lane) used += n > 0;
  return used;
}

TEST_F(CsvParallelTest, AnyLaneCountGivesTheSingleLaneResult) {
  const std::string path = Write("mixed.csv", MixedFile(20000, 7));
  const nlohmann::json config = {{"on_error", "skip"}};
  const SourceRunResult one = Read(path, config, 1);
  ASSERT_EQ(one.status, ENCORE_OK) << one.message;
  ASSERT_GT(one.row_errors.size(), 10u);
  ASSERT_GT(one.counter("rows_without_customer"), 500);
  for (int lanes : {2, 3, 4, 8}) {
    SCOPED_TRACE(lanes);
    const SourceRunResult many = Read(path, config, lanes);
    ExpectSameRun(one, many);
    EXPECT_EQ(LanesUsed(many), lanes);
  }
}

TEST_F(CsvParallelTest, QuotedFieldSpanningTheSplitPoints) {
  // A product id holding 400 KB of text that looks like CSV rows sits between two small parts,
  // so every nominal split point of 2..4 lanes falls inside it.
  std::string content = kCanonicalHeader + "1,C1,2022-01-01,P,1,1.00,M\n2,C2,2022-01-01,\"";
  for (int i = 0; i < 10000; ++i) {
    content += std::to_string(i) + ",C" + std::to_string(i) + ",2022-01-01,\"\"P\"\",1,1.00,M\n";
  }
  content += "\",1,1.00,M\n3,C3,2022-01-02,P,1,1.00,M\n";
  const std::string path = Write("straddle.csv", content);
  const SourceRunResult one = Read(path, {}, 1);
  ASSERT_EQ(one.status, ENCORE_OK) << one.message;
  EXPECT_THAT(one.lines.order_id, ::testing::ElementsAre("1", "2", "3"));
  EXPECT_THAT(one.lines.source_line, ::testing::ElementsAre(2, 3, 10004));
  for (int lanes : {2, 3, 4}) {
    SCOPED_TRACE(lanes);
    ExpectSameRun(one, Read(path, {}, lanes));
  }
}

TEST_F(CsvParallelTest, EveryRecordHoldsALineBreak) {
  std::string content = kCanonicalHeader;
  for (int i = 0; i < 30000; ++i) {
    content += std::to_string(i) + ",C" + std::to_string(i % 977) +
               ",2022-01-01,\"a\nb,\"\"c\"\"\n\",1,1.00,M\n";
  }
  const std::string path = Write("breaks.csv", content);
  const SourceRunResult one = Read(path, {}, 1);
  ASSERT_EQ(one.status, ENCORE_OK) << one.message;
  ASSERT_EQ(one.lines.size(), 30000u);
  EXPECT_EQ(one.lines.source_line.back(), 2 + 29999 * 3);
  for (int lanes : {2, 5}) {
    SCOPED_TRACE(lanes);
    const SourceRunResult many = Read(path, {}, lanes);
    ExpectSameRun(one, many);
    EXPECT_EQ(LanesUsed(many), lanes);
  }
}

TEST_F(CsvParallelTest, FailureReportsTheEarliestBadRowWhateverTheLanes) {
  std::string content = kCanonicalHeader;
  for (int i = 0; i < 40000; ++i) {
    const bool bad = i == 25000 || i == 39000;  // both in later chunks
    content += std::to_string(i) + ",C1," + (bad ? "2022-02-30" : "2022-01-01") + ",P,1,1.00,M\n";
  }
  const std::string path = Write("fail.csv", content);
  const SourceRunResult one = Read(path, {}, 1);
  EXPECT_EQ(one.status, ENCORE_FATAL);
  EXPECT_EQ(one.message,
            "fail.csv:25002: column 'ordered_at': cannot parse '2022-02-30' as iso8601 date-time");
  for (int lanes : {2, 4, 8}) {
    SCOPED_TRACE(lanes);
    const SourceRunResult many = Read(path, {}, lanes);
    EXPECT_EQ(many.status, ENCORE_FATAL);
    EXPECT_EQ(many.message, one.message);
    ASSERT_EQ(many.row_errors.size(), 1u);
    EXPECT_EQ(many.row_errors[0].location, "fail.csv:25002");
  }
}

TEST_F(CsvParallelTest, CancellationStopsTheRead) {
  std::string content = kCanonicalHeader;
  for (int i = 0; i < 300000; ++i) content += std::to_string(i) + ",C1,2022-01-01,P,1,1.00,M\n";
  const std::string path = Write("big.csv", content);
  for (int lanes : {1, 2}) {
    SCOPED_TRACE(lanes);
    auto instance = CsvPlugin().Create({{"path", path}});
    SourceRunOptions options;
    options.max_lanes = lanes;
    options.cancel_after_batches = 1;
    const SourceRunResult r = RunSource(*instance, options);
    EXPECT_EQ(r.status, ENCORE_CANCELLED);
    EXPECT_EQ(r.message, "cancelled");
    // The first batch is taken; every other lane may have handed over one before it noticed.
    EXPECT_GE(r.lines.size(), LaneParser::kBatchRows);
    EXPECT_LE(r.lines.size(), LaneParser::kBatchRows * static_cast<size_t>(lanes));
    EXPECT_LT(r.lines.size(), 300000u);
  }
}

TEST_F(CsvParallelTest, ProgressOnlyGrowsAndEndsComplete) {
  std::string content = kCanonicalHeader;
  for (int i = 0; i < 300000; ++i) content += std::to_string(i) + ",C1,2022-01-01,P,1,1.00,M\n";
  const std::string path = Write("big.csv", content);
  const SourceRunResult r = Read(path, {}, 2);
  ASSERT_EQ(r.status, ENCORE_OK) << r.message;
  ASSERT_GE(r.progress.size(), 3u);
  const int64_t total = r.progress.front().second;
  EXPECT_EQ(total, static_cast<int64_t>(content.size() - kCanonicalHeader.size()));
  for (size_t i = 1; i < r.progress.size(); ++i) {
    EXPECT_GE(r.progress[i].first, r.progress[i - 1].first);
    EXPECT_EQ(r.progress[i].second, total);
  }
  EXPECT_EQ(r.progress.back().first, total);
}

// The chunk planner against the tokenizer on random bytes made of the characters that matter:
// every chunk must start where a sequential parse starts a record, with the right line number.
TEST(CsvChunkSplit, AgreesWithTheTokenizerOnRandomBytes) {
  std::mt19937 random(12345);
  const char alphabet[] = {'a', ',', '"', '"', '\n', '\r', ';'};
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = "h\n";
    const int length = 1 + static_cast<int>(random() % 300);
    for (int i = 0; i < length; ++i) bytes += alphabet[random() % sizeof(alphabet)];
    const char delimiter = round % 2 == 0 ? ',' : ';';
    const char* body = bytes.data() + 2;
    const char* end = bytes.data() + bytes.size();

    // Record starts of a sequential parse, with their line numbers.
    std::map<const char*, int64_t> starts;
    Tokenizer tokenizer(delimiter);
    Record record(8);
    int64_t line = 2;
    for (const char* p = body;;) {
      starts[p] = line;
      const char* next = nullptr;
      if (tokenizer.Next(p, end, true, &record, &next) == Token::kEnd) break;
      line += record.newlines();
      p = next;
    }
    for (int lanes = 1; lanes <= 6; ++lanes) {
      const std::vector<Chunk> chunks = SplitIntoChunks(body, end, 2, lanes, delimiter);
      ASSERT_EQ(chunks.size(), static_cast<size_t>(lanes));
      EXPECT_EQ(chunks.front().begin, body);
      EXPECT_EQ(chunks.back().end, end);
      for (size_t k = 0; k < chunks.size(); ++k) {
        if (k > 0) {
          EXPECT_EQ(chunks[k].begin, chunks[k - 1].end);
        }
        auto it = starts.find(chunks[k].begin);
        ASSERT_NE(it, starts.end()) << "round " << round << " lanes " << lanes << " chunk " << k;
        EXPECT_EQ(chunks[k].first_line, it->second);
      }
    }
  }
}

}  // namespace
}  // namespace encore::plugins::csv::testing
