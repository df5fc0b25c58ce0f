#include "plugins/methods/product_profile/customer_profiles.h"

#include <encore/sdk/parallel.hpp>

#include <algorithm>
#include <atomic>

namespace encore::plugins::product_profile {
namespace {

constexpr size_t kPollEvery = 1 << 14;

struct Item {
  uint32_t product;
  int64_t net;
};

// Where a customer's string lies in its part's buffer, turned into a view once every part is
// done (a buffer may move while it grows).
struct Span {
  uint64_t begin = 0;
  uint32_t size = 0;
};

// Per-part state: scratch arrays indexed by product or category, reused across customers
// through stamps so that nothing is cleared per customer, and the part's totals.
struct Part {
  std::string text;
  std::vector<uint32_t> product_stamp, product_slot;
  std::vector<uint32_t> category_stamp;
  std::vector<int64_t> category_net;
  std::vector<Item> items;
  std::vector<uint32_t> categories;
  int64_t customers = 0, customers_with_products = 0, spend = 0;
  std::vector<int64_t> product_spend, product_customers, category_spend, category_customers;
};

// "0.42": the share net / total rounded half up to hundredths, exactly in integers.
void AppendShare(std::string& out, int64_t net, int64_t total) {
  const auto hundredths = static_cast<int64_t>((static_cast<__int128>(net) * 200 + total) /
                                               (static_cast<__int128>(total) * 2));
  out += std::to_string(hundredths / 100);
  out += '.';
  out += static_cast<char>('0' + hundredths % 100 / 10);
  out += static_cast<char>('0' + hundredths % 10);
}

class RangeProfiler {
 public:
  RangeProfiler(const sdk::Dataset& dataset, size_t top_n, const CategoryMap* map,
                const std::vector<uint32_t>& product_category, ProductProfiles& out,
                std::vector<Span>& top_spans, std::vector<Span>& category_spans)
      : dataset_(dataset),
        top_n_(top_n),
        map_(map),
        product_category_(product_category),
        out_(out),
        top_spans_(top_spans),
        category_spans_(category_spans) {}

  void Run(size_t first, size_t last, Part& part, const std::function<void(size_t)>& check) {
    const size_t products = dataset_.product_count();
    part.product_stamp.assign(products, 0);
    part.product_slot.assign(products, 0);
    part.product_spend.assign(products, 0);
    part.product_customers.assign(products, 0);
    const size_t categories = map_ != nullptr ? map_->names.size() : 0;
    part.category_stamp.assign(categories, 0);
    part.category_net.assign(categories, 0);
    part.category_spend.assign(categories, 0);
    part.category_customers.assign(categories, 0);
    // Room for a typical profile per customer, so the buffer is rarely copied while it grows
    // (pages reserved but never written cost nothing).
    part.text.reserve((last - first) * (top_n_ * 12 + (map_ != nullptr ? 48 : 0)));
    for (size_t c = first; c < last; ++c) {
      if ((c - first) % kPollEvery == 0) check(c - first);
      Profile(c, part);
    }
  }

 private:
  void Profile(size_t c, Part& part) {
    const uint32_t begin = dataset_.first_order(c), end = dataset_.end_order(c);
    if (begin == end) return;  // no visible order: no row
    ++part.customers;
    // Net spend per product over every visible order, returns and credit notes included.
    const auto stamp = static_cast<uint32_t>(c + 1);
    part.items.clear();
    for (uint32_t l = dataset_.first_line(begin), stop = dataset_.first_line(end); l < stop; ++l) {
      const uint32_t p = dataset_.line_product(l);
      if (p == sdk::Dataset::kNone) continue;
      if (part.product_stamp[p] != stamp) {
        part.product_stamp[p] = stamp;
        part.product_slot[p] = static_cast<uint32_t>(part.items.size());
        part.items.push_back(Item{p, 0});
      }
      part.items[part.product_slot[p]].net += dataset_.line_amount(l);
    }
    // Only products with a positive net spend were bought.
    int64_t total = 0;
    size_t bought = 0;
    for (const Item& item : part.items) {
      if (item.net <= 0) continue;
      part.items[bought++] = item;
      total += item.net;
      part.product_spend[item.product] += item.net;
      ++part.product_customers[item.product];
    }
    part.items.resize(bought);
    out_.product_breadth[c] = static_cast<int64_t>(bought);
    if (bought == 0) return;
    ++part.customers_with_products;
    part.spend += total;

    const size_t top = std::min(top_n_, bought);
    const auto better = [&](const Item& x, const Item& y) {
      if (x.net != y.net) return x.net > y.net;
      return dataset_.product_key(x.product) < dataset_.product_key(y.product);
    };
    // Most customers bought a handful of products: a plain sort beats a heap there.
    if (bought <= 16) {
      std::sort(part.items.begin(), part.items.end(), better);
    } else {
      std::partial_sort(part.items.begin(), part.items.begin() + static_cast<std::ptrdiff_t>(top),
                        part.items.end(), better);
    }
    Span& span = top_spans_[c];
    span.begin = part.text.size();
    for (size_t i = 0; i < top; ++i) {
      if (i > 0) part.text += '|';
      part.text += dataset_.product_key(part.items[i].product);
      part.text += ':';
      AppendShare(part.text, part.items[i].net, total);
    }
    span.size = static_cast<uint32_t>(part.text.size() - span.begin);
    if (map_ != nullptr) ProfileCategories(c, stamp, part);
  }

