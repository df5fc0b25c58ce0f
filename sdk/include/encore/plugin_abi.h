/* Encore plugin ABI, version 1.1.
 *
 * The only contract the daemon and a plugin must agree on bit for bit. Everything here is plain
 * C so that a plugin built by any C or C++ compiler loads into the daemon: no STL type, no
 * exception and no protobuf object ever crosses this boundary.
 *
 * Rules that keep old plugins loading into new daemons:
 *   - structs only grow at the end; a field is never reordered, resized or removed;
 *   - every struct starts with `struct_size`, so each side can see which fields the other knows;
 *   - a new field bumps ENCORE_ABI_MINOR; anything else bumps ENCORE_ABI_MAJOR and gets a new
 *     entry alias (encore_plugin_entry_v2).
 *
 * A plugin exports exactly one function, `const encore_plugin_v1* encore_plugin_entry_v1(void)`,
 * under a Boost.DLL alias in ELF section "encore" (see ENCORE_PLUGIN in sdk/plugin.hpp).
 *
 * Strings (encore_str) are UTF-8, not NUL-terminated, and valid only during the call that passes
 * them unless said otherwise.
 */
#ifndef ENCORE_PLUGIN_ABI_H_
#define ENCORE_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ENCORE_ABI_MAJOR 1
/* 1.1 added: events, the previous run's scores and named report tables for methods; the
 * EVENTS, TASKS and REPORT tables for sinks. */
#define ENCORE_ABI_MINOR 1
#define ENCORE_ENTRY_ALIAS "encore_plugin_entry_v1"
#define ENCORE_ENTRY_SECTION "encore"

typedef struct encore_str {
  const char* data;
  size_t size;
} encore_str;

/* Outcome of every call into a plugin. */
typedef enum encore_status {
  ENCORE_OK = 0,
  ENCORE_RETRY = 1,          /* transient: the host may retry after `retry_after_ms` */
  ENCORE_FATAL = 2,          /* permanent failure of this call; message in encore_error */
  ENCORE_INVALID_CONFIG = 3, /* create() refused its configuration */
  ENCORE_CANCELLED = 4       /* the plugin stopped because stop_requested() said so */
} encore_status;

/* Filled by the plugin when a call fails. The host zeroes it before each call. */
typedef struct encore_error {
  uint32_t struct_size;
  int64_t retry_after_ms; /* with ENCORE_RETRY: how long to wait; 0 = host decides */
  char message[2048];     /* NUL-terminated, user-facing; never secrets or personal data */
} encore_error;

typedef enum encore_plugin_kind {
  ENCORE_KIND_SOURCE = 1,
  ENCORE_KIND_METHOD = 2,
  ENCORE_KIND_SINK = 3
} encore_plugin_kind;

typedef enum encore_log_level {
  ENCORE_LOG_DEBUG = 1,
  ENCORE_LOG_INFO = 2,
  ENCORE_LOG_WARN = 3,
  ENCORE_LOG_ERROR = 4
} encore_log_level;

/* ---- Declared options: the host validates a config against this table before create(). ---- */

typedef enum encore_option_type {
  ENCORE_OPTION_STRING = 1,
  ENCORE_OPTION_INT = 2,         /* JSON integer */
  ENCORE_OPTION_DOUBLE = 3,      /* JSON number */
  ENCORE_OPTION_BOOL = 4,        /* JSON true/false */
  ENCORE_OPTION_STRING_LIST = 5, /* JSON array of strings */
  ENCORE_OPTION_OBJECT = 6,      /* JSON object, validated by the plugin itself */
  ENCORE_OPTION_INT_LIST = 7,    /* JSON array of integers */
  ENCORE_OPTION_DOUBLE_LIST = 8  /* JSON array of numbers */
} encore_option_type;

typedef struct encore_option_v1 {
  const char* name;         /* snake_case key */
  int32_t type;             /* encore_option_type */
  int32_t required;         /* 1 = must be present */
  int32_t secret;           /* 1 = never logged, redacted in every listing */
  const char* default_json; /* JSON text of the default, or NULL */
  const char* allowed;      /* for STRING: '|'-separated allowed values, or NULL for any */
  const char* description;  /* one sentence, shown by ListPlugins */
} encore_option_v1;

/* ---- Services the host gives every plugin instance for its whole life. ---- */

typedef struct encore_host_v1 {
  uint32_t struct_size;
  void* ctx;
  /* Log through the daemon's logger of this instance ("plugin.csv#orders"). */
  void (*log)(void* ctx, int32_t level, encore_str message);
} encore_host_v1;

/* ---- Columnar data: sources emit batches of order lines. ---- */

/* One batch of order lines. Arrays have `count` elements; an optional column may be NULL.
 * String views and arrays are valid only during the emit() call. */
