// Exports the entry alias, but the entry returns no descriptor.
#include <boost/dll/alias.hpp>

#include "raw_descriptor.h"

namespace {
const encore_plugin_v1* Entry() { return nullptr; }
}  // namespace

BOOST_DLL_ALIAS_SECTIONED(Entry, encore_plugin_entry_v1, encore)
