// Test helper: the GoogleTest fixture of a method plugin's suite. It loads the plugin binary and
// offers what nearly every suite does with it: one run of a fresh instance over a dataset, a run
// after a previous run (run history), and the message of a configuration that must be refused.
//
//   class RfmMethodTest : public MethodPluginTest {
//    protected:
//     RfmMethodTest() : MethodPluginTest(ENCORE_RFM_PLUGIN) {}
//   };
//   TEST_F(RfmMethodTest, ...) { MethodRun run = Run({{"k", 3}}, *data); ... }
//
// Header-only, C++17; needs GoogleTest (tests only).
#ifndef ENCORE_SDK_TESTING_METHOD_PLUGIN_TEST_HPP_
#define ENCORE_SDK_TESTING_METHOD_PLUGIN_TEST_HPP_

#include <encore/plugin_abi.h>
#include <gtest/gtest.h>
#include <encore/sdk/testing/dataset_builder.hpp>
#include <encore/sdk/testing/loaded_plugin.hpp>
#include <encore/sdk/testing/method_harness.hpp>

#include <nlohmann/json.hpp>
#include <string>

namespace encore::sdk::testing {

// Creating an instance of `plugin` with `config` must fail with ENCORE_INVALID_CONFIG; returns
// the plugin's message.
inline std::string InvalidConfigMessage(LoadedPlugin& plugin, const nlohmann::json& config) {
  int32_t status = ENCORE_OK;
  std::string message;
  auto instance = plugin.TryCreate(config, &status, &message);
  EXPECT_EQ(instance, nullptr) << config.dump();
  EXPECT_EQ(status, ENCORE_INVALID_CONFIG) << config.dump();
  return message;
}

// The run of a fresh instance of `plugin` over `data` after `earlier` (a run over
// `earlier_data`, as of its as_of) as the previous run.
inline MethodRun RunAfterPrevious(LoadedPlugin& plugin, const nlohmann::json& config,
                                  const MethodRun& earlier, const TestDataset& earlier_data,
                                  const TestDataset& data) {
  auto instance = plugin.Create(config);
  MethodHarness harness(data.get());
  harness.set_previous(earlier, earlier_data.get(), (*earlier_data).as_of);
  return harness.Run(*instance);
}

class MethodPluginTest : public ::testing::Test {
 protected:
  explicit MethodPluginTest(const char* plugin_path) : plugin_(plugin_path) {}

  // One run of a fresh instance over `data`.
  MethodRun Run(const nlohmann::json& config, const TestDataset& data) {
    auto instance = plugin_.Create(config);
    MethodHarness harness(data.get());
    return harness.Run(*instance);
  }

  // Creating with `config` must fail with ENCORE_INVALID_CONFIG; returns the message.
  std::string CreateError(const nlohmann::json& config) {
    return InvalidConfigMessage(plugin_, config);
  }

  LoadedPlugin plugin_;
};

}  // namespace encore::sdk::testing

#endif  // ENCORE_SDK_TESTING_METHOD_PLUGIN_TEST_HPP_