typedef struct encore_line_batch_v1 {
  uint32_t struct_size;
  size_t count;
  const encore_str* order_id;    /* required */
  const encore_str* customer_id; /* required, non-empty */
  const int64_t* ordered_at;     /* required, UTC seconds */
  const encore_str* product_id;  /* optional; empty = none */
  const int64_t* quantity_milli; /* required, thousandths of a unit; negative = return */
  const int64_t* amount_minor;   /* required, line value in minor units (quantity * unit price) */
  const encore_str* manager_id;  /* optional; empty = none */
  encore_str currency;           /* ISO 4217 code of every amount in the batch; empty = pipeline */
  const int64_t* source_line;    /* optional, line/record number in the source, for messages */
} encore_line_batch_v1;

/* What a source gets for one read() call. */
typedef struct encore_source_io_v1 {
  uint32_t struct_size;
  void* ctx;
  encore_str cursor; /* the cursor committed by the last successful run; empty = full load */
  int32_t max_lanes; /* how many threads may emit concurrently (lanes 0..max_lanes-1) */
  /* Hand over a batch. Calls on different lanes may run concurrently; calls on one lane must not.
   * Lines of lane 0 come before lines of lane 1 etc. in the store. ENCORE_CANCELLED = stop now. */
  int32_t (*emit)(void* ctx, int32_t lane, const encore_line_batch_v1* batch);
  /* Report work done so far (bytes, rows: any unit, as long as total uses the same). */
  void (*progress)(void* ctx, int64_t done, int64_t total);
  int32_t (*stop_requested)(void* ctx);
  /* A row the source could not use. Counted and the first ones kept in the run record. */
  void (*row_error)(void* ctx, encore_str location, encore_str field, encore_str reason);
  /* Add to a named counter in the run record (e.g. "rows_without_customer"). Thread-safe. */
  void (*count)(void* ctx, encore_str counter, int64_t delta);
  /* The cursor to commit if the run succeeds (opaque to the host). */
  void (*set_cursor)(void* ctx, encore_str cursor);
} encore_source_io_v1;

/* ---- Methods read the dataset through a zero-copy columnar view. ----
 *
 * Ids are dense indexes: customers 0..customer_count-1 and so on. Orders are sorted by
 * (customer, ordered_at, order key); the orders of customer c visible as of `as_of` are
 * [customer_order_begin[c], customer_order_end[c]) (orders after as_of are hidden this way, so
 * one store serves views at several dates). A customer with an empty range did not exist yet:
 * methods skip it and the host drops its row from the results. The lines of order o are
 * [order_line_begin[o], order_line_begin[o + 1]).
 */
typedef struct encore_dataset_v1 {
  uint32_t struct_size;
  int64_t as_of;            /* UTC seconds: the moment the analysis is made */
  int32_t utc_offset_as_of; /* seconds east of UTC in the pipeline zone at as_of */
  encore_str currency;      /* ISO 4217 code of every amount */
  encore_str time_zone;     /* IANA name of the pipeline zone */
  /* Calendar day number (days since 1970-01-01) of a UTC instant in the pipeline zone. */
  int32_t (*local_day)(const struct encore_dataset_v1* self, int64_t utc_seconds);
  void* host_ctx; /* for local_day */

  size_t customer_count;
  const encore_str* customer_key;
  const uint32_t* customer_order_begin; /* customer_count */
  const uint32_t* customer_order_end;   /* customer_count */

  size_t order_count;
  const encore_str* order_key;
  const uint32_t* order_customer;
  const int64_t* order_time;         /* UTC seconds (the earliest line of the order) */
  const int64_t* order_amount_minor; /* net value: sum of the order's lines */
  const uint32_t* order_manager;     /* UINT32_MAX = none */
  const uint32_t* order_line_begin;  /* order_count + 1 */

  size_t line_count;
  const uint32_t* line_product; /* UINT32_MAX = none */
  const int64_t* line_quantity_milli;
  const int64_t* line_amount_minor;
  const int64_t* line_time;

  size_t product_count;
  const encore_str* product_key;
  size_t manager_count;
  const encore_str* manager_key;
} encore_dataset_v1;

typedef enum encore_value_type {
  ENCORE_VALUE_I64 = 1,
  ENCORE_VALUE_F64 = 2,
  ENCORE_VALUE_STR = 3
} encore_value_type;

/* One typed column of a table. `values` points to int64_t[], double[] or encore_str[]. */
typedef struct encore_column_v1 {
  encore_str name;
  int32_t type; /* encore_value_type */
  const void* values;
  const uint8_t* null_mask; /* optional: 1 = no value in that row */
} encore_column_v1;

typedef struct encore_table_v1 {
  uint32_t struct_size;
  size_t row_count;
  size_t column_count;
  const encore_column_v1* columns;
  /* 1.1: the table's name, for ENCORE_TABLE_REPORT ("basket.rules"); empty otherwise. */
  encore_str name;
} encore_table_v1;

/* 1.1: something that happened to one customer, with the numbers behind it. The playbook of
 * the pipeline turns events into tasks for the customer's manager; sinks receive them too. */
