// RunFolder on its own: both ways of publishing (atomic exchange and plain renames) replace an
// earlier delivery completely, and discarding leaves nothing behind.
#include "plugins/sinks/file/run_folder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace encore::plugins::file {
namespace {

namespace fs = std::filesystem;

std::set<std::string> Entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class RunFolderTest : public ::testing::TestWithParam<bool> {
 protected:
  RunFolderTest() {
    std::string pattern = (fs::temp_directory_path() / "encore_run_folder_XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~RunFolderTest() override { fs::remove_all(root_); }

  // Publishes a run folder holding one file `name` with `content`.
  void Publish(const std::string& name, const std::string& content) {
    RunFolder folder(root_.string(), "shop", "run-1");
    if (GetParam()) folder.UseRenameFallbackForTest();
    std::ofstream(folder.TempFile(name)) << content;
    folder.Publish();
  }

  fs::path root_;
};

TEST_P(RunFolderTest, PublishMovesTheFolderIntoPlace) {
  Publish("a.txt", "one");
  EXPECT_EQ(Entries(root_ / "shop"), (std::set<std::string>{"run-1"}));
  EXPECT_EQ(ReadFile(root_ / "shop" / "run-1" / "a.txt"), "one");
}

TEST_P(RunFolderTest, RepublishingReplacesTheWholeFolder) {
  Publish("a.txt", "one");
  Publish("b.txt", "two");
  EXPECT_EQ(Entries(root_ / "shop"), (std::set<std::string>{"run-1"}));
  EXPECT_EQ(Entries(root_ / "shop" / "run-1"), (std::set<std::string>{"b.txt"}));
  EXPECT_EQ(ReadFile(root_ / "shop" / "run-1" / "b.txt"), "two");
}

TEST_P(RunFolderTest, DiscardAndDestructionLeaveNothing) {
  {
    RunFolder folder(root_.string(), "shop", "run-1");
    std::ofstream(folder.TempFile("a.txt")) << "one";
    folder.Discard();
  }
  { RunFolder abandoned(root_.string(), "shop", "run-2"); }
  EXPECT_TRUE(Entries(root_ / "shop").empty());
}

INSTANTIATE_TEST_SUITE_P(ExchangeAndRenames, RunFolderTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "PlainRenames" : "AtomicExchange";
                         });

TEST(RunFolderNameTest, RefusesNamesThatAreNotOneFolder) {
  for (const char* bad : {"", ".", "..", ".hidden", "a/b"}) {
    EXPECT_THROW(RunFolder::CheckComponent("run id", bad), std::runtime_error) << bad;
  }
  EXPECT_NO_THROW(RunFolder::CheckComponent("run id", "20240331-0001"));
}

}  // namespace
}  // namespace encore::plugins::file
