// encorectl customer get, customers list, segments.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "daemon/cli/commands.h"
#include "daemon/cli/text_format.h"

namespace encore::cli {
namespace {

namespace pb = encore::v1;

// Scores people look at first come first; any others follow by name.
const std::vector<std::string>& PreferredScores() {
  static const std::vector<std::string> order = {
      "rfm_code",  "r_score",        "f_score", "m_score",          "recency_days",
      "frequency", "monetary_minor", "orders",  "first_order_date", "last_order_date"};
  return order;
}

std::vector<std::string> ScoreColumns(const std::set<std::string>& names) {
  std::vector<std::string> columns;
  for (const std::string& name : PreferredScores()) {
    if (names.count(name) != 0) columns.push_back(name);
  }
  for (const std::string& name : names) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  }
  return columns;
}

bool IsMoney(const std::string& score) {
  return score.size() > 6 && score.compare(score.size() - 6, 6, "_minor") == 0;
}

std::string Header(const std::string& score, const std::string& currency) {
  if (IsMoney(score)) {
    return score.substr(0, score.size() - 6) + (currency.empty() ? "" : " (" + currency + ")");
  }
  return score;
}

std::string Format(const std::string& score, const pb::ScoreValue& value,
                   const std::string& currency) {
  switch (value.kind_case()) {
    case pb::ScoreValue::kIntValue:
      if (IsMoney(score) && !currency.empty()) {
        return Money(value.int_value(), MinorDigits(currency));
      }
      return score.find("score") != std::string::npos ? std::to_string(value.int_value())
                                                      : Thousands(value.int_value());
    case pb::ScoreValue::kDoubleValue: {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.4g", value.double_value());
      return buffer;
    }
    case pb::ScoreValue::kStringValue:
      return value.string_value();
    default:
      return "-";
  }
}

// The currency of a run's amounts, or "" when the run cannot be read.
std::string CurrencyOf(Cli& cli, const std::string& run_id) {
  pb::GetRunRequest request;
  request.set_run_id(run_id);
  pb::Run run;
  auto context = cli.client.Context();
  if (!cli.client.control().GetRun(context.get(), request, &run).ok()) return "";
  return run.currency();
}

// Customers as a table: the leading columns, then every score any of them has, or only the
// scores named by --scores, in that order (runs with many methods give very wide tables).
void PrintCustomers(Cli& cli, const google::protobuf::RepeatedPtrField<pb::CustomerResult>& rows,
                    bool by_run, const std::string& currency) {
  const std::vector<std::string> chosen = SplitList(cli.args.get("--scores"));
  std::set<std::string> names;
  bool segment_is_code = true;  // then the rfm_code column would repeat SEGMENT
  for (const auto& c : rows) {
    for (const auto& [name, value] : c.scores()) names.insert(name);
    auto code = c.scores().find("rfm_code");
    segment_is_code &= code != c.scores().end() && code->second.string_value() == c.segment();
  }
  if (segment_is_code) names.erase("rfm_code");
  const std::vector<std::string> scores = chosen.empty() ? ScoreColumns(names) : chosen;
  std::vector<std::string> header;
  if (by_run) {
    header = {"RUN", "AS OF", "SEGMENT"};
  } else {
    header = {"CUSTOMER", "SEGMENT"};
  }
  std::vector<size_t> right;
  for (const std::string& s : scores) {
    if (s != "rfm_code" && s.find("date") == std::string::npos) right.push_back(header.size());
    header.push_back(Header(s, currency));
  }
  Table table(header, right);
  for (const auto& c : rows) {
    std::vector<std::string> row;
    if (by_run) {
      row = {c.run_id(), Instant(c.as_of_time()), c.segment()};
    } else {
      row = {c.customer_id(), c.segment()};
    }
    for (const std::string& s : scores) {
      auto it = c.scores().find(s);
      row.push_back(it == c.scores().end() ? "-" : Format(s, it->second, currency));
    }
    table.Add(std::move(row));
  }
  table.Print(cli.out);
}

// "SCORE OP VALUE" (--where) -> a filter. OP is a word (eq, ne, lt, le, gt, ge, contains,
// not_contains) or a symbol (= == != < <= > >=), with or without spaces around a symbol:
// "r_score>=4". VALUE is the rest of the text; quotes around it are dropped, so a value may
// hold spaces or be empty: "category contains 'home decor'", "note eq ''".
Result<pb::ScoreFilter> ParseWhere(const std::string& text) {
  const std::string usage = "--where '" + text + "': expected SCORE OP VALUE, e.g. 'r_score ge 4'";
  static const std::string kSymbols = "<>=!";
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  size_t at = 0;
  while (at < text.size() && space(text[at])) ++at;
  const size_t score_begin = at;
  while (at < text.size() && !space(text[at]) && kSymbols.find(text[at]) == std::string::npos) {
    ++at;
  }
  const std::string score = text.substr(score_begin, at - score_begin);
  while (at < text.size() && space(text[at])) ++at;
  const size_t op_begin = at;
  if (at < text.size() && kSymbols.find(text[at]) != std::string::npos) {
    while (at < text.size() && kSymbols.find(text[at]) != std::string::npos) ++at;
  } else {
    while (at < text.size() && !space(text[at])) ++at;
  }
  const std::string op = text.substr(op_begin, at - op_begin);
  while (at < text.size() && space(text[at])) ++at;
  std::string value = text.substr(at);
  while (!value.empty() && space(value.back())) value.pop_back();
  if (score.empty() || op.empty() || value.empty()) return InvalidArgument(usage);
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  static const std::map<std::string, pb::FilterOp> kOps = {
      {"eq", pb::FILTER_OP_EQ},
      {"=", pb::FILTER_OP_EQ},
      {"==", pb::FILTER_OP_EQ},
      {"ne", pb::FILTER_OP_NE},
      {"!=", pb::FILTER_OP_NE},
      {"lt", pb::FILTER_OP_LT},
      {"<", pb::FILTER_OP_LT},
      {"le", pb::FILTER_OP_LE},
      {"<=", pb::FILTER_OP_LE},
      {"gt", pb::FILTER_OP_GT},
      {">", pb::FILTER_OP_GT},
      {"ge", pb::FILTER_OP_GE},
      {">=", pb::FILTER_OP_GE},
      {"contains", pb::FILTER_OP_CONTAINS},
      {"not_contains", pb::FILTER_OP_NOT_CONTAINS},
  };
  auto found = kOps.find(op);
  if (found == kOps.end()) {
    return InvalidArgument("--where '" + text + "': unknown operator '" + op +
                           "' (eq, ne, lt, le, gt, ge, contains, not_contains)");
  }
  pb::ScoreFilter filter;
  filter.set_score(score);
  filter.set_op(found->second);
  filter.set_value(value);
  return filter;
}

// "r_score ge 4 and segment eq 'x'" for the summary line.
std::string WhereText(const pb::ListCustomersRequest& request) {
  std::string text;
  for (const pb::ScoreFilter& f : request.filters()) {
    std::string op = pb::FilterOp_Name(f.op());
    op = op.substr(std::string("FILTER_OP_").size());
    std::transform(op.begin(), op.end(), op.begin(), [](char c) { return std::tolower(c); });
    text += (text.empty() ? " where " : " and ") + f.score() + " " + op + " '" + f.value() + "'";
  }
  return text;
}

// How a segment of a migration reads in a table.
std::string FromLabel(const pb::SegmentMigration& m) {
  if (m.new_customer()) return "(new)";
  return m.from_segment().empty() ? "(none)" : m.from_segment();
}

std::string ToLabel(const pb::SegmentMigration& m) {
  if (m.gone()) return "(gone)";
  return m.to_segment().empty() ? "(none)" : m.to_segment();
}

// The migration matrix: a grid when both runs have few segments, else the pairs with the most
// customers first.
void PrintMigrations(Cli& cli, const pb::SegmentSummary& summary) {
  constexpr size_t kMaxGridSegments = 12;
  constexpr size_t kMaxPairs = 40;
  std::vector<std::string> from_labels, to_labels;  // in the response's order
  int64_t stayed = 0, moved = 0, fresh = 0, gone = 0;
  std::map<std::string, int64_t> from_totals;
  for (const pb::SegmentMigration& m : summary.migrations()) {
    if (std::find(from_labels.begin(), from_labels.end(), FromLabel(m)) == from_labels.end()) {
      from_labels.push_back(FromLabel(m));
    }
    if (std::find(to_labels.begin(), to_labels.end(), ToLabel(m)) == to_labels.end()) {
      to_labels.push_back(ToLabel(m));
    }
    from_totals[FromLabel(m)] += m.customers();
    if (m.new_customer()) {
      fresh += m.customers();
    } else if (m.gone()) {
      gone += m.customers();
    } else if (m.from_segment() == m.to_segment()) {
      stayed += m.customers();
    } else {
      moved += m.customers();
    }
  }
  std::sort(to_labels.begin(), to_labels.end(), [](const std::string& a, const std::string& b) {
    return (a == "(gone)") != (b == "(gone)") ? b == "(gone)" : a < b;
  });
  cli.out << "from run " << summary.compare_run_id() << " to run " << summary.run_id() << ": "
          << Thousands(stayed) << " stayed in their segment, " << Thousands(moved) << " moved, "
          << Thousands(fresh) << " new, " << Thousands(gone) << " gone\n\n";
  if (summary.migrations().empty()) return;

  if (from_labels.size() <= kMaxGridSegments && to_labels.size() <= kMaxGridSegments) {
    std::map<std::pair<std::string, std::string>, int64_t> cells;
    for (const pb::SegmentMigration& m : summary.migrations()) {
      cells[{FromLabel(m), ToLabel(m)}] += m.customers();
    }
    std::vector<std::string> header = {"FROM \\ TO"};
    std::vector<size_t> right;
    for (const std::string& to : to_labels) {
      right.push_back(header.size());
      header.push_back(to);
    }
    Table table(header, right);
    for (const std::string& from : from_labels) {
      std::vector<std::string> row = {from};
      for (const std::string& to : to_labels) {
        auto cell = cells.find({from, to});
        row.push_back(cell == cells.end() ? "-" : Thousands(cell->second));
      }
      table.Add(std::move(row));
    }
    table.Print(cli.out);
    return;
  }

  std::vector<const pb::SegmentMigration*> pairs;
  for (const pb::SegmentMigration& m : summary.migrations()) pairs.push_back(&m);
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto* a, const auto* b) { return a->customers() > b->customers(); });
  Table table({"FROM", "TO", "CUSTOMERS", "SHARE OF FROM"}, {2, 3});
  for (size_t i = 0; i < pairs.size() && i < kMaxPairs; ++i) {
    const pb::SegmentMigration& m = *pairs[i];
    const int64_t from_total = from_totals[FromLabel(m)];
    table.Add({FromLabel(m), ToLabel(m), Thousands(m.customers()),
               from_total > 0 ? Percent(100.0 * m.customers() / from_total) : "-"});
  }
  table.Print(cli.out);
  if (pairs.size() > kMaxPairs) {
    cli.out << "... " << pairs.size() - kMaxPairs << " more pairs (--json prints every pair)\n";
  }
}

