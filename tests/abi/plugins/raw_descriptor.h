// Builds plugin descriptors by hand, straight on the C ABI (no SDK wrapper), so each negative
// test plugin can break exactly one rule. The verbs are stubs: none of these plugins is meant
// to get as far as being called.
#ifndef ENCORE_TESTS_ABI_PLUGINS_RAW_DESCRIPTOR_H_
#define ENCORE_TESTS_ABI_PLUGINS_RAW_DESCRIPTOR_H_

#include <encore/plugin_abi.h>

namespace encore_abi_test {

inline int32_t StubCreate(encore_str, encore_str, const encore_host_v1*, void** instance,
                          encore_error*) {
  *instance = nullptr;
  return ENCORE_OK;
}
inline void StubDestroy(void*) {}
inline int32_t StubCheck(void*, encore_error*) { return ENCORE_OK; }
inline int32_t StubOpen(void*, const encore_run_info_v1*, encore_error*) { return ENCORE_OK; }
inline int32_t StubWrite(void*, int32_t, const encore_table_v1*, encore_error*) {
  return ENCORE_OK;
}
inline int32_t StubClose(void*, int32_t, encore_error*) { return ENCORE_OK; }

// A complete, valid ABI 1.0 sink descriptor named `name` with no options.
inline encore_plugin_v1 ValidSink(const char* name) {
  encore_plugin_v1 d{};
  d.abi_major = ENCORE_ABI_MAJOR;
  d.abi_minor = ENCORE_ABI_MINOR;
  d.struct_size = sizeof(encore_plugin_v1);
  d.kind = ENCORE_KIND_SINK;
  d.name = name;
  d.version = "0.0.1";
  d.description = "ABI test plugin";
  d.create = &StubCreate;
  d.destroy = &StubDestroy;
  d.sink_check = &StubCheck;
  d.sink_open = &StubOpen;
  d.sink_write = &StubWrite;
  d.sink_flush = &StubCheck;
  d.sink_close = &StubClose;
  return d;
}

}  // namespace encore_abi_test

#endif  // ENCORE_TESTS_ABI_PLUGINS_RAW_DESCRIPTOR_H_
