#include "daemon/scheduler/customer_queries.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "daemon/scheduler/run_details.h"

namespace encore {
namespace {

// Page tokens of score-ordered lists: "s" + the offset of the page's first customer.
constexpr char kOrderedTokenPrefix = 's';
// Page size used to walk a run's customers when ordering by a score.
constexpr int kScanPageSize = 10000;

std::optional<int64_t> ParseOrderedToken(const std::string& token) {
  if (token.empty()) return 0;
  if (token[0] != kOrderedTokenPrefix) return std::nullopt;
  int64_t offset = 0;
  const char* begin = token.data() + 1;
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(begin, end, offset);
  if (ec != std::errc() || ptr != end || begin == end || offset < 0) return std::nullopt;
  return offset;
}

// Sort key of one customer for a score: numbers before strings, missing values last.
struct ScoreKey {
  int kind = 2;  // 0 number, 1 string, 2 missing
  double number = 0;
  std::string text;
};

ScoreKey KeyOf(const CustomerResult& c, const std::string& score) {
  ScoreKey key;
  auto it = c.scores.find(score);
  if (it == c.scores.end() || it->is_null()) return key;
  if (it->is_number()) {
    key.kind = 0;
    key.number = it->get<double>();
  } else if (it->is_string()) {
    key.kind = 1;
    key.text = it->get<std::string>();
  }
  return key;
}

struct Ranked {
  ScoreKey key;
  CustomerResult customer;
};

// True when `a` comes before `b` in the requested order (ties by customer id, ascending).
bool Before(const Ranked& a, const Ranked& b, bool descending) {
  if (a.key.kind != b.key.kind) return a.key.kind < b.key.kind;  // missing last either way
  if (a.key.kind == 0 && a.key.number != b.key.number) {
    return descending ? a.key.number > b.key.number : a.key.number < b.key.number;
  }
  if (a.key.kind == 1 && a.key.text != b.key.text) {
    return descending ? a.key.text > b.key.text : a.key.text < b.key.text;
  }
  return a.customer.customer_id < b.customer.customer_id;
}

}  // namespace

CustomerQueries::CustomerQueries(StateStore* store) : store_(store) {}

Result<std::vector<CustomerResult>> CustomerQueries::History(const std::string& pipeline,
                                                             const std::string& customer_id) {
  std::vector<CustomerResult> history = store_->CustomerHistory(pipeline, customer_id);
  if (history.empty()) {
    if (!store_->GetPipeline(pipeline).ok() && store_->ListRuns(pipeline, 1, 0).empty()) {
      return NotFound("pipeline '" + pipeline + "' not found");
    }
    return NotFound("customer '" + customer_id + "' has no results in pipeline '" + pipeline + "'");
  }
  return history;
}

Result<RunRecord> CustomerQueries::ResolveRun(const std::string& pipeline,
                                              const std::string& run_id) {
  if (!run_id.empty()) {
    Result<RunRecord> run = store_->GetRun(run_id);
    if (!run.ok()) {
      if (run.status().code() == StatusCode::kNotFound) {
        return NotFound("run '" + run_id + "' not found");
      }
      return run.status();
    }
    if (!pipeline.empty() && run->pipeline != pipeline) {
      return InvalidArgument("run_id: run '" + run_id + "' belongs to pipeline '" + run->pipeline +
                             "', not '" + pipeline + "'");
    }
    if (run->state != RunState::kSucceeded) {
      return FailedPrecondition("run '" + run_id + "' is " + RunStateName(run->state) +
                                "; only succeeded runs have results");
    }
    return run;
  }
  std::optional<RunRecord> latest = store_->LatestSucceededRun(pipeline);
  if (!latest) {
    if (!store_->GetPipeline(pipeline).ok()) {
      return NotFound("pipeline '" + pipeline + "' not found");
    }
    return NotFound("pipeline '" + pipeline + "' has no succeeded run yet");
  }
  return *latest;
}

Result<CustomerList> CustomerQueries::List(const CustomerListQuery& query) {
  Result<RunRecord> run = ResolveRun(query.pipeline, query.run_id);
  if (!run.ok()) return run.status();
  CustomerList list;
  list.run = std::move(run).value();
  if (query.order_by.empty()) {
    Result<CustomerPage> page =
        store_->ListCustomers(list.run.run_id, query.segment, query.page_size, query.page_token);
    if (!page.ok()) return page.status();
    list.page = std::move(page).value();
  } else {
    Result<CustomerPage> page = ListOrdered(query, list.run.run_id);
    if (!page.ok()) return page.status();
    list.page = std::move(page).value();
  }
  return list;
}

// The store pages by customer id only, so a score order walks the whole run once and keeps
// the best offset + page_size customers in a bounded heap: memory stays proportional to how
// deep the client pages, not to the number of customers.
Result<CustomerPage> CustomerQueries::ListOrdered(const CustomerListQuery& query,
                                                  const std::string& run_id) {
  std::optional<int64_t> offset = ParseOrderedToken(query.page_token);
  if (!offset) return InvalidArgument("page_token: not a token this list returned");
  const size_t keep = static_cast<size_t>(*offset) + static_cast<size_t>(query.page_size);
  // A max-heap under Before(): the top is the worst customer kept so far.
  auto before = [&](const Ranked& a, const Ranked& b) { return Before(a, b, query.descending); };
  std::vector<Ranked> best;
  CustomerPage result;
  std::string token;
  do {
    Result<CustomerPage> page = store_->ListCustomers(run_id, query.segment, kScanPageSize, token);
    if (!page.ok()) return page.status();
    result.total = page->total;
    for (CustomerResult& c : page->customers) {
      Ranked ranked{KeyOf(c, query.order_by), std::move(c)};
      if (best.size() < keep) {
        best.push_back(std::move(ranked));
        std::push_heap(best.begin(), best.end(), before);
      } else if (keep > 0 && before(ranked, best.front())) {
        std::pop_heap(best.begin(), best.end(), before);
        best.back() = std::move(ranked);
        std::push_heap(best.begin(), best.end(), before);
      }
    }
    token = page->next_page_token;
  } while (!token.empty());

  std::sort_heap(best.begin(), best.end(), before);
  std::vector<Ranked>& ordered = best;
  for (size_t i = static_cast<size_t>(*offset); i < ordered.size(); ++i) {
    result.customers.push_back(std::move(ordered[i].customer));
  }
  const int64_t next = *offset + query.page_size;
  if (next < result.total) result.next_page_token = kOrderedTokenPrefix + std::to_string(next);
  return result;
}

Result<SegmentSummaryResult> CustomerQueries::Segments(const std::string& pipeline,
                                                       const std::string& run_id) {
  Result<RunRecord> run = ResolveRun(pipeline, run_id);
  if (!run.ok()) return run.status();
  SegmentSummaryResult summary;
  summary.run = std::move(run).value();
  summary.segment_score =
      summary.run.details.value(run_details::kSegmentScore, std::string("rfm_code"));
  summary.sizes = store_->SegmentSizes(summary.run.run_id);
  for (const auto& [segment, size] : summary.sizes) summary.total += size;
  return summary;
}

}  // namespace encore
