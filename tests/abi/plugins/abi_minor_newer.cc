// Claims a minor version newer than the daemon's: it may rely on fields the daemon does not
// know, so it is refused.
#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

namespace {
const encore_plugin_v1* Entry() {
  static encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = encore_abi_test::ValidSink("abi_minor_newer");
    d.abi_minor = ENCORE_ABI_MINOR + 1;
    return d;
  }();
  return &descriptor;
}
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
