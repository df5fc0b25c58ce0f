// Shared by the CSV source tests: the built plugin, files in a temporary directory, one-call
// reads.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_TESTS_CSV_TEST_SUPPORT_H_
#define ENCORE_PLUGINS_SOURCES_CSV_TESTS_CSV_TEST_SUPPORT_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/source_harness.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace encore::plugins::csv::testing {

using sdk::testing::CheckSource;
using sdk::testing::LoadedPlugin;
using sdk::testing::RunSource;
using sdk::testing::SourceRunOptions;
using sdk::testing::SourceRunResult;

inline const std::string kCanonicalHeader =
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price,manager_id\n";

inline LoadedPlugin& CsvPlugin() {
  static LoadedPlugin plugin(ENCORE_CSV_PLUGIN);
  return plugin;
}

// A fresh directory per test, removed afterwards.
class CsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        std::filesystem::temp_directory_path() / ("encore_csv_" + std::to_string(::getpid()) + "_" +
                                                  info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
    return path;
  }

  std::string WriteGzip(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    gzFile out = gzopen(path.c_str(), "wb");
    if (out == nullptr) throw std::runtime_error("cannot write " + path);
    if (!content.empty()) gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
    gzclose(out);
    return path;
  }

  // Reads `path` with `config` (path added) on `lanes` lanes.
  static SourceRunResult Read(const std::string& path, nlohmann::json config = {}, int lanes = 1) {
    if (config.is_null()) config = nlohmann::json::object();
    config["path"] = path;
    auto instance = CsvPlugin().Create(config);
    SourceRunOptions options;
    options.max_lanes = lanes;
    return RunSource(*instance, options);
  }

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace encore::plugins::csv::testing

#endif  // ENCORE_PLUGINS_SOURCES_CSV_TESTS_CSV_TEST_SUPPORT_H_
