// An ordinary shared library: it exports a function, but nothing in section "encore".
extern "C" __attribute__((visibility("default"))) int encore_abi_test_unrelated(void) { return 42; }
