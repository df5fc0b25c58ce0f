// Test helper: builds an encore_dataset_v1 from a plain list of order lines, so a method plugin
// can be tested on a hand-written history without a daemon.
//
// It applies the store's netting and grouping rule (daemon/store/order_store.h):
//   - an order is the set of lines sharing (customer_id, order_id); its value is the sum of its
//     line amounts, returns included; its time is the time of its earliest line;
//   - orders are sorted by (customer, order time, order id); the orders of a customer ordered
//     after as_of are hidden through customer_order_end, and a customer with no visible order
//     has an empty range.
// Ids are interned in order of first appearance in the line list (customers, products,
// managers); the lines of an order keep their input order. An order's manager is the manager of
// its first line that has one.
//
// Simplifications (tests only): the pipeline zone is UTC, so local_day(t) = floor(t / 86400);
// "YYYY-MM-DD" (midnight) and "YYYY-MM-DDTHH:MM:SS" are read as UTC; as_of defaults to the
// time of the latest order (the pipeline's as_of: latest), and a date-only as_of is the end of
// that day, as in a pipeline. Throws std::invalid_argument on a malformed date.
#ifndef ENCORE_SDK_TESTING_DATASET_BUILDER_HPP_
#define ENCORE_SDK_TESTING_DATASET_BUILDER_HPP_

#include <encore/plugin_abi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace encore::sdk::testing {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
inline int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// UTC seconds of "YYYY-MM-DD" (midnight) or "YYYY-MM-DDTHH:MM:SS".
inline int64_t ParseUtc(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  const std::string copy(text);
  const bool date_only =
      text.size() == 10 && std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3;
  const bool date_time =
      text.size() == 19 && text[10] == 'T' &&
      std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) == 6;
  if ((!date_only && !date_time) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      s > 59) {
    throw std::invalid_argument("not a YYYY-MM-DD[THH:MM:SS] date: '" + copy + "'");
  }
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
         mi * 60 + s;
}

// An instant given either as UTC seconds or as a date text (see ParseUtc).
class Instant {
 public:
  template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  Instant(T utc_seconds) : seconds_(static_cast<int64_t>(utc_seconds)) {}  // NOLINT
  Instant(const char* text) : seconds_(ParseUtc(text)) {}                  // NOLINT
  Instant(const std::string& text) : seconds_(ParseUtc(text)) {}           // NOLINT
  int64_t seconds() const { return seconds_; }

 private:
  int64_t seconds_;
};

struct OrderLine {
  std::string order_id;
  std::string customer_id;
  Instant ordered_at;
  std::string product_id;  // empty = none
  int64_t quantity_milli = 1000;
  int64_t amount_minor = 0;
  std::string manager_id;  // empty = none
};

// Owns every array a dataset view points into. Neither copyable nor movable, because the view
// holds pointers into it; DatasetBuilder::Build() hands it out behind a unique_ptr.
class TestDataset {
 public:
  TestDataset() = default;
  TestDataset(const TestDataset&) = delete;
  TestDataset& operator=(const TestDataset&) = delete;

  const encore_dataset_v1* get() const { return &view_; }
  const encore_dataset_v1& operator*() const { return view_; }
  size_t customer_count() const { return customer_keys_.size(); }
  // Dense index of a customer id, or UINT32_MAX when the id is unknown.
  uint32_t customer(std::string_view key) const {
    for (size_t c = 0; c < customer_keys_.size(); ++c) {
      if (customer_keys_[c] == key) return static_cast<uint32_t>(c);
    }
    return UINT32_MAX;
  }
  bool visible(uint32_t c) const { return order_end_[c] > order_begin_[c]; }
  // The id of customer `c` (its key in the view).
  const std::string& key(uint32_t c) const { return customer_keys_.at(c); }

 private:
  friend class DatasetBuilder;

