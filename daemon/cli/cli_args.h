// encorectl's command line: global flags anywhere, then a command and its arguments.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon/common/status.h"

namespace encore::cli {

struct Args {
  std::vector<std::string> words;             // command words and positional arguments
  std::map<std::string, std::string> values;  // "--segment" -> "311"
  std::set<std::string> switches;             // "--desc"
  // Every value of a flag that may be given more than once ("--where"), in order; `values`
  // holds the last one.
  std::map<std::string, std::vector<std::string>> repeated;

  bool has(const std::string& flag) const {
    return values.count(flag) != 0 || switches.count(flag) != 0;
  }
  std::string get(const std::string& flag, const std::string& fallback = "") const {
    auto it = values.find(flag);
    return it == values.end() ? fallback : it->second;
  }
  std::vector<std::string> get_all(const std::string& flag) const {
    auto it = repeated.find(flag);
    return it == repeated.end() ? std::vector<std::string>() : it->second;
  }
};

// Flags that take a value and flags that do not; anything else starting with "--" is an error.
Result<Args> ParseArgs(int argc, const char* const* argv);

// Every flag in `args` must be in `allowed` (or a global flag); returns the first one that is
// not.
Status CheckFlags(const Args& args, const std::set<std::string>& allowed);

}  // namespace encore::cli
