// A well-versioned descriptor whose option table is wrong: the default of an integer option is
// a string. The host refuses the plugin rather than hand that default to create() later.
#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

namespace {
const encore_option_v1 kOptions[] = {
    {"path", ENCORE_OPTION_STRING, 1, 0, nullptr, nullptr, "Where to write."},
    {"batch_size", ENCORE_OPTION_INT, 0, 0, "\"abc\"", nullptr, "Rows per write."},
};

const encore_plugin_v1* Entry() {
  static encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = encore_abi_test::ValidSink("abi_bad_option");
    d.options = kOptions;
    d.option_count = sizeof(kOptions) / sizeof(kOptions[0]);
    return d;
  }();
  return &descriptor;
}
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
