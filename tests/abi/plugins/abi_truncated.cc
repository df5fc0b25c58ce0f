// Declares ABI 1.0 but a descriptor that ends after method_run, as if built against a header
// that stopped there: the sink verbs would be read past its end.
#include <stddef.h>

#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

namespace {
const encore_plugin_v1* Entry() {
  static encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = encore_abi_test::ValidSink("abi_truncated");
    d.struct_size = offsetof(encore_plugin_v1, sink_check);
    return d;
  }();
  return &descriptor;
}
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
