// Loads the ABI test plugin directory with the daemon's PluginHost: every broken library must be
// refused with a message that names the file and the exact reason, and the host must go on
// loading, creating and running the good plugin afterwards.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "daemon/host/descriptor_check.h"
#include "daemon/host/plugin_call.h"
#include "daemon/host/plugin_host.h"

namespace encore {
namespace {

const std::string kDir = ENCORE_ABI_TEST_PLUGIN_DIR;

std::string PathOf(const std::string& file) { return kDir + "/" + file; }

std::vector<std::pair<std::string, std::string>> Rejections(const PluginHost& host) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : host.rejected()) out.emplace_back(r.path, r.reason);
  return out;
}

class AbiTest : public ::testing::Test {
 protected:
  void SetUp() override { host_.LoadDirectory(kDir); }
  PluginHost host_;
};

TEST_F(AbiTest, EveryBrokenLibraryIsRejectedWithItsReason) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {PathOf("encore_abi_bad_option.so"),
       PathOf("encore_abi_bad_option.so") +
           ": plugin 'abi_bad_option': option 'batch_size': default \"abc\" must be an integer, "
           "got string"},
      {PathOf("encore_abi_good_copy.so"), PathOf("encore_abi_good_copy.so") +
                                              ": plugin name 'abi_good' is already registered by " +
                                              PathOf("encore_abi_good.so")},
      {PathOf("encore_abi_major2.so"),
       PathOf("encore_abi_major2.so") +
           ": built for Encore plugin ABI 2.0, this daemon supports 1.0–1.1"},
      {PathOf("encore_abi_minor_newer.so"),
       PathOf("encore_abi_minor_newer.so") +
           ": built for Encore plugin ABI 1.2, this daemon supports 1.0–1.1"},
      {PathOf("encore_abi_missing_verb.so"),
       PathOf("encore_abi_missing_verb.so") +
           ": sink plugin 'abi_missing_verb' has no sink_write function"},
      {PathOf("encore_abi_no_entry.so"),
       PathOf("encore_abi_no_entry.so") +
           ": not an Encore plugin (no encore_plugin_entry_v1 in section 'encore')"},
      {PathOf("encore_abi_null_descriptor.so"),
       PathOf("encore_abi_null_descriptor.so") + ": encore_plugin_entry_v1 returned no descriptor"},
      {PathOf("encore_abi_truncated.so"),
       PathOf("encore_abi_truncated.so") + ": descriptor is 96 bytes, ABI 1.1 requires 136"},
      {PathOf("encore_abi_unresolved.so"),
       PathOf("encore_abi_unresolved.so") + ": cannot load: " + PathOf("encore_abi_unresolved.so") +
           ": undefined symbol: encore_abi_test_missing_function"},
      {PathOf("junk.so"), PathOf("junk.so") + ": not an Encore plugin (not an ELF shared library)"},
  };
  EXPECT_EQ(Rejections(host_), expected);
}

TEST_F(AbiTest, OnlyTheGoodPluginsAreListed) {
  std::vector<std::string> names;
  for (const auto& info : host_.List()) names.push_back(info.name);
  EXPECT_EQ(names, (std::vector<std::string>{"abi_good", "abi_throwing"}));

  auto good = host_.Find("abi_good");
  ASSERT_TRUE(good.ok()) << good.status().message();
  EXPECT_EQ(good->kind, PluginKind::kMethod);
  EXPECT_EQ(good->version, "1.2.3");
  EXPECT_EQ(good->description, "Counts customers with at least one order.");
  EXPECT_EQ(good->path, PathOf("encore_abi_good.so"));
  EXPECT_EQ(good->abi_major, 1u);
  EXPECT_EQ(good->abi_minor, 1u);
  ASSERT_EQ(good->options.size(), 1u);
  EXPECT_EQ(good->options[0].name, "metric");
  EXPECT_EQ(good->options[0].default_json, "\"abi_good.active_customers\"");
}

TEST_F(AbiTest, LoadReturnsTheSameReasonAsTheListing) {
  PluginHost host;
  Status status = host.Load(PathOf("encore_abi_major2.so"));
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            PathOf("encore_abi_major2.so") +
                ": built for Encore plugin ABI 2.0, this daemon supports 1.0–1.1");
  ASSERT_EQ(host.rejected().size(), 1u);
  EXPECT_EQ(host.rejected()[0].reason, status.message());

  Status duplicate = host_.Load(PathOf("encore_abi_good_copy.so"));
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
}

TEST_F(AbiTest, LoadingTheSameDirectoryTwiceChangesNothing) {
  const auto rejected_before = Rejections(host_);
  host_.LoadDirectory(kDir);
  EXPECT_EQ(Rejections(host_), rejected_before);
  EXPECT_EQ(host_.List().size(), 2u);
  EXPECT_TRUE(host_.Load(PathOf("encore_abi_good.so")).ok());
}

TEST_F(AbiTest, ThrowingConstructorFailsCreateWithThePluginsMessage) {
  auto created = host_.Create("abi_throwing", "exploder", nlohmann::json::object());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(created.status().message(), "exploder (abi_throwing from " +
                                            PathOf("encore_abi_throwing.so") +
                                            "): create failed: boom: cannot start");
}

// What the good method reports through the method io.
struct MetricSink {
  std::string name;
  double value = -1;
  std::string unit;
};

TEST_F(AbiTest, HostKeepsCreatingAndRunningPluginsAfterFailures) {
  ASSERT_FALSE(host_.Create("abi_throwing", "first", nlohmann::json::object()).ok());
  ASSERT_FALSE(host_.Create("abi_throwing", "second", nlohmann::json::object()).ok());

  auto created = host_.Create("abi_good", "active", {{"metric", "active_customers"}});
  ASSERT_TRUE(created.ok()) << created.status().message();
  const PluginInstance& instance = **created;
  EXPECT_EQ(instance.kind(), PluginKind::kMethod);
  EXPECT_EQ(instance.instance_name(), "active");

  // Three customers; the second has no order visible as of the view.
  const uint32_t order_begin[] = {0, 1, 1};
  const uint32_t order_end[] = {1, 1, 3};
  encore_dataset_v1 dataset{};
  dataset.struct_size = sizeof(dataset);
  dataset.customer_count = 3;
  dataset.customer_order_begin = order_begin;
  dataset.customer_order_end = order_end;

  MetricSink metric;
  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = &metric;
  io.put_metric = [](void* ctx, encore_str name, double value, encore_str unit) -> int32_t {
    auto* m = static_cast<MetricSink*>(ctx);
    m->name.assign(name.data, name.size);
    m->value = value;
    m->unit.assign(unit.data, unit.size);
    return ENCORE_OK;
  };
  encore_error error = NewPluginError();
  const int32_t code = instance.descriptor().method_run(instance.handle(), &dataset, &io, &error);
  ASSERT_EQ(code, ENCORE_OK) << error.message;
  EXPECT_EQ(metric.name, "active_customers");
  EXPECT_EQ(metric.value, 2.0);
  EXPECT_EQ(metric.unit, "customers");
}

TEST(AbiLayout, DescriptorSizeRequiredForMinorZeroIsTheWholeV1Struct) {
  EXPECT_EQ(kPluginDescriptorSizeByMinor[0], 136u);
  EXPECT_EQ(kPluginDescriptorSizeByMinor[0], sizeof(encore_plugin_v1));
}

}  // namespace
}  // namespace encore
