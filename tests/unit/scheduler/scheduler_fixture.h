// Shared setup for scheduler tests: the real plugin host (rfm from the build's plugins folder
// plus the scheduler test source), a real StateStore in a fresh temporary directory, and a
// recorder for run updates.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/host/plugin_host.h"
#include "daemon/scheduler/run_scheduler.h"
#include "daemon/state/state_store.h"

namespace encore::testing {

// Collects a watcher's updates; tests wait on it instead of sleeping.
class UpdateLog {
 public:
  RunWatcher watcher() {
    return [this](const RunUpdate& update) {
      std::lock_guard<std::mutex> lock(mu_);
      updates_.push_back(update);
      changed_.notify_all();
    };
  }
  // Waits until `done(updates)` holds. The bound only turns a hung run into a failure.
  bool WaitFor(const std::function<bool(const std::vector<RunUpdate>&)>& done) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(60), [&] { return done(updates_); });
  }
  bool WaitForFinal() {
    return WaitFor([](const auto& u) { return !u.empty() && u.back().final; });
  }
  bool WaitForState(RunState state) {
    return WaitFor([state](const auto& updates) {
      for (const auto& u : updates) {
        if (u.run.state == state) return true;
      }
      return false;
    });
  }
  std::vector<RunUpdate> updates() {
    std::lock_guard<std::mutex> lock(mu_);
    return updates_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<RunUpdate> updates_;
};

inline std::string TestSpec(const std::string& name, bool hold, const std::string& fail = "") {
  return "name: " + name +
         "\n"
         "sources:\n"
         "  - name: orders\n"
         "    plugin: scheduler_test_source\n"
         "    config: {hold: " +
         std::string(hold ? "true" : "false") + ", fail: \"" + fail +
         "\"}\n"
         "methods:\n"
         "  - name: rfm\n"
         "    plugin: rfm\n";
}

class SchedulerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = new PluginHost();
    host_->LoadDirectory(ENCORE_PLUGIN_DIR);
    host_->LoadDirectory(ENCORE_TEST_PLUGIN_DIR);
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(host_->Find("rfm").ok()) << "build the rfm plugin first";
    ASSERT_TRUE(host_->Find("scheduler_test_source").ok());
    std::string pattern = (std::filesystem::temp_directory_path() / "encore-sched-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Result<std::unique_ptr<StateStore>> store = StateStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }

  void TearDown() override {
    scheduler_.reset();  // cancels and records whatever is still active
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  RunScheduler& StartScheduler(int workers, size_t max_queued = 64) {
    SchedulerOptions options;
    options.max_concurrent_runs = workers;
    options.max_queued_runs = max_queued;
    options.source_lanes = 1;
    scheduler_ = std::make_unique<RunScheduler>(store_.get(), host_, options);
    return *scheduler_;
  }

  void Apply(const std::string& name, bool hold, const std::string& fail = "") {
    ASSERT_TRUE(store_->PutPipeline(name, TestSpec(name, hold, fail)).ok());
  }

  // Subscribes a new log to the run; the log lives as long as the fixture.
  UpdateLog& Watch(const std::string& run_id) {
    UpdateLog& log = logs_.emplace_back();
    Result<uint64_t> id = scheduler_->Watch(run_id, log.watcher());
    EXPECT_TRUE(id.ok()) << id.status().message();
    return log;
  }

  static PluginHost* host_;
  std::filesystem::path dir_;
  std::unique_ptr<StateStore> store_;
  std::list<UpdateLog> logs_;  // declared before scheduler_: outlives it
  std::unique_ptr<RunScheduler> scheduler_;
};

inline PluginHost* SchedulerTest::host_ = nullptr;

}  // namespace encore::testing
