// encorectl customer get, customers list, segments.
#include <algorithm>
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

// "a,b,c" -> {"a", "b", "c"}; empty -> none.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t comma = std::min(text.find(',', begin), text.size());
    if (comma > begin) items.push_back(text.substr(begin, comma - begin));
    begin = comma + 1;
  }
  return items;
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
                                       "--order-by", "--desc", "--scores"});
      !s.ok()) {
    return cli.Usage(s.message());
  }
  const auto& w = cli.args.words;  // "customers", "list", PIPELINE
  if (w.size() != 3 || w[1] != "list") {
    return cli.Usage(
        "customers list PIPELINE [--segment S] [--page-size N] [--page-token T] [--run RUN] "
        "[--order-by SCORE [--desc]] [--scores A,B,...]");
  }
  pb::ListCustomersRequest request;
  request.set_pipeline(w[2]);
  request.set_run_id(cli.args.get("--run"));
  request.set_segment(cli.args.get("--segment"));
  request.set_page_token(cli.args.get("--page-token"));
  request.set_order_by(cli.args.get("--order-by"));
  request.set_descending(cli.args.has("--desc"));
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
            << (request.segment().empty() ? "" : " in segment " + request.segment()) << " (run "
            << response.run_id() << ")\n";
    return kExitOk;
  }
  PrintCustomers(cli, response.customers(), /*by_run=*/false, CurrencyOf(cli, response.run_id()));
  cli.out << response.customers_size() << " of " << Thousands(response.total()) << " customers"
          << (request.segment().empty() ? "" : " in segment " + request.segment()) << ", run "
          << response.run_id() << "\n";
  if (!response.next_page_token().empty()) {
    cli.out << "next page: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

int SegmentsCommand(Cli& cli) {
  if (Status s = CheckFlags(cli.args, {"--run"}); !s.ok()) return cli.Usage(s.message());
  const auto& w = cli.args.words;  // "segments", PIPELINE
  if (w.size() != 2) return cli.Usage("segments PIPELINE [--run RUN]");
  pb::GetSegmentSummaryRequest request;
  request.set_pipeline(w[1]);
  request.set_run_id(cli.args.get("--run"));
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
