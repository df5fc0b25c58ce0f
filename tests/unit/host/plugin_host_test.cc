// PluginHost against a real plugin (all_options, built with encore_add_plugin): config checks
// with their exact messages, defaults, redaction, create() and its failures, per-instance
// loggers, and instance lifetime.
#include "daemon/host/plugin_host.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace encore {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kPlugin = HOST_TEST_PLUGIN;

class PluginHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
    previous_logger_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("test", log_);
    logger->set_pattern("%n|%l|%v");
    spdlog::set_default_logger(logger);
    ASSERT_TRUE(host_.Load(kPlugin).ok());
  }
  void TearDown() override { spdlog::set_default_logger(previous_logger_); }

  std::string Error(const json& config) const {
    auto result = host_.ValidateConfig("all_options", "orders", config);
    if (result.ok()) return "ok";
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    return result.status().message();
  }
  bool Logged(const std::string& line) const {
    const auto lines = log_->last_formatted();
    return std::find(lines.begin(), lines.end(), line + "\n") != lines.end();
  }

  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_;
  std::shared_ptr<spdlog::logger> previous_logger_;
  PluginHost host_;
};

TEST_F(PluginHostTest, ListsTheOptionTable) {
  auto info = host_.Find("all_options");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->kind, PluginKind::kSink);
  EXPECT_EQ(std::string(PluginKindName(info->kind)), "sink");
  ASSERT_EQ(info->options.size(), 10u);
  EXPECT_EQ(info->options[0].name, "path");
  EXPECT_TRUE(info->options[0].required);
  EXPECT_EQ(info->options[1].allowed, (std::vector<std::string>{"fast", "safe"}));
  EXPECT_EQ(info->options[7].name, "ids");
  EXPECT_EQ(info->options[7].default_json, "");
  EXPECT_TRUE(info->options[9].secret);
  EXPECT_EQ(info->options[9].description, "API token.");
}

TEST_F(PluginHostTest, CompletesTheConfigWithDefaults) {
  auto config = host_.ValidateConfig("all_options", "orders", {{"path", "/tmp/out"}});
  ASSERT_TRUE(config.ok()) << config.status().message();
  const json expected = {{"path", "/tmp/out"},
                         {"mode", "safe"},
                         {"limit", 10},
                         {"ratio", 0.5},
                         {"verbose", false},
                         {"tags", json::array()},
                         {"extra", json::object()},
                         {"weights", {1, 2.5}}};
  EXPECT_EQ(*config, expected);
}

TEST_F(PluginHostTest, KeepsGivenValuesOfEveryType) {
  const json given = {{"path", "/tmp/out"},  {"mode", "fast"},  {"limit", -3},
                      {"ratio", 2},          {"verbose", true}, {"tags", {"a", "b"}},
                      {"extra", {{"k", 1}}}, {"ids", {4, 5}},   {"weights", {0.1}},
                      {"token", "s3cr3t"}};
  auto config = host_.ValidateConfig("all_options", "orders", given);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(*config, given);
}

TEST_F(PluginHostTest, RefusesUnknownKeysNamingTheKnownOnes) {
  EXPECT_EQ(Error({{"path", "/x"}, {"colour", "red"}}),
            "orders (all_options): unknown option 'colour' (known: path, mode, limit, ratio, "
            "verbose, tags, extra, ids, weights, token)");
}

