#include "reference_rfm.h"

#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace encore::e2e {
namespace {

std::string ReadGzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  std::string text;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) text.append(buffer, n);
  gzclose(file);
  return text;
}

std::string ReadPlain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(field);
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(std::move(row));
  }
  return rows;
}

// Days since 1970-01-01 of a proleptic Gregorian date (the well-known civil-from-days
// inverse).
int64_t DayNumber(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// "2010-12-01 08:26:00", "2010-12-01T08:26:00" or "1997-01-01": the date part as a day number.
int64_t DayOf(const std::string& when) {
  return DayNumber(std::stoll(when.substr(0, 4)), std::stoll(when.substr(5, 2)),
                   std::stoll(when.substr(8, 2)));
}

// "YYYY-MM-DD HH:MM:SS" with a fixed separator sorts as text; the date-only form sorts before
// any time of the same day.
std::string SortableTime(const std::string& when) {
  std::string t = when;
  if (t.size() > 10) t[10] = 'T';
  return t;
}

// quantity x price in cents, exact, half away from zero. Both are decimal strings.
int64_t LineCents(const std::string& quantity, const std::string& price) {
  auto to_scaled = [](const std::string& text, int64_t* value, int* decimals) {
    bool negative = false;
    int64_t v = 0;
    int d = -1;
    for (char c : text) {
      if (c == '-') {
        negative = true;
      } else if (c == '.') {
        d = 0;
      } else if (c >= '0' && c <= '9') {
        v = v * 10 + (c - '0');
        if (d >= 0) ++d;
      }
    }
    *value = negative ? -v : v;
    *decimals = d < 0 ? 0 : d;
  };
  int64_t q = 0, p = 0;
  int qd = 0, pd = 0;
  to_scaled(quantity, &q, &qd);
  to_scaled(price, &p, &pd);
  __int128 product = static_cast<__int128>(q) * p;  // scaled by 10^(qd + pd)
  int decimals = qd + pd;
  while (decimals < 2) {
    product *= 10;
    ++decimals;
  }
  __int128 divisor = 1;
  for (int i = 2; i < decimals; ++i) divisor *= 10;
  const bool negative = product < 0;
  if (negative) product = -product;
  __int128 cents = (product + divisor / 2) / divisor;
  return static_cast<int64_t>(negative ? -cents : cents);
}

struct Line {
  std::string customer, order, when;
  int64_t cents;
};

ReferenceRun Compute(const std::vector<Line>& lines, int64_t lines_without_customer) {
  struct Order {
    std::string first_time;
    int64_t value = 0;
  };
  std::map<std::string, std::map<std::string, Order>> orders;  // customer -> order -> order
  std::string latest;
  for (const Line& line : lines) {
    Order& order = orders[line.customer][line.order];
    const std::string t = SortableTime(line.when);
    if (order.first_time.empty() || t < order.first_time) order.first_time = t;
    order.value += line.cents;
    if (t > latest) latest = t;
  }
  const int64_t as_of_day = DayOf(latest);
  ReferenceRun run;
  run.lines_with_customer = static_cast<int64_t>(lines.size());
  run.lines_without_customer = lines_without_customer;
  for (const auto& [customer, by_id] : orders) {
    ReferenceCustomer c;
    std::string last_positive, last_any;
    for (const auto& [id, order] : by_id) {
      ++c.orders;
      c.monetary_minor += order.value;
      if (order.first_time > last_any) last_any = order.first_time;
      if (order.value > 0) {
        ++c.frequency;
        if (order.first_time > last_positive) last_positive = order.first_time;
      }
    }
    c.recency_days = as_of_day - DayOf(last_positive.empty() ? last_any : last_positive);
    run.orders += c.orders;
    run.customers.emplace(customer, c);
  }
  return run;
}

}  // namespace

ReferenceRun ReferenceOnlineRetail(const std::string& gz_path) {
  const auto rows = ParseCsv(ReadGzip(gz_path));
  // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
  std::vector<Line> lines;
  int64_t without_customer = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() != 8)
      throw std::runtime_error("row " + std::to_string(i) + " has " + std::to_string(r.size()) +
                               " fields");
    std::string customer = r[6];
    if (customer.empty()) {
      ++without_customer;
      continue;
    }
    if (customer.size() > 2 && customer.compare(customer.size() - 2, 2, ".0") == 0) {
      customer.resize(customer.size() - 2);
    }
    lines.push_back({customer, r[0], r[4], LineCents(r[3], r[5])});
  }
  return Compute(lines, without_customer);
}

ReferenceRun ReferenceCanonical(const std::string& csv_path) {
  const auto rows = ParseCsv(ReadPlain(csv_path));
  // order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id
  std::vector<Line> lines;
  int64_t without_customer = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() != 7)
      throw std::runtime_error("row " + std::to_string(i) + " has " + std::to_string(r.size()) +
                               " fields");
    if (r[1].empty()) {
      ++without_customer;
      continue;
    }
    lines.push_back({r[1], r[0], r[2], LineCents(r[4], r[5])});
  }
  return Compute(lines, without_customer);
}

}  // namespace encore::e2e