  void ProfileCategories(size_t c, uint32_t stamp, Part& part) {
    part.categories.clear();
    for (const Item& item : part.items) {
      const uint32_t k = product_category_[item.product];
      if (part.category_stamp[k] != stamp) {
        part.category_stamp[k] = stamp;
        part.category_net[k] = 0;
        part.categories.push_back(k);
      }
      part.category_net[k] += item.net;
    }
    // Category indexes are in name order: sorting them lists the names in byte order, and the
    // first of equal spends is the smaller name.
    std::sort(part.categories.begin(), part.categories.end());
    uint32_t best = part.categories.front();
    Span& span = category_spans_[c];
    span.begin = part.text.size();
    part.text += '|';
    for (uint32_t k : part.categories) {
      if (part.category_net[k] > part.category_net[best]) best = k;
      part.text += map_->names[k];
      part.text += '|';
      part.category_spend[k] += part.category_net[k];
      ++part.category_customers[k];
    }
    span.size = static_cast<uint32_t>(part.text.size() - span.begin);
    out_.top_category[c] = sdk::ToStr(map_->names[best]);
  }

  const sdk::Dataset& dataset_;
  const size_t top_n_;
  const CategoryMap* map_;
  const std::vector<uint32_t>& product_category_;
  ProductProfiles& out_;
  std::vector<Span>& top_spans_;
  std::vector<Span>& category_spans_;
};

void AddTo(std::vector<int64_t>& total, const std::vector<int64_t>& part) {
  for (size_t i = 0; i < part.size(); ++i) total[i] += part[i];
}

}  // namespace

ProductProfiles ComputeProfiles(const sdk::Dataset& dataset, size_t top_n, const CategoryMap* map,
                                const std::vector<uint32_t>& product_category, int parts,
                                const std::function<void(size_t)>& poll) {
  const size_t n = dataset.customer_count();
  ProductProfiles out;
  out.product_breadth.assign(n, 0);
  if (map != nullptr) out.top_category.assign(n, encore_str{"", 0});
  std::vector<Span> top_spans(n), category_spans(map != nullptr ? n : 0);
  std::vector<Part> work(static_cast<size_t>(std::max(parts, 1)));
  RangeProfiler profiler(dataset, top_n, map, product_category, out, top_spans, category_spans);

  // Only the calling thread talks to the host; when it is told to stop, the others notice the
  // flag at their next check and stop as well.
  std::atomic<bool> stopping{false};
  sdk::ForEachRange(n, static_cast<int>(work.size()), [&](int p, size_t first, size_t last) {
    const auto check = [&](size_t done) {
      if (p != 0) {
        if (stopping.load(std::memory_order_relaxed)) throw sdk::Cancelled();
        return;
      }
      try {
        poll(done * work.size());
      } catch (...) {
        stopping = true;
        throw;
      }
    };
    profiler.Run(first, last, work[static_cast<size_t>(p)], check);
  });
  poll(n);

  // Views into the finished buffers, part by part over the same ranges.
  out.top_products.assign(n, encore_str{"", 0});
  if (map != nullptr) out.bought_categories.assign(n, encore_str{"", 0});
  out.text.resize(work.size());
  for (size_t p = 0; p < work.size(); ++p) out.text[p] = std::move(work[p].text);
  const size_t count = work.size();
  for (size_t p = 0; p < count; ++p) {
    const char* base = out.text[p].data();
    for (size_t c = n * p / count, end = n * (p + 1) / count; c < end; ++c) {
      out.top_products[c] = encore_str{base + top_spans[c].begin, top_spans[c].size};
      if (map != nullptr) {
        out.bought_categories[c] =
            encore_str{base + category_spans[c].begin, category_spans[c].size};
      }
    }
  }

  out.product_spend.assign(dataset.product_count(), 0);
  out.product_customers.assign(dataset.product_count(), 0);
  out.category_spend.assign(map != nullptr ? map->names.size() : 0, 0);
  out.category_customers.assign(out.category_spend.size(), 0);
  for (const Part& part : work) {
    out.customers += part.customers;
    out.customers_with_products += part.customers_with_products;
    out.spend += part.spend;
    AddTo(out.product_spend, part.product_spend);
    AddTo(out.product_customers, part.product_customers);
    AddTo(out.category_spend, part.category_spend);
    AddTo(out.category_customers, part.category_customers);
  }
  return out;
}

}  // namespace encore::plugins::product_profile