  static std::vector<encore_str> Views(const std::vector<std::string>& keys) {
    std::vector<encore_str> views;
    views.reserve(keys.size());
    for (const auto& k : keys) views.push_back(encore_str{k.data(), k.size()});
    return views;
  }
  static int32_t LocalDay(const encore_dataset_v1* /*self*/, int64_t utc) {
    return static_cast<int32_t>(utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400));
  }

  std::string currency_, time_zone_ = "UTC";
  std::vector<std::string> customer_keys_, order_keys_, product_keys_, manager_keys_;
  std::vector<encore_str> customer_views_, order_views_, product_views_, manager_views_;
  std::vector<uint32_t> order_begin_, order_end_, order_customer_, order_manager_, line_begin_;
  std::vector<int64_t> order_time_, order_amount_;
  std::vector<uint32_t> line_product_;
  std::vector<int64_t> line_quantity_, line_amount_, line_time_;
  encore_dataset_v1 view_{};
};

class DatasetBuilder {
 public:
  DatasetBuilder& add(OrderLine line) {
    lines_.push_back(std::move(line));
    return *this;
  }
  DatasetBuilder& add(const std::vector<OrderLine>& lines) {
    lines_.insert(lines_.end(), lines.begin(), lines.end());
    return *this;
  }
  // The instant of the analysis, as the pipeline's `as_of` setting reads it: a date
  // "YYYY-MM-DD" means the end of that day (23:59:59), so every order of that day is visible;
  // "YYYY-MM-DDTHH:MM:SS" and UTC seconds are taken as they are.
  DatasetBuilder& as_of(Instant at) {
    as_of_ = at.seconds();
    return *this;
  }
  DatasetBuilder& as_of(const char* text) { return as_of(std::string(text)); }
  DatasetBuilder& as_of(const std::string& text) {
    as_of_ = ParseUtc(text) + (text.size() == 10 ? 86399 : 0);
    return *this;
  }
  DatasetBuilder& currency(std::string code) {
    currency_ = std::move(code);
    return *this;
  }