TEST_F(PluginHostTest, RefusesWrongTypesOfEveryOptionType) {
  const json base = {{"path", "/x"}};
  auto with = [&](const char* key, json value) {
    json config = base;
    config[key] = std::move(value);
    return config;
  };
  EXPECT_EQ(Error({{"path", 5}}),
            "orders (all_options): option 'path' must be a string, got integer");
  EXPECT_EQ(Error(with("limit", "10")),
            "orders (all_options): option 'limit' must be an integer, got string");
  EXPECT_EQ(Error(with("limit", 1.5)),
            "orders (all_options): option 'limit' must be an integer, got number");
  EXPECT_EQ(Error(with("ratio", "0.5")),
            "orders (all_options): option 'ratio' must be a number, got string");
  EXPECT_EQ(Error(with("verbose", 1)),
            "orders (all_options): option 'verbose' must be a boolean, got integer");
  EXPECT_EQ(Error(with("tags", "a")),
            "orders (all_options): option 'tags' must be a list of strings, got string");
  EXPECT_EQ(
      Error(with("tags", {"a", 1})),
      "orders (all_options): option 'tags' must be a list of strings, got integer at index 1");
  EXPECT_EQ(Error(with("extra", json::array())),
            "orders (all_options): option 'extra' must be an object, got array");
  EXPECT_EQ(Error(with("ids", {1, 2.5})),
            "orders (all_options): option 'ids' must be a list of integers, got number at index 1");
  EXPECT_EQ(
      Error(with("weights", {1, "2"})),
      "orders (all_options): option 'weights' must be a list of numbers, got string at index 1");
  EXPECT_EQ(Error(with("token", nullptr)),
            "orders (all_options): option 'token' must be a string, got null");
}

TEST_F(PluginHostTest, RefusesValuesOutsideTheAllowedOnes) {
  EXPECT_EQ(Error({{"path", "/x"}, {"mode", "slow"}}),
            "orders (all_options): option 'mode' must be one of fast|safe");
}

TEST_F(PluginHostTest, RefusesAMissingRequiredKey) {
  EXPECT_EQ(Error({{"mode", "fast"}}), "orders (all_options): missing required option 'path'");
}

TEST_F(PluginHostTest, RefusesAConfigThatIsNotAnObject) {
  EXPECT_EQ(Error(json::array({1})),
            "orders (all_options): config must be a JSON object, got array");
  EXPECT_EQ(Error(json("path=/x")),
            "orders (all_options): config must be a JSON object, got string");
}

TEST_F(PluginHostTest, UnknownPluginIsNotFound) {
  auto result = host_.ValidateConfig("nope", "orders", json::object());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(result.status().message(), "orders: unknown plugin 'nope' (loaded: all_options)");
  auto created = host_.Create("nope", "orders", json::object());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().message(), "orders: unknown plugin 'nope' (loaded: all_options)");
}

TEST_F(PluginHostTest, RedactsSecrets) {
  EXPECT_EQ(host_.Redact("all_options", {{"path", "/x"}, {"token", "s3cr3t"}}),
            (json{{"path", "/x"}, {"token", "***"}}));
  EXPECT_EQ(host_.Redact("all_options", {{"path", "/x"}}), (json{{"path", "/x"}}));
  // Nothing says which keys of an unknown plugin are secret, so none is shown.
  EXPECT_EQ(host_.Redact("nope", {{"path", "/x"}, {"token", "s3cr3t"}}),
            (json{{"path", "***"}, {"token", "***"}}));
}

TEST_F(PluginHostTest, CreatesWithTheCompletedConfigAndLogsUnderTheInstanceName) {
  auto created = host_.Create("all_options", "orders", {{"path", "/tmp/out"}, {"token", "t"}});
  ASSERT_TRUE(created.ok()) << created.status().message();
  std::unique_ptr<PluginInstance> instance = std::move(created).value();
  EXPECT_EQ(instance->instance_name(), "orders");
  EXPECT_EQ(instance->kind(), PluginKind::kSink);
  EXPECT_NE(instance->handle(), nullptr);
  EXPECT_TRUE(Logged(
      "plugin.all_options#orders|info|created: path=/tmp/out mode=safe limit=10 has_token=yes"));
  ASSERT_NE(spdlog::get("plugin.all_options#orders"), nullptr);

  instance.reset();
  EXPECT_TRUE(Logged("plugin.all_options#orders|info|destroyed"));
}

