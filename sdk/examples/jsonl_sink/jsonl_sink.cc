// example_jsonl: writes one JSON object per customer (customer id and every score of the run)
// to a file, one per line. The file appears only when the run commits: rows go to
// "<path>.partial" first and are renamed into place by close(committed = true), so a reader
// never sees half a run. Metrics are not written.
#include <encore/sdk/plugin.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace encore::plugins::example_jsonl {

const encore_option_v1 kOptions[] = {
    encore::sdk::RequiredOption("path", ENCORE_OPTION_STRING,
                                "File to write; replaced when a run commits."),
    encore::sdk::Option("columns", ENCORE_OPTION_STRING_LIST, "[]",
                        "Score columns to write besides customer_id; empty = all."),
};

class JsonlSink : public encore::sdk::Sink {
 public:
  explicit JsonlSink(const encore::sdk::PluginContext& context)
      : Sink(context), path_(context.config.string("path")) {
    if (path_.empty()) throw encore::sdk::ConfigError("option 'path' must not be empty");
    for (const auto& c : context.config.strings("columns")) columns_.insert(c);
    partial_ = path_ + ".partial";
  }

  void check() override {
    const std::filesystem::path dir = std::filesystem::absolute(path_).parent_path();
    if (!std::filesystem::is_directory(dir)) {
      throw encore::sdk::Error("directory " + dir.string() + " does not exist");
    }
  }

  void open(const encore::sdk::RunInfo& run) override {
    out_.close();
    out_.open(partial_, std::ios::out | std::ios::trunc | std::ios::binary);
    if (!out_) throw encore::sdk::Error("cannot create " + partial_ + ": " + std::strerror(errno));
    rows_ = 0;
    log().info("run " + run.run_id + ": writing " + partial_);
  }

  void write(encore_table_kind kind, const encore::sdk::Table& table) override {
    if (kind != ENCORE_TABLE_CUSTOMERS) return;
    if (!out_.is_open()) throw encore::sdk::Error("write() before open()");
    for (size_t row = 0; row < table.row_count(); ++row) {
      nlohmann::json line = nlohmann::json::object();
      for (size_t col = 0; col < table.column_count(); ++col) {
        const std::string name(table.column_name(col));
        // Column 0 is the customer id; it is always written.
        if (col > 0 && !columns_.empty() && columns_.count(name) == 0) continue;
        line[name] = Value(table, col, row);
      }
      out_ << line.dump() << '\n';
    }
    rows_ += table.row_count();
    if (!out_) throw encore::sdk::Error("cannot write " + partial_ + ": " + std::strerror(errno));
  }

  void flush() override {
    out_.flush();
    if (!out_) throw encore::sdk::Error("cannot write " + partial_ + ": " + std::strerror(errno));
  }

  void close(bool committed) override {
    if (!out_.is_open()) return;  // open() never ran or failed: nothing to finish
    out_.close();
    const bool complete = !out_.fail();
    if (!committed) {
      std::remove(partial_.c_str());
      return;
    }
    if (!complete) throw encore::sdk::Error("cannot finish " + partial_);
    std::error_code ec;
    std::filesystem::rename(partial_, path_, ec);
    if (ec) throw encore::sdk::Error("cannot rename " + partial_ + ": " + ec.message());
    log().info("wrote " + std::to_string(rows_) + " customers to " + path_);
  }

 private:
  static nlohmann::json Value(const encore::sdk::Table& table, size_t col, size_t row) {
    if (table.is_null(col, row)) return nullptr;
    switch (table.column(col).type) {
      case ENCORE_VALUE_I64:
        return table.i64(col, row);
      case ENCORE_VALUE_F64:
        return table.f64(col, row);
      case ENCORE_VALUE_STR:
        return std::string(table.str(col, row));
    }
    return nullptr;
  }

  std::string path_, partial_;
  std::set<std::string> columns_;
  std::ofstream out_;
  size_t rows_ = 0;
};

}  // namespace encore::plugins::example_jsonl

ENCORE_PLUGIN(encore::plugins::example_jsonl::JsonlSink, "example_jsonl", "1.0.0",
              "Writes one JSON line per customer to a file when a run commits.",
              encore::plugins::example_jsonl::kOptions)
