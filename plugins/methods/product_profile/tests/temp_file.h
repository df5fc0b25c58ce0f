// A file with given contents in the test's temporary directory, removed when the test ends.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>

namespace encore::plugins::product_profile {

class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    static std::atomic<int> next{0};
    path_ = ::testing::TempDir() + "product_profile_" + std::to_string(::getpid()) + "_" +
            std::to_string(next++) + ".csv";
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace encore::plugins::product_profile