// Segment sizes run by run: every segment when there are few, else the largest ones of the
// latest run and the rest summed as OTHER.
int PrintSeries(Cli& cli, const std::string& pipeline) {
  constexpr size_t kMaxColumns = 10;
  pb::GetSegmentSeriesRequest request;
  request.set_pipeline(pipeline);
  pb::SegmentSeries series;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.insight().GetSegmentSeries(context.get(), request, &series);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(series);
    return kExitOk;
  }
  cli.out << "pipeline '" << series.pipeline() << "': " << series.points_size() << " succeeded run"
          << (series.points_size() == 1 ? "" : "s") << ", customers by " << series.segment_score()
          << "\n";
  if (series.points().empty()) return kExitOk;
  cli.out << "\n";
  std::set<std::string> all;
  for (const pb::SegmentSeriesPoint& p : series.points()) {
    for (const pb::SegmentSize& s : p.segments()) all.insert(s.segment());
  }
  std::vector<std::string> columns(all.begin(), all.end());
  bool other = false;
  if (columns.size() > kMaxColumns) {
    std::vector<const pb::SegmentSize*> latest;
    for (const pb::SegmentSize& s : series.points().rbegin()->segments()) latest.push_back(&s);
    std::stable_sort(latest.begin(), latest.end(),
                     [](const auto* a, const auto* b) { return a->customers() > b->customers(); });
    columns.clear();
    for (size_t i = 0; i < latest.size() && i + 2 < kMaxColumns; ++i) {
      columns.push_back(latest[i]->segment());
    }
    other = true;
  }
  std::vector<std::string> header = {"RUN", "AS OF", "CUSTOMERS"};
  std::vector<size_t> right = {2};
  for (const std::string& c : columns) {
    right.push_back(header.size());
    header.push_back(c.empty() ? "(none)" : c);
  }
  if (other) {
    right.push_back(header.size());
    header.push_back("OTHER");
  }
  Table table(header, right);
  for (const pb::SegmentSeriesPoint& p : series.points()) {
    std::map<std::string, int64_t> sizes;
    for (const pb::SegmentSize& s : p.segments()) sizes[s.segment()] = s.customers();
    std::vector<std::string> row = {p.run_id(), Instant(p.as_of_time(), series.time_zone()),
                                    Thousands(p.total_customers())};
    int64_t shown = 0;
    for (const std::string& c : columns) {
      auto it = sizes.find(c);
      row.push_back(it == sizes.end() ? "-" : Thousands(it->second));
      if (it != sizes.end()) shown += it->second;
    }
    if (other) row.push_back(Thousands(p.total_customers() - shown));
    table.Add(std::move(row));
  }
  table.Print(cli.out);
  return kExitOk;
}

}  // namespace

int CustomerCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--scores"}); !s.ok()) return cli.Usage(s.message());
  const auto& w = cli.args.words;  // "customer", "get", PIPELINE, CUSTOMER_ID
  if (w.size() != 4 || w[1] != "get") {
    return cli.Usage("customer get PIPELINE CUSTOMER_ID [--scores A,B,...]");
  }
  pb::GetCustomerRequest request;
  request.set_pipeline(w[2]);
  request.set_customer_id(w[3]);
  pb::GetCustomerResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.insight().GetCustomer(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  const std::string currency =
      response.results().empty() ? "" : CurrencyOf(cli, response.results().rbegin()->run_id());
  cli.out << "customer " << response.customer_id() << " in pipeline '" << response.pipeline()
          << "': " << response.results_size() << " run" << (response.results_size() == 1 ? "" : "s")
          << ", oldest first\n";
  PrintCustomers(cli, response.results(), /*by_run=*/true, currency);
  return kExitOk;
}

int CustomersCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--segment", "--page-size", "--page-token", "--run",
                                       "--order-by", "--desc", "--scores", "--where"});
      !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "customers", "list", PIPELINE
  if (w.size() != 3 || w[1] != "list") {
    return cli.Usage(
        "customers list PIPELINE [--segment S] [--where 'SCORE OP VALUE']... [--page-size N] "
        "[--page-token T] [--run RUN] [--order-by SCORE [--desc]] [--scores A,B,...]");
  }
  pb::ListCustomersRequest request;
  request.set_pipeline(w[2]);
  request.set_run_id(cli.args.get("--run"));
  request.set_segment(cli.args.get("--segment"));
  request.set_page_token(cli.args.get("--page-token"));
  request.set_order_by(cli.args.get("--order-by"));
  request.set_descending(cli.args.has("--desc"));
  for (const std::string& where : cli.args.get_all("--where")) {
    Result<pb::ScoreFilter> filter = ParseWhere(where);
    if (!filter.ok()) return cli.Usage(filter.status().message());
    *request.add_filters() = std::move(filter).value();
  }
  int page_size = 20;
  if (const std::string text = cli.args.get("--page-size"); !text.empty()) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), page_size);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return cli.Usage("--page-size: not a number");
    }
  }
  request.set_page_size(page_size);
  pb::ListCustomersResponse response;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.insight().ListCustomers(context.get(), request, &response);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(response);
    return kExitOk;
  }
  if (response.customers().empty()) {
    cli.out << "no customers"
            << (request.segment().empty() ? "" : " in segment " + request.segment())
            << WhereText(request) << " (run " << response.run_id() << ")\n";
    return kExitOk;
  }
  PrintCustomers(cli, response.customers(), /*by_run=*/false, CurrencyOf(cli, response.run_id()));
  cli.out << response.customers_size() << " of " << Thousands(response.total()) << " customers"
          << (request.segment().empty() ? "" : " in segment " + request.segment())
          << WhereText(request) << ", run " << response.run_id() << "\n";
  if (!response.next_page_token().empty()) {
    cli.out << "next page: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

int SegmentsCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--run", "--compare", "--series"}); !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "segments", PIPELINE
  if (w.size() != 2 || (cli.args.has("--series") && cli.args.has("--run")) ||
      (cli.args.has("--series") && cli.args.has("--compare"))) {
    return cli.Usage(
        "segments PIPELINE [--run RUN] [--compare EARLIER_RUN] | segments PIPELINE --series");
  }
  if (cli.args.has("--series")) return PrintSeries(cli, w[1]);
  pb::GetSegmentSummaryRequest request;
  request.set_pipeline(w[1]);
  request.set_run_id(cli.args.get("--run"));
  request.set_compare_run_id(cli.args.get("--compare"));
  pb::SegmentSummary summary;
  auto context = cli.client.Context();
  grpc::Status status = cli.client.insight().GetSegmentSummary(context.get(), request, &summary);
  if (!status.ok()) return cli.Fail(status);
  if (cli.json()) {
    cli.PrintJson(summary);
    return kExitOk;
  }
  const int64_t total = summary.total_customers();
  cli.out << "pipeline '" << summary.pipeline() << "', run " << summary.run_id() << ", as of "
          << Instant(summary.as_of_time(), summary.time_zone()) << ": " << Thousands(total)
          << " customers by " << summary.segment_score() << "\n\n";
  if (!summary.compare_run_id().empty()) {
    PrintMigrations(cli, summary);
    return kExitOk;
  }

  // RFM codes ("311": R, F, M scores 1..k) also read as an R x F grid, M summed.
  int k = 0;
  bool codes = !summary.segments().empty();
  for (const pb::SegmentSize& s : summary.segments()) {
    const std::string& c = s.segment();
    if (c.size() != 3 ||
        !std::all_of(c.begin(), c.end(), [](char d) { return d >= '1' && d <= '9'; })) {
      codes = false;
      break;
    }
    k = std::max({k, c[0] - '0', c[1] - '0', c[2] - '0'});
  }
  if (codes && k >= 2) {
    std::vector<std::vector<int64_t>> grid(k, std::vector<int64_t>(k, 0));
    for (const pb::SegmentSize& s : summary.segments()) {
      grid[s.segment()[0] - '1'][s.segment()[1] - '1'] += s.customers();
    }
    std::vector<std::string> header = {"R \\ F"};
    std::vector<size_t> right;
    for (int f = 1; f <= k; ++f) {
      right.push_back(header.size());
      header.push_back("F=" + std::to_string(f));
    }
    Table table(header, right);
    for (int r = k; r >= 1; --r) {
      std::vector<std::string> row = {"R=" + std::to_string(r)};
      for (int f = 1; f <= k; ++f) row.push_back(Thousands(grid[r - 1][f - 1]));
      table.Add(std::move(row));
    }
    cli.out << "R x F grid (customers, all M)\n";
    table.Print(cli.out, "  ");
    cli.out << "\n";
  }

  Table table({"SEGMENT", "CUSTOMERS", "SHARE"}, {1, 2});
  for (const pb::SegmentSize& s : summary.segments()) {
    table.Add({s.segment(), Thousands(s.customers()),
               total > 0 ? Percent(100.0 * s.customers() / total) : "-"});
  }
  table.Print(cli.out);
  return kExitOk;
}

}  // namespace encore::cli
