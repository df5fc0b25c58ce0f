// Checks a plugin descriptor before any function of the plugin is called: first that its ABI
// version and struct size are ones this daemon understands, then that its self-description
// (kind, name, option table, function pointers) is usable. Messages do not name the file; the
// loader prefixes it.
#pragma once

#include <encore/plugin_abi.h>

#include <cstddef>

#include "daemon/common/status.h"
#include "daemon/host/plugin_host.h"

namespace encore {

// Bytes of encore_plugin_v1 a plugin of ABI 1.<minor> must provide: everything up to and
// including the last field that minor added. One entry per minor this daemon knows.
inline constexpr size_t kPluginDescriptorSizeByMinor[] = {
    offsetof(encore_plugin_v1, sink_close) + sizeof(encore_plugin_v1::sink_close),  // 1.0
    // 1.1 grew the io structs and tables the host hands out, not the descriptor.
    offsetof(encore_plugin_v1, sink_close) + sizeof(encore_plugin_v1::sink_close),  // 1.1
};
static_assert(sizeof(kPluginDescriptorSizeByMinor) / sizeof(kPluginDescriptorSizeByMinor[0]) ==
                  ENCORE_ABI_MINOR + 1,
              "a new ABI minor needs its descriptor size here");

// Major equal, minor not newer than ours, struct_size large enough for the declared minor.
// Reads only abi_major, abi_minor and struct_size, which every version starts with.
Status CheckAbi(const encore_plugin_v1& descriptor);

// After CheckAbi: kind, name ([a-z0-9_]+), option table, and the functions the kind needs.
// Returns the description the host lists (path left empty).
Result<PluginInfo> DescribePlugin(const encore_plugin_v1& descriptor);

}  // namespace encore