typedef struct encore_event_v1 {
  uint32_t struct_size;
  uint32_t customer;        /* dataset customer index */
  encore_str type;          /* snake_case: "rhythm_slowdown", "segment_down", "item_due", ... */
  encore_str subject;       /* what else it is about (a product id); "" = the customer only */
  int32_t priority;         /* 1 high, 2 normal, 3 low; 0 = the playbook's default */
  int64_t due_at;           /* UTC seconds by which to act; 0 = the playbook's default */
  encore_str evidence_json; /* JSON object of the evidence numbers; "" = none */
} encore_event_v1;

/* What a method gets for one run() call. */
typedef struct encore_method_io_v1 {
  uint32_t struct_size;
  void* ctx;
  /* Per-customer scores: `column->values` has dataset->customer_count elements. Copied. */
  int32_t (*put_scores)(void* ctx, const encore_column_v1* column);
  /* Scores put by a method that ran earlier in this pipeline, or NULL if there is none. */
  const encore_column_v1* (*find_scores)(void* ctx, encore_str name);
  /* A dataset-level number (ARPU, ...). `unit` e.g. "minor", "days", "share", "" */
  int32_t (*put_metric)(void* ctx, encore_str name, double value, encore_str unit);
  /* A structured metric (segment sizes, tables) as a JSON document. Copied. */
  int32_t (*put_metric_json)(void* ctx, encore_str name, encore_str json);
  /* A condition worth the operator's attention that does not fail the run. */
  void (*warn)(void* ctx, encore_str message);
  void (*progress)(void* ctx, int64_t done, int64_t total);
  int32_t (*stop_requested)(void* ctx);

  /* 1.1 (a plugin checks struct_size before using these). */
  /* Events about customers of the dataset. Copied; thread-safe. */
  int32_t (*put_events)(void* ctx, const encore_event_v1* events, size_t count);
  /* as_of of the previous succeeded run of this pipeline (in a backtest: of the previous date),
   * or 0 when there is none. */
  int64_t previous_as_of;
  /* That run's scores of this name, aligned to this dataset's customers (customer_count rows;
   * customers it did not score are null), or NULL when there is no such run or score. Valid
   * until method_run returns. */
  const encore_column_v1* (*find_previous_scores)(void* ctx, encore_str name);
  /* A named dataset-level table (association rules, a league table), delivered to sinks as
   * ENCORE_TABLE_REPORT and kept with the run. Copied. The name must be unique in the run. */
  int32_t (*put_table)(void* ctx, encore_str name, const encore_table_v1* table);
} encore_method_io_v1;

/* What a sink is told when a delivery opens. */
typedef struct encore_run_info_v1 {
  uint32_t struct_size;
  encore_str run_id;
  encore_str pipeline;
  int64_t as_of;
  int64_t started_at;
} encore_run_info_v1;

/* Which table a sink's write() carries. */
typedef enum encore_table_kind {
  ENCORE_TABLE_CUSTOMERS = 1, /* one row per customer: customer_id then every score column */
  ENCORE_TABLE_METRICS = 2,   /* columns name, value, unit, json */
  /* 1.1; sinks built against 1.0 never receive these. */
  ENCORE_TABLE_EVENTS = 3, /* customer_id, type, subject, priority, due_at, evidence_json, method */
  ENCORE_TABLE_TASKS = 4,  /* the pipeline's tasks touched by the run, see docs/tasks.md */
  ENCORE_TABLE_REPORT = 5  /* a method's named table; encore_table_v1.name says which */
} encore_table_kind;

/* ---- The plugin descriptor returned by the entry point. ---- */

typedef struct encore_plugin_v1 {
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size;
  int32_t kind; /* encore_plugin_kind */
  const char* name;
  const char* version;
  const char* description;
  const encore_option_v1* options;
  size_t option_count;

  /* Create an instance from a config that the host has validated against `options` and
   * completed with defaults (a JSON object). On failure returns ENCORE_INVALID_CONFIG or
   * ENCORE_FATAL and fills `error`. */
  int32_t (*create)(encore_str instance_name, encore_str config_json, const encore_host_v1* host,
                    void** instance, encore_error* error);
  void (*destroy)(void* instance);

  /* Sources. check(): can the data be reached? read(): emit the lines. */
  int32_t (*source_check)(void* instance, encore_error* error);
  int32_t (*source_read)(void* instance, encore_source_io_v1* io, encore_error* error);

  /* Methods. */
  int32_t (*method_run)(void* instance, const encore_dataset_v1* dataset, encore_method_io_v1* io,
                        encore_error* error);

  /* Sinks: check, open, write (repeatable), flush, close(committed = 1 if the run succeeded). */
  int32_t (*sink_check)(void* instance, encore_error* error);
  int32_t (*sink_open)(void* instance, const encore_run_info_v1* run, encore_error* error);
  int32_t (*sink_write)(void* instance, int32_t table_kind, const encore_table_v1* table,
                        encore_error* error);
  int32_t (*sink_flush)(void* instance, encore_error* error);
  int32_t (*sink_close)(void* instance, int32_t committed, encore_error* error);
} encore_plugin_v1;

typedef const encore_plugin_v1* (*encore_plugin_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ENCORE_PLUGIN_ABI_H_ */
