#include "daemon/cli/cli_args.h"

namespace encore::cli {
namespace {

const std::set<std::string>& ValueFlags() {
  static const std::set<std::string> flags = {
      "--addr",       "--token-env", "--request-id", "--segment",    "--page-size",
      "--page-token", "--run",       "--order-by",   "--timeout",    "--scores",
      "--where",      "--compare",   "--manager",    "--customer",   "--type",
      "--status",     "--product",   "--dates",      "--month-ends",
  };
  return flags;
}

// Value flags that may be given more than once: every value is kept.
const std::set<std::string>& RepeatableFlags() {
  static const std::set<std::string> flags = {"--where"};
  return flags;
}

const std::set<std::string>& SwitchFlags() {
  static const std::set<std::string> flags = {"--json", "--no-wait", "--desc",
                                              "--help", "--series",  "--full"};
  return flags;
}

const std::set<std::string>& GlobalFlags() {
  static const std::set<std::string> flags = {"--addr", "--token-env", "--json", "--timeout",
                                              "--help"};
  return flags;
}

}  // namespace

Result<Args> ParseArgs(int argc, const char* const* argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "-h") word = "--help";
    if (word.rfind("--", 0) != 0 || word == "--") {
      args.words.push_back(word);
      continue;
    }
    std::string value;
    bool has_value = false;
    if (const size_t eq = word.find('='); eq != std::string::npos) {
      value = word.substr(eq + 1);
      word = word.substr(0, eq);
      has_value = true;
    }
    if (SwitchFlags().count(word) != 0) {
      if (has_value) return InvalidArgument(word + " takes no value");
      args.switches.insert(word);
      continue;
    }
    if (ValueFlags().count(word) == 0) return InvalidArgument("unknown flag " + word);
    if (!has_value) {
      if (i + 1 >= argc) return InvalidArgument(word + " needs a value");
      value = argv[++i];
    }
    if (RepeatableFlags().count(word) != 0) args.repeated[word].push_back(value);
    args.values[word] = value;
  }
  return args;
}

Status CheckFlags(const Args& args, const std::set<std::string>& allowed) {
  auto check = [&](const std::string& flag) -> Status {
    if (GlobalFlags().count(flag) != 0 || allowed.count(flag) != 0) return Status::Ok();
    return InvalidArgument(flag + " does not apply to this command");
  };
  for (const auto& [flag, value] : args.values) ENCORE_RETURN_IF_ERROR(check(flag));
  for (const auto& flag : args.switches) ENCORE_RETURN_IF_ERROR(check(flag));
  return Status::Ok();
}

}  // namespace encore::cli
