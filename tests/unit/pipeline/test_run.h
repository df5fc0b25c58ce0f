// Shared setup of the executor tests: one PluginHost with the test plugins and the real ones,
// a scratch directory per test, and the test plugins' transcript.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "daemon/host/plugin_host.h"
#include "daemon/pipeline/run_executor.h"

namespace encore::testing {

class RunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = new PluginHost();
    host_->LoadDirectory(PIPELINE_TEST_PLUGIN_DIR);
    for (const char* name : {"encore_csv.so", "encore_rfm.so", "encore_file.so"}) {
      const Status status = host_->Load(std::string(ENCORE_PLUGIN_DIR) + "/" + name);
      ASSERT_TRUE(status.ok()) << status.message();
    }
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("encore_pipeline_test_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    log_ = (dir_ / "transcript.txt").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Transcript() const {
    std::vector<std::string> lines;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  static const PluginHost& host() { return *host_; }

  static PluginHost* host_;
  std::filesystem::path dir_;
  std::string log_;
};

inline PluginHost* RunTest::host_ = nullptr;

}  // namespace encore::testing
