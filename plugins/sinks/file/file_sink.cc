// The file sink: each delivered run becomes a folder <path>/<pipeline>/<run_id>/ holding
// customers.csv and/or customers.jsonl (one row per customer, every score column),
// events.*, tasks.*, one <report>.* per report table (e.g. basket.rules.csv) and metrics.json. The
// folder is built under a temporary name and moved into place when the run commits, so readers see
// a complete run or none. See README.md.
#include <sys/stat.h>
#include <unistd.h>
#include <encore/sdk/plugin.hpp>

#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "plugins/sinks/file/buffered_file.h"
#include "plugins/sinks/file/metrics_document.h"
#include "plugins/sinks/file/run_folder.h"
#include "plugins/sinks/file/table_writers.h"

namespace encore::plugins::file {
namespace {

constexpr encore_option_v1 kFileOptions[] = {
    sdk::RequiredOption("path", ENCORE_OPTION_STRING,
                        "Output directory; each run goes to <path>/<pipeline>/<run_id>/."),
    sdk::Option("formats", ENCORE_OPTION_STRING_LIST, R"(["csv", "jsonl"])",
                "Table file formats to write: csv (customers.csv, events.csv, tasks.csv, "
                "<report>.csv), jsonl (the same as .jsonl)."),
    sdk::Option("metrics", ENCORE_OPTION_BOOL, "true",
                "Write metrics.json with the run's metrics."),
};

class FileSink : public sdk::Sink {
 public:
  explicit FileSink(const sdk::PluginContext& context) : Sink(context) {
    const sdk::Config& config = context.config;
    root_ = config.string("path");
    if (root_.empty()) throw sdk::ConfigError("option 'path' must not be empty");
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
    const std::vector<std::string> formats = config.has("formats")
                                                 ? config.strings("formats")
                                                 : std::vector<std::string>{"csv", "jsonl"};
    for (const std::string& format : formats) {
      if (format == "csv") {
        csv_ = true;
      } else if (format == "jsonl") {
        jsonl_ = true;
      } else {
        throw sdk::ConfigError("option 'formats': unknown format '" + format +
                               "' (allowed: csv, jsonl)");
      }
    }
    metrics_ = config.has("metrics") ? config.boolean("metrics") : true;
  }

  // Creates the output directory if needed and proves it writable by making and removing an
  // entry in it (permission bits alone say nothing when the daemon runs as root).
  void check() override {
    if (::mkdir(root_.c_str(), 0755) != 0 && errno != EEXIST) {
      throw sdk::Error(SystemError("cannot create directory", root_, errno));
    }
    const std::string probe = root_ + "/.encore-check-" + std::to_string(::getpid());
    if (::mkdir(probe.c_str(), 0700) != 0) {
      throw sdk::Error(SystemError("cannot write in directory", root_, errno));
    }
    ::rmdir(probe.c_str());
  }

  void open(const sdk::RunInfo& run) override {
    Reset();  // a delivery that was never closed is abandoned
    folder_ = std::make_unique<RunFolder>(root_, run.pipeline, run.run_id);
    document_.Start(run);
  }

  void write(encore_table_kind kind, const sdk::Table& table) override {
    if (!folder_) throw sdk::Error("write() without open()");
    switch (kind) {
      case ENCORE_TABLE_CUSTOMERS:
        WriteTable("customers", table);
        break;
      case ENCORE_TABLE_METRICS:
        if (metrics_) document_.Add(table);
        break;
      case ENCORE_TABLE_EVENTS:
        WriteTable("events", table);
        break;
      case ENCORE_TABLE_TASKS:
        WriteTable("tasks", table);
        break;
      case ENCORE_TABLE_REPORT:
        WriteTable(ReportFileName(table.name()), table);
        break;
      default:
        throw sdk::Error("unknown table kind " + std::to_string(static_cast<int>(kind)));
    }
  }

  void flush() override {
    for (auto& writer : writers_) writer->Drain();
  }

  // A report's name becomes a file name: only [a-z0-9._-], so no name reaches outside the
  // run's folder or collides with the fixed files.
  static std::string ReportFileName(std::string_view name) {
    bool safe = !name.empty() && name.front() != '.';
    for (char c : name) {
      safe = safe &&
             ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
    }
    if (!safe || name == "customers" || name == "events" || name == "tasks" || name == "metrics") {
      throw sdk::Error("report table name '" + std::string(name) +
                       "' cannot be a file name (use a-z, 0-9, '.', '_', '-')");
    }
    return std::string(name);
  }

  void close(bool committed) override {
    if (!folder_) return;
    if (!committed) {
      writers_by_table_.clear();
      writers_.clear();
      const std::unique_ptr<RunFolder> folder = std::move(folder_);
      folder->Discard();
      return;
    }
    try {
      for (auto& writer : writers_) writer->Close();
      if (metrics_) {
        BufferedFile file(folder_->TempFile("metrics.json"));
        file.Append(document_.Text());
        file.Close();
      }
      folder_->Publish();
      log().info("run written to " + folder_->final_path());
    } catch (...) {
      Reset();
      throw;
    }
    writers_by_table_.clear();
    writers_.clear();
    folder_.reset();
  }

 private:
  // The table's rows go to <base>.csv and/or <base>.jsonl; a later part of the same table is
  // appended to the files its first part opened.
  void WriteTable(const std::string& base, const sdk::Table& table) {
    auto [first, end] = writers_by_table_.equal_range(base);
    if (first == end) {
      if (csv_) writers_.push_back(MakeCsvWriter(folder_->TempFile(base + ".csv")));
      if (csv_) writers_by_table_.emplace(base, writers_.back().get());
      if (jsonl_) writers_.push_back(MakeJsonlWriter(folder_->TempFile(base + ".jsonl")));
      if (jsonl_) writers_by_table_.emplace(base, writers_.back().get());
      std::tie(first, end) = writers_by_table_.equal_range(base);
    }
    for (auto it = first; it != end; ++it) it->second->Write(table);
  }

  // Drops the open delivery and its temporary folder.
  void Reset() {
    writers_by_table_.clear();
    writers_.clear();
    folder_.reset();
  }

  std::string root_;
  bool csv_ = false, jsonl_ = false, metrics_ = true;
  std::unique_ptr<RunFolder> folder_;
  std::vector<std::unique_ptr<TableWriter>> writers_;
  std::multimap<std::string, TableWriter*> writers_by_table_;  // base file name -> its writers
  MetricsDocument document_;
};

}  // namespace
}  // namespace encore::plugins::file

ENCORE_PLUGIN(encore::plugins::file::FileSink, "file", "1.0.0",
              "Writes each run's customer scores, events, tasks and report tables (CSV, JSON "
              "Lines) and metrics (JSON) to <path>/<pipeline>/<run_id>/, atomically per run.",
              encore::plugins::file::kFileOptions)
