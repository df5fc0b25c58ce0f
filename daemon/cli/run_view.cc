#include "daemon/cli/run_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "daemon/cli/text_format.h"

namespace encore::cli {
namespace {

namespace pb = encore::v1;

constexpr int kBarWidth = 30;

std::string ProgressLine(const pb::RunEvent& e) {
  const double percent = std::clamp(e.percent(), 0.0, 100.0);
  const int filled = static_cast<int>(std::lround(percent / 100 * kBarWidth));
  std::string line = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '-') + "] ";
  line += Percent(percent) + "  " + e.stage();
  if (e.rows_read() > 0) line += "  " + Thousands(e.rows_read()) + " rows";
  if (e.has_eta()) line += "  ETA " + Span(e.eta());
  if (!e.detail().empty()) line += "  (" + e.detail() + ")";
  return line;
}

}  // namespace

std::string StateName(pb::RunState state) {
  switch (state) {
    case pb::RUN_STATE_QUEUED:
      return "queued";
    case pb::RUN_STATE_RUNNING:
      return "running";
    case pb::RUN_STATE_SUCCEEDED:
      return "succeeded";
    case pb::RUN_STATE_FAILED:
      return "failed";
    case pb::RUN_STATE_CANCELLED:
      return "cancelled";
    default:
      return "unknown";
  }
}

void ProgressView::Show(const pb::RunEvent& event) {
  if (event.has_run()) return;  // the final event is shown by PrintRun
  if (terminal_) {
    out_ << "\r\033[K" << ProgressLine(event) << std::flush;
    drawn_ = true;
    return;
  }
  const int tenth = static_cast<int>(event.percent() / 10);
  if (event.stage() == last_stage_ && tenth == last_tenth_) return;
  last_stage_ = event.stage();
  last_tenth_ = tenth;
  out_ << ProgressLine(event) << "\n" << std::flush;
}

void ProgressView::Close() {
  if (terminal_ && drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void PrintRun(std::ostream& out, const pb::Run& run, bool detailed) {
  const int digits = MinorDigits(run.currency());
  out << "run " << run.run_id() << "  " << StateName(run.state()) << "\n";
  Table t({"", ""});
  auto row = [&](const std::string& name, const std::string& value) { t.Add({name, value}); };
  std::string pipeline = run.pipeline();
  if (run.pipeline_version() > 0) {
    pipeline += " (version " + std::to_string(run.pipeline_version()) + ")";
  }
  row("pipeline", pipeline);
  if (!run.request_id().empty()) row("request id", run.request_id());
  row("created", Instant(run.create_time()));
  if (run.has_start_time()) row("started", Instant(run.start_time()));
  if (run.has_finish_time()) row("finished", Instant(run.finish_time()));
  if (run.has_as_of_time()) row("as of", Instant(run.as_of_time(), run.time_zone()));
  if (run.state() == pb::RUN_STATE_SUCCEEDED || run.lines_loaded() > 0) {
    row("customers", Thousands(run.customers()));
    row("orders", Thousands(run.orders()));
    row("lines", Thousands(run.lines_loaded()));
    row("row errors", Thousands(run.row_error_count()));
    // Sorted: a proto map has no order of its own.
    const std::map<std::string, int64_t> counters(run.counters().begin(), run.counters().end());
    for (const auto& [name, value] : counters) row(name, Thousands(value));
    row("warnings", std::to_string(run.warnings_size()));
  }
  if (run.has_timings()) {
    const pb::RunTimings& tm = run.timings();
    row("timings", "load " + Span(tm.load()) + ", compute " + Span(tm.compute()) + ", deliver " +
                       Span(tm.deliver()) + ", commit " + Span(tm.commit()) + ", total " +
                       Span(tm.total()));
  }
  if (!run.error().empty()) row("error", run.error());
  // A two-column table without a header: print its rows only.
  std::ostringstream body;
  t.Print(body, "  ");
  std::string text = body.str();
  text.erase(0, text.find('\n') + 1);
  out << text;

  if (!detailed) return;
  if (run.first_row_errors_size() > 0) {
    out << "\nfirst row errors (" << run.first_row_errors_size() << " of "
        << Thousands(run.row_error_count()) << ")\n";
    Table errors({"SOURCE", "LOCATION", "FIELD", "REASON"});
    for (const pb::RowError& e : run.first_row_errors()) {
      errors.Add({e.source(), e.location(), e.field().empty() ? "-" : e.field(), e.reason()});
    }
    errors.Print(out, "  ");
  }
  if (run.warnings_size() > 0) {
    out << "\nwarnings\n";
    for (const std::string& w : run.warnings()) out << "  " << w << "\n";
  }
  bool has_plain_metrics = false;
  for (const pb::Metric& m : run.metrics()) has_plain_metrics |= m.json().empty();
  if (has_plain_metrics) {
    out << "\nmetrics\n";
    Table metrics({"NAME", "VALUE", "UNIT"}, {1});
    for (const pb::Metric& m : run.metrics()) {
      if (!m.json().empty()) continue;  // documents are in --json output
      std::string value;
      if (m.unit() == "minor") {
        value = Money(std::llround(m.value()), digits) + " " + run.currency();
      } else if (m.value() == std::floor(m.value()) && std::fabs(m.value()) < 1e15) {
        value = Thousands(static_cast<int64_t>(m.value()));
      } else {
        char buffer[32];
        std::snprintf(buffer, sizeof(buffer), "%.4g", m.value());
        value = buffer;
      }
      metrics.Add({m.name(), value, m.unit() == "minor" ? "" : m.unit()});
    }
    metrics.Print(out, "  ");
  }
}

}  // namespace encore::cli
