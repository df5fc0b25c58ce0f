// Claims ABI 2.0: a daemon that speaks 1.x must refuse it before calling anything.
#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

namespace {
const encore_plugin_v1* Entry() {
  static encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = encore_abi_test::ValidSink("abi_major2");
    d.abi_major = 2;
    d.abi_minor = 0;
    return d;
  }();
  return &descriptor;
}
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
