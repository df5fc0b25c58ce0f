// Exports the entry alias but needs a function no library provides. Loading with rtld_now
// must fail at dlopen, with the dynamic loader's text, instead of crashing mid-run.
#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

extern "C" int encore_abi_test_missing_function(void);

namespace {
int32_t CreateNeedingMissingFunction(encore_str, encore_str, const encore_host_v1*, void** instance,
                                     encore_error*) {
  *instance = nullptr;
  return encore_abi_test_missing_function();
}

const encore_plugin_v1* Entry() {
  static encore_plugin_v1 descriptor = [] {
    encore_plugin_v1 d = encore_abi_test::ValidSink("abi_unresolved");
    d.create = &CreateNeedingMissingFunction;
    return d;
  }();
  return &descriptor;
}
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
