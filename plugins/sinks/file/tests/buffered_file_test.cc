// BufferedFile: what it writes, and that a full disk is an error naming the file and the reason.
#include "plugins/sinks/file/buffered_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace encore::plugins::file {
namespace {

namespace fs = std::filesystem;

TEST(BufferedFileTest, WritesSmallAndLargePiecesInOrder) {
  std::string pattern = (fs::temp_directory_path() / "encore_buffered_XXXXXX").string();
  const fs::path dir = mkdtemp(pattern.data());
  const std::string path = (dir / "out.txt").string();
  const std::string large(BufferedFile::kCapacity + 17, 'x');  // bigger than the buffer
  {
    BufferedFile file(path);
    file.Append("head,");
    file.Append('1');
    char* at = file.Reserve(3);
    at[0] = '2', at[1] = '3', at[2] = '4';
    file.Commit(3);
    file.Append(large);
    file.Append(std::string_view("tail\n"));
    file.Close();
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "head,1234" + large + "tail\n");
  fs::remove_all(dir);
}

TEST(BufferedFileTest, FullDiskIsAnErrorNamingTheFileAndTheReason) {
  BufferedFile file("/dev/full");
  file.Append("some bytes");
  try {
    file.Close();
    FAIL() << "writing to /dev/full succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write file '/dev/full': No space left on device");
  }
}

TEST(BufferedFileTest, UncreatableFileIsAnErrorNamingThePath) {
  try {
    BufferedFile file("/nonexistent-directory/out.csv");
    FAIL() << "created a file in a missing directory";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot create file '/nonexistent-directory/out.csv': No such file or directory");
  }
}

}  // namespace
}  // namespace encore::plugins::file
