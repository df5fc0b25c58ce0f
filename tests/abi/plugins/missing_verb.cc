// A sink without sink_write: loadable and well-versioned, but unusable for its kind.
#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

namespace {
const encore_plugin_v1* Entry() {
  static encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = encore_abi_test::ValidSink("abi_missing_verb");
    d.sink_write = nullptr;
    return d;
  }();
  return &descriptor;
}
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