TEST_F(PluginHostTest, InvalidConfigNeverReachesThePlugin) {
  spdlog::drop("plugin.all_options#orders");  // an earlier test may have registered it
  auto created = host_.Create("all_options", "orders", {{"mode", "fast"}});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(created.status().message(), "orders (all_options): missing required option 'path'");
  for (const auto& line : log_->last_formatted()) {
    EXPECT_EQ(line.rfind("plugin.all_options#orders|", 0), std::string::npos) << line;
  }
  EXPECT_EQ(spdlog::get("plugin.all_options#orders"), nullptr);
}

TEST_F(PluginHostTest, CreateRefusedByThePluginIsInvalidArgumentWithItsMessage) {
  auto created = host_.Create("all_options", "orders", {{"path", "refuse"}});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(created.status().message(),
            "orders (all_options from " + kPlugin + "): create failed: path 'refuse' is refused");
}

TEST_F(PluginHostTest, LoadsAPluginWhoseSymbolTableWasStripped) {
  PluginHost host;
  Status status = host.Load(HOST_TEST_STRIPPED_PLUGIN);
  ASSERT_TRUE(status.ok()) << status.message();
  auto created = host.Create("all_options", "stripped", {{"path", "/tmp/out"}});
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_TRUE(host.rejected().empty());
}

// A scratch plugin directory, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() : path_(fs::temp_directory_path() / ("host_test_" + std::to_string(getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST_F(PluginHostTest, DirectoryLoadSkipsDanglingLinksAndOtherFiles) {
  ScratchDir dir;
  fs::copy_file(kPlugin, dir.path() / "encore_all_options.so");
  fs::create_symlink(dir.path() / "gone.so", dir.path() / "broken.so");
  std::ofstream(dir.path() / "notes.txt") << "not a plugin";
  PluginHost host;
  host.LoadDirectory(dir.path());
  ASSERT_EQ(host.List().size(), 1u);
  EXPECT_EQ(host.List()[0].path, (dir.path() / "encore_all_options.so").string());
  EXPECT_TRUE(host.rejected().empty());
}

TEST_F(PluginHostTest, AFileThatLoadsAfterBeingFixedIsNoLongerRejected) {
  ScratchDir dir;
  const fs::path file = dir.path() / "encore_all_options.so";
  std::ofstream(file) << "half-written";
  PluginHost host;
  EXPECT_FALSE(host.Load(file).ok());
  ASSERT_EQ(host.rejected().size(), 1u);
  EXPECT_EQ(host.rejected()[0].reason,
            file.string() + ": not an Encore plugin (not an ELF shared library)");

  fs::copy_file(kPlugin, file, fs::copy_options::overwrite_existing);
  Status status = host.Load(file);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(host.rejected().empty());
  EXPECT_TRUE(host.Find("all_options").ok());
}

TEST_F(PluginHostTest, InstanceOutlivesTheHost) {
  auto host = std::make_unique<PluginHost>();
  ASSERT_TRUE(host->Load(kPlugin).ok());
  auto created = host->Create("all_options", "late", {{"path", "/tmp/out"}});
  ASSERT_TRUE(created.ok()) << created.status().message();
  std::unique_ptr<PluginInstance> instance = std::move(created).value();
  host.reset();
  instance.reset();  // the plugin's destroy() still runs: its library is kept by the instance
  EXPECT_TRUE(Logged("plugin.all_options#late|info|destroyed"));
}

TEST_F(PluginHostTest, CreatesFromManyThreadsAtOnce) {
  constexpr int kThreads = 8;
  std::vector<std::unique_ptr<PluginInstance>> instances(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto created = host_.Create("all_options", "worker" + std::to_string(i), {{"path", "/x"}});
      if (created.ok()) {
        instances[i] = std::move(created).value();
      } else {
        errors[i] = created.status().message();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(errors[i], "");
    ASSERT_NE(instances[i], nullptr);
    EXPECT_EQ(instances[i]->instance_name(), "worker" + std::to_string(i));
  }
}

}  // namespace
}  // namespace encore
