#include "bench/gen/csv_writer.h"

#include <encore/sdk/civil_day.hpp>

#include <algorithm>
#include <charconv>
#include <string>
#include <thread>
#include <vector>

namespace encore::bench {
namespace {

class Formatter {
 public:
  explicit Formatter(std::string& out) : out_(out) {}
  void Text(const std::string& s) { out_.append(s); }
  void Char(char c) { out_.push_back(c); }
  void Int(int64_t v) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof(text), v).ptr;
    out_.append(text, end);
  }
  void Padded(uint64_t v, int width) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof(text), v).ptr;
    for (int pad = width - static_cast<int>(end - text); pad > 0; --pad) out_.push_back('0');
    out_.append(text, end);
  }
  void Cents(uint32_t cents) {
    Int(cents / 100);
    Char('.');
    Padded(cents % 100, 2);
  }

 private:
  std::string& out_;
};

}  // namespace

bool WriteCsv(const OrderHistory& history, uint64_t max_lines, int threads, std::FILE* out,
              CsvWriteResult* result) {
  const GeneratorOptions& options = history.options;
  const int64_t first_day = sdk::DaysFromCivil(options.start_year, 1, 1);
  std::vector<std::string> days;
  for (uint32_t d = 0; d < options.days + 40; ++d)
    days.push_back(sdk::FormatDay(first_day + d) + "T");

  // How many whole orders fit in max_lines.
  size_t order_count = history.orders.size();
  uint64_t lines = 0;
  if (max_lines > 0) {
    for (size_t o = 0; o < history.orders.size(); ++o) {
      if (lines + history.orders[o].line_count > max_lines) {
        order_count = o;
        break;
      }
      lines += history.orders[o].line_count;
    }
  }

  const std::string header =
      "order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id\n";
  if (std::fwrite(header.data(), 1, header.size(), out) != header.size()) return false;
  result->bytes = header.size();

  threads = std::max(1, threads);
  constexpr size_t kBlock = 1 << 16;  // orders per formatted block
  std::vector<std::string> buffers(threads);
  for (size_t round = 0; round < order_count; round += kBlock * threads) {
    std::vector<std::thread> workers;
    auto format = [&](int t) {
      std::string& text = buffers[t];
      text.clear();
      Formatter f(text);
      const size_t begin = std::min(order_count, round + t * kBlock);
      const size_t end = std::min(order_count, begin + kBlock);
      for (size_t o = begin; o < end; ++o) {
        const GeneratedOrder& order = history.orders[o];
        const uint32_t second = order.second % 86400;
        for (uint32_t l = 0; l < order.line_count; ++l) {
          const GeneratedLine& line = history.lines[order.first_line + l];
          f.Int(100001 + static_cast<int64_t>(o));
          f.Text(",C");
          f.Padded(order.customer + 1, 7);
          f.Char(',');
          f.Text(days[order.second / 86400]);
          f.Padded(second / 3600, 2);
          f.Char(':');
          f.Padded(second / 60 % 60, 2);
          f.Char(':');
          f.Padded(second % 60, 2);
          f.Text(",P");
          f.Padded(line.product, 5);
          f.Char(',');
          f.Int(line.quantity);
          f.Char(',');
          f.Cents(line.price_cents);
          f.Char(',');
          if (order.manager != 0) {
            f.Char('M');
            f.Padded(order.manager, 3);
          }
          f.Char('\n');
        }
      }
    };
    for (int t = 1; t < threads; ++t) workers.emplace_back(format, t);
    format(0);
    for (auto& worker : workers) worker.join();
    for (const std::string& text : buffers) {
      if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) return false;
      result->bytes += text.size();
    }
  }
  result->orders = order_count;
  result->lines = 0;
  for (size_t o = 0; o < order_count; ++o) result->lines += history.orders[o].line_count;
  return true;
}

}  // namespace encore::bench
