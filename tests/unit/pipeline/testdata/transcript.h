// Test plugins append what they were asked to do to a transcript file (option `log`), one line
// per call, so a test can assert the exact sequence of calls the executor made.
#pragma once

#include <fstream>
#include <string>

namespace encore::pipeline_test {

inline void Note(const std::string& log, const std::string& line) {
  if (log.empty()) return;
  std::ofstream out(log, std::ios::app);
  out << line << '\n';
}

}  // namespace encore::pipeline_test
