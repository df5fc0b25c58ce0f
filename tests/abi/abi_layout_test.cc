// Pins the byte layout of every ABI v1 struct on LP64 targets (x86_64, aarch64). Plugins built
// last year must keep loading: if an edit reorders, resizes or inserts a field anywhere but at
// the end of a struct, or renumbers an enum, this file stops compiling. Growing a struct at the
// end means adding a line for the new field, updating its size line and bumping
// ENCORE_ABI_MINOR; an offset or enum line never changes.
#include <encore/plugin_abi.h>

#include <cstddef>

#if defined(__LP64__)

#define ENCORE_PIN_SIZE(type, size) static_assert(sizeof(type) == (size), #type " size changed")
#define ENCORE_PIN(type, field, offset) \
  static_assert(offsetof(type, field) == (offset), #type "::" #field " moved")

ENCORE_PIN_SIZE(encore_str, 16);
ENCORE_PIN(encore_str, data, 0);
ENCORE_PIN(encore_str, size, 8);

ENCORE_PIN_SIZE(encore_error, 2064);
ENCORE_PIN(encore_error, struct_size, 0);
ENCORE_PIN(encore_error, retry_after_ms, 8);
ENCORE_PIN(encore_error, message, 16);

ENCORE_PIN_SIZE(encore_option_v1, 48);
ENCORE_PIN(encore_option_v1, name, 0);
ENCORE_PIN(encore_option_v1, type, 8);
ENCORE_PIN(encore_option_v1, required, 12);
ENCORE_PIN(encore_option_v1, secret, 16);
ENCORE_PIN(encore_option_v1, default_json, 24);
ENCORE_PIN(encore_option_v1, allowed, 32);
ENCORE_PIN(encore_option_v1, description, 40);

ENCORE_PIN_SIZE(encore_host_v1, 24);
ENCORE_PIN(encore_host_v1, struct_size, 0);
ENCORE_PIN(encore_host_v1, ctx, 8);
ENCORE_PIN(encore_host_v1, log, 16);

ENCORE_PIN_SIZE(encore_line_batch_v1, 96);
ENCORE_PIN(encore_line_batch_v1, struct_size, 0);
ENCORE_PIN(encore_line_batch_v1, count, 8);
ENCORE_PIN(encore_line_batch_v1, order_id, 16);
ENCORE_PIN(encore_line_batch_v1, customer_id, 24);
ENCORE_PIN(encore_line_batch_v1, ordered_at, 32);
ENCORE_PIN(encore_line_batch_v1, product_id, 40);
ENCORE_PIN(encore_line_batch_v1, quantity_milli, 48);
ENCORE_PIN(encore_line_batch_v1, amount_minor, 56);
ENCORE_PIN(encore_line_batch_v1, manager_id, 64);
ENCORE_PIN(encore_line_batch_v1, currency, 72);
ENCORE_PIN(encore_line_batch_v1, source_line, 88);

ENCORE_PIN_SIZE(encore_source_io_v1, 88);
ENCORE_PIN(encore_source_io_v1, struct_size, 0);
ENCORE_PIN(encore_source_io_v1, ctx, 8);
ENCORE_PIN(encore_source_io_v1, cursor, 16);
ENCORE_PIN(encore_source_io_v1, max_lanes, 32);
ENCORE_PIN(encore_source_io_v1, emit, 40);
ENCORE_PIN(encore_source_io_v1, progress, 48);
ENCORE_PIN(encore_source_io_v1, stop_requested, 56);
ENCORE_PIN(encore_source_io_v1, row_error, 64);
ENCORE_PIN(encore_source_io_v1, count, 72);
ENCORE_PIN(encore_source_io_v1, set_cursor, 80);

ENCORE_PIN_SIZE(encore_dataset_v1, 232);
ENCORE_PIN(encore_dataset_v1, struct_size, 0);
ENCORE_PIN(encore_dataset_v1, as_of, 8);
ENCORE_PIN(encore_dataset_v1, utc_offset_as_of, 16);
ENCORE_PIN(encore_dataset_v1, currency, 24);
ENCORE_PIN(encore_dataset_v1, time_zone, 40);
ENCORE_PIN(encore_dataset_v1, local_day, 56);
ENCORE_PIN(encore_dataset_v1, host_ctx, 64);
ENCORE_PIN(encore_dataset_v1, customer_count, 72);
ENCORE_PIN(encore_dataset_v1, customer_key, 80);
ENCORE_PIN(encore_dataset_v1, customer_order_begin, 88);
ENCORE_PIN(encore_dataset_v1, customer_order_end, 96);
ENCORE_PIN(encore_dataset_v1, order_count, 104);
ENCORE_PIN(encore_dataset_v1, order_key, 112);
ENCORE_PIN(encore_dataset_v1, order_customer, 120);
ENCORE_PIN(encore_dataset_v1, order_time, 128);
ENCORE_PIN(encore_dataset_v1, order_amount_minor, 136);
ENCORE_PIN(encore_dataset_v1, order_manager, 144);
ENCORE_PIN(encore_dataset_v1, order_line_begin, 152);
ENCORE_PIN(encore_dataset_v1, line_count, 160);
ENCORE_PIN(encore_dataset_v1, line_product, 168);
ENCORE_PIN(encore_dataset_v1, line_quantity_milli, 176);
ENCORE_PIN(encore_dataset_v1, line_amount_minor, 184);
ENCORE_PIN(encore_dataset_v1, line_time, 192);
ENCORE_PIN(encore_dataset_v1, product_count, 200);
ENCORE_PIN(encore_dataset_v1, product_key, 208);
ENCORE_PIN(encore_dataset_v1, manager_count, 216);
ENCORE_PIN(encore_dataset_v1, manager_key, 224);

ENCORE_PIN_SIZE(encore_column_v1, 40);
ENCORE_PIN(encore_column_v1, name, 0);
ENCORE_PIN(encore_column_v1, type, 16);
ENCORE_PIN(encore_column_v1, values, 24);
ENCORE_PIN(encore_column_v1, null_mask, 32);

ENCORE_PIN_SIZE(encore_table_v1, 48);
ENCORE_PIN(encore_table_v1, struct_size, 0);
ENCORE_PIN(encore_table_v1, row_count, 8);
ENCORE_PIN(encore_table_v1, column_count, 16);
ENCORE_PIN(encore_table_v1, columns, 24);
ENCORE_PIN(encore_table_v1, name, 32);  // 1.1

ENCORE_PIN_SIZE(encore_event_v1, 72);  // 1.1
ENCORE_PIN(encore_event_v1, struct_size, 0);
ENCORE_PIN(encore_event_v1, customer, 4);
ENCORE_PIN(encore_event_v1, type, 8);
ENCORE_PIN(encore_event_v1, subject, 24);
ENCORE_PIN(encore_event_v1, priority, 40);
ENCORE_PIN(encore_event_v1, due_at, 48);
ENCORE_PIN(encore_event_v1, evidence_json, 56);

ENCORE_PIN_SIZE(encore_method_io_v1, 104);
ENCORE_PIN(encore_method_io_v1, struct_size, 0);
ENCORE_PIN(encore_method_io_v1, ctx, 8);
ENCORE_PIN(encore_method_io_v1, put_scores, 16);
ENCORE_PIN(encore_method_io_v1, find_scores, 24);
ENCORE_PIN(encore_method_io_v1, put_metric, 32);
ENCORE_PIN(encore_method_io_v1, put_metric_json, 40);
ENCORE_PIN(encore_method_io_v1, warn, 48);
ENCORE_PIN(encore_method_io_v1, progress, 56);
ENCORE_PIN(encore_method_io_v1, stop_requested, 64);
ENCORE_PIN(encore_method_io_v1, put_events, 72);  // 1.1
ENCORE_PIN(encore_method_io_v1, previous_as_of, 80);
ENCORE_PIN(encore_method_io_v1, find_previous_scores, 88);
ENCORE_PIN(encore_method_io_v1, put_table, 96);

ENCORE_PIN_SIZE(encore_run_info_v1, 56);
ENCORE_PIN(encore_run_info_v1, struct_size, 0);
ENCORE_PIN(encore_run_info_v1, run_id, 8);
ENCORE_PIN(encore_run_info_v1, pipeline, 24);
ENCORE_PIN(encore_run_info_v1, as_of, 40);
ENCORE_PIN(encore_run_info_v1, started_at, 48);

ENCORE_PIN_SIZE(encore_plugin_v1, 136);
ENCORE_PIN(encore_plugin_v1, abi_major, 0);
ENCORE_PIN(encore_plugin_v1, abi_minor, 4);
ENCORE_PIN(encore_plugin_v1, struct_size, 8);
ENCORE_PIN(encore_plugin_v1, kind, 12);
ENCORE_PIN(encore_plugin_v1, name, 16);
ENCORE_PIN(encore_plugin_v1, version, 24);
ENCORE_PIN(encore_plugin_v1, description, 32);
ENCORE_PIN(encore_plugin_v1, options, 40);
ENCORE_PIN(encore_plugin_v1, option_count, 48);
ENCORE_PIN(encore_plugin_v1, create, 56);
ENCORE_PIN(encore_plugin_v1, destroy, 64);
ENCORE_PIN(encore_plugin_v1, source_check, 72);
ENCORE_PIN(encore_plugin_v1, source_read, 80);
ENCORE_PIN(encore_plugin_v1, method_run, 88);
ENCORE_PIN(encore_plugin_v1, sink_check, 96);
ENCORE_PIN(encore_plugin_v1, sink_open, 104);
ENCORE_PIN(encore_plugin_v1, sink_write, 112);
ENCORE_PIN(encore_plugin_v1, sink_flush, 120);
ENCORE_PIN(encore_plugin_v1, sink_close, 128);

// Enum values travel as int32_t across the boundary.
static_assert(ENCORE_OK == 0 && ENCORE_RETRY == 1 && ENCORE_FATAL == 2 &&
              ENCORE_INVALID_CONFIG == 3 && ENCORE_CANCELLED == 4);
static_assert(ENCORE_KIND_SOURCE == 1 && ENCORE_KIND_METHOD == 2 && ENCORE_KIND_SINK == 3);
static_assert(ENCORE_LOG_DEBUG == 1 && ENCORE_LOG_INFO == 2 && ENCORE_LOG_WARN == 3 &&
              ENCORE_LOG_ERROR == 4);
static_assert(ENCORE_OPTION_STRING == 1 && ENCORE_OPTION_INT == 2 && ENCORE_OPTION_DOUBLE == 3 &&
              ENCORE_OPTION_BOOL == 4 && ENCORE_OPTION_STRING_LIST == 5 &&
              ENCORE_OPTION_OBJECT == 6 && ENCORE_OPTION_INT_LIST == 7 &&
              ENCORE_OPTION_DOUBLE_LIST == 8);
static_assert(ENCORE_VALUE_I64 == 1 && ENCORE_VALUE_F64 == 2 && ENCORE_VALUE_STR == 3);
static_assert(ENCORE_TABLE_CUSTOMERS == 1 && ENCORE_TABLE_METRICS == 2 &&
              ENCORE_TABLE_EVENTS == 3 && ENCORE_TABLE_TASKS == 4 && ENCORE_TABLE_REPORT == 5);

static_assert(ENCORE_ABI_MAJOR == 1, "a new major gets a new set of structs and its own pins");

#endif  // __LP64__