  std::unique_ptr<TestDataset> Build() const {
    auto d = std::make_unique<TestDataset>();
    d->currency_ = currency_;

    // Intern ids in order of first appearance.
    std::map<std::string, uint32_t> customers, products, managers;
    auto intern = [](std::map<std::string, uint32_t>& ids, std::vector<std::string>& keys,
                     const std::string& key) {
      auto [it, added] = ids.emplace(key, static_cast<uint32_t>(keys.size()));
      if (added) keys.push_back(key);
      return it->second;
    };
    std::vector<uint32_t> line_customer(lines_.size());
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i].customer_id.empty() || lines_[i].order_id.empty()) {
        throw std::invalid_argument("order line " + std::to_string(i) +
                                    " has an empty order_id or customer_id");
      }
      line_customer[i] = intern(customers, d->customer_keys_, lines_[i].customer_id);
    }
    for (const auto& line : lines_) {
      if (!line.product_id.empty()) intern(products, d->product_keys_, line.product_id);
      if (!line.manager_id.empty()) intern(managers, d->manager_keys_, line.manager_id);
    }

    // Group lines into orders by (customer, order id), keeping input order inside an order.
    struct Order {
      uint32_t customer;
      std::string key;
      int64_t time;
      std::vector<size_t> lines;
    };
    std::map<std::pair<uint32_t, std::string>, size_t> order_index;
    std::vector<Order> orders;
    for (size_t i = 0; i < lines_.size(); ++i) {
      const auto key = std::make_pair(line_customer[i], lines_[i].order_id);
      auto [it, added] = order_index.emplace(key, orders.size());
      if (added) orders.push_back(Order{line_customer[i], lines_[i].order_id, INT64_MAX, {}});
      Order& order = orders[it->second];
      order.lines.push_back(i);
      order.time = std::min(order.time, lines_[i].ordered_at.seconds());
    }
    std::sort(orders.begin(), orders.end(), [](const Order& a, const Order& b) {
      return std::tie(a.customer, a.time, a.key) < std::tie(b.customer, b.time, b.key);
    });

    int64_t latest = 0;  // the time of the latest order, as the pipeline's as_of: latest
    for (const Order& order : orders) latest = std::max(latest, order.time);
    const int64_t as_of = as_of_.value_or(latest);

    const size_t customer_count = d->customer_keys_.size();
    d->order_begin_.assign(customer_count, 0);
    d->order_end_.assign(customer_count, 0);
    std::vector<bool> seen(customer_count, false);
    for (size_t o = 0; o < orders.size(); ++o) {
      const Order& order = orders[o];
      const auto index = static_cast<uint32_t>(o);
      if (!seen[order.customer]) {
        seen[order.customer] = true;
        d->order_begin_[order.customer] = index;
        d->order_end_[order.customer] = index;
      }
      // Orders are sorted by time within a customer, so the visible ones are a prefix.
      if (order.time <= as_of) d->order_end_[order.customer] = index + 1;

      d->order_keys_.push_back(order.key);
      d->order_customer_.push_back(order.customer);
      d->order_time_.push_back(order.time);
      d->line_begin_.push_back(static_cast<uint32_t>(d->line_time_.size()));
      int64_t amount = 0;
      uint32_t manager = UINT32_MAX;
      for (size_t i : order.lines) {
        const OrderLine& line = lines_[i];
        amount += line.amount_minor;
        if (manager == UINT32_MAX && !line.manager_id.empty()) manager = managers[line.manager_id];
        d->line_product_.push_back(line.product_id.empty() ? UINT32_MAX
                                                           : products[line.product_id]);
        d->line_quantity_.push_back(line.quantity_milli);
        d->line_amount_.push_back(line.amount_minor);
        d->line_time_.push_back(line.ordered_at.seconds());
      }
      d->order_amount_.push_back(amount);
      d->order_manager_.push_back(manager);
    }
    d->line_begin_.push_back(static_cast<uint32_t>(d->line_time_.size()));

    d->customer_views_ = TestDataset::Views(d->customer_keys_);
    d->order_views_ = TestDataset::Views(d->order_keys_);
    d->product_views_ = TestDataset::Views(d->product_keys_);
    d->manager_views_ = TestDataset::Views(d->manager_keys_);

    encore_dataset_v1& v = d->view_;
    v.struct_size = sizeof(encore_dataset_v1);
    v.as_of = as_of;
    v.utc_offset_as_of = 0;
    v.currency = encore_str{d->currency_.data(), d->currency_.size()};
    v.time_zone = encore_str{d->time_zone_.data(), d->time_zone_.size()};
    v.local_day = &TestDataset::LocalDay;
    v.host_ctx = d.get();
    v.customer_count = customer_count;
    v.customer_key = d->customer_views_.data();
    v.customer_order_begin = d->order_begin_.data();
    v.customer_order_end = d->order_end_.data();
    v.order_count = d->order_keys_.size();
    v.order_key = d->order_views_.data();
    v.order_customer = d->order_customer_.data();
    v.order_time = d->order_time_.data();
    v.order_amount_minor = d->order_amount_.data();
    v.order_manager = d->order_manager_.data();
    v.order_line_begin = d->line_begin_.data();
    v.line_count = d->line_time_.size();
    v.line_product = d->line_product_.data();
    v.line_quantity_milli = d->line_quantity_.data();
    v.line_amount_minor = d->line_amount_.data();
    v.line_time = d->line_time_.data();
    v.product_count = d->product_keys_.size();
    v.product_key = d->product_views_.data();
    v.manager_count = d->manager_keys_.size();
    v.manager_key = d->manager_views_.data();
    return d;
  }

 private:
  std::vector<OrderLine> lines_;
  std::optional<int64_t> as_of_;
  std::string currency_ = "USD";
};

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_DATASET_BUILDER_HPP_
