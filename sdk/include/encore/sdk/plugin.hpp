// Header-only C++ face of the Encore plugin ABI (encore/plugin_abi.h).
//
// A plugin author derives from Source, Method or Sink, declares an option table and writes
//   ENCORE_PLUGIN(MyPlugin, "name", "1.0.0", "what it does", kMyOptions)
// once in one .cc file. The glue below turns the C calls into virtual calls and catches every
// exception at the boundary, so nothing but a status code and a message ever reaches the host.
// Needs C++17; no daemon header is included.
#ifndef ENCORE_SDK_PLUGIN_HPP_
#define ENCORE_SDK_PLUGIN_HPP_

#include <encore/plugin_abi.h>
#include <encore/sdk/evidence.hpp>

#include <boost/dll/alias.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace encore::sdk {

inline encore_str ToStr(std::string_view s) { return encore_str{s.data(), s.size()}; }
inline std::string_view View(encore_str s) {
  return std::string_view(s.data ? s.data : "", s.size);
}

// ---- Errors a plugin throws; the glue maps them to status codes. ----

// Permanent failure of the current call.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The configuration cannot work (thrown from a constructor): ENCORE_INVALID_CONFIG.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// A transient failure: the host may try again after `retry_after_ms`.
class RetryError : public Error {
 public:
  RetryError(const std::string& message, int64_t retry_after_ms)
      : Error(message), retry_after_ms_(retry_after_ms) {}
  int64_t retry_after_ms() const { return retry_after_ms_; }

 private:
  int64_t retry_after_ms_;
};

// The plugin noticed stop_requested() and stopped: ENCORE_CANCELLED.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

// ---- Option declarations (constexpr helpers over encore_option_v1). ----

constexpr encore_option_v1 RequiredOption(const char* name, encore_option_type type,
                                          const char* description) {
  return encore_option_v1{name, type, 1, 0, nullptr, nullptr, description};
}
constexpr encore_option_v1 Option(const char* name, encore_option_type type,
                                  const char* default_json, const char* description,
                                  const char* allowed = nullptr) {
  return encore_option_v1{name, type, 0, 0, default_json, allowed, description};
}
constexpr encore_option_v1 SecretOption(const char* name, int32_t required,
                                        const char* description) {
  return encore_option_v1{name, ENCORE_OPTION_STRING, required, 1, nullptr, nullptr, description};
}

// ---- What every instance is given. ----

class Logger {
 public:
  explicit Logger(const encore_host_v1* host) : host_(host) {}
  void debug(std::string_view m) const { write(ENCORE_LOG_DEBUG, m); }
  void info(std::string_view m) const { write(ENCORE_LOG_INFO, m); }
  void warn(std::string_view m) const { write(ENCORE_LOG_WARN, m); }
  void error(std::string_view m) const { write(ENCORE_LOG_ERROR, m); }

 private:
  void write(int32_t level, std::string_view m) const {
    if (host_ != nullptr && host_->log != nullptr) host_->log(host_->ctx, level, ToStr(m));
  }
  const encore_host_v1* host_;
};

// The validated configuration: every declared option is present (defaults filled by the host).
class Config {
 public:
  explicit Config(nlohmann::json json) : json_(std::move(json)) {}
  const nlohmann::json& json() const { return json_; }
  bool has(const std::string& key) const { return json_.contains(key) && !json_[key].is_null(); }
  std::string string(const std::string& key) const { return get<std::string>(key); }
  int64_t integer(const std::string& key) const { return get<int64_t>(key); }
  double number(const std::string& key) const { return get<double>(key); }
  bool boolean(const std::string& key) const { return get<bool>(key); }
  std::vector<std::string> strings(const std::string& key) const {
    return get<std::vector<std::string>>(key);
  }
  std::vector<double> numbers(const std::string& key) const {
    return get<std::vector<double>>(key);
  }
  const nlohmann::json& object(const std::string& key) const {
    if (!has(key)) throw ConfigError("option '" + key + "' is missing");
    return json_.at(key);
  }

 private:
  template <class T>
  T get(const std::string& key) const {
    if (!has(key)) throw ConfigError("option '" + key + "' is missing");
    try {
      return json_.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
      throw ConfigError("option '" + key + "' has the wrong type");
    }
  }
  nlohmann::json json_;
};

struct PluginContext {
  std::string instance_name;
  Config config;
  Logger log;
};

class Plugin {
 public:
  explicit Plugin(const PluginContext& context)
      : instance_name_(context.instance_name), log_(context.log) {}
  virtual ~Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  const std::string& instance_name() const { return instance_name_; }
  const Logger& log() const { return log_; }

 private:
  std::string instance_name_;
  Logger log_;
};

// ---- Sources ----

// Columns of one batch of order lines. Holds views only: the bytes behind every string must stay
// valid until emit() returns.
struct LineBatch {
  std::vector<encore_str> order_id, customer_id, product_id, manager_id;
  std::vector<int64_t> ordered_at, quantity_milli, amount_minor, source_line;
  std::string currency;

  size_t size() const { return order_id.size(); }
  void clear() {
    order_id.clear(), customer_id.clear(), product_id.clear(), manager_id.clear();
    ordered_at.clear(), quantity_milli.clear(), amount_minor.clear(), source_line.clear();
  }
  void reserve(size_t n) {
    order_id.reserve(n), customer_id.reserve(n), product_id.reserve(n), manager_id.reserve(n);
    ordered_at.reserve(n), quantity_milli.reserve(n), amount_minor.reserve(n);
    source_line.reserve(n);
  }
  void add(std::string_view order, std::string_view customer, int64_t at, std::string_view product,
           int64_t qty_milli, int64_t amount, std::string_view manager, int64_t line = 0) {
    order_id.push_back(ToStr(order));
    customer_id.push_back(ToStr(customer));
    ordered_at.push_back(at);
    product_id.push_back(ToStr(product));
    quantity_milli.push_back(qty_milli);
    amount_minor.push_back(amount);
    manager_id.push_back(ToStr(manager));
    source_line.push_back(line);
  }
  encore_line_batch_v1 view() const {
    encore_line_batch_v1 b{};
    b.struct_size = sizeof(b);
    b.count = size();
    b.order_id = order_id.data();
    b.customer_id = customer_id.data();
    b.ordered_at = ordered_at.data();
    b.product_id = product_id.data();
    b.quantity_milli = quantity_milli.data();
    b.amount_minor = amount_minor.data();
    b.manager_id = manager_id.data();
    b.currency = ToStr(currency);
    b.source_line = source_line.size() == size() ? source_line.data() : nullptr;
    return b;
  }
};

class SourceContext {
 public:
  explicit SourceContext(encore_source_io_v1* io) : io_(io) {}
  std::string_view cursor() const { return View(io_->cursor); }
  int max_lanes() const { return io_->max_lanes < 1 ? 1 : io_->max_lanes; }
  // Throws Cancelled when the host wants the read to stop.
  void emit(int lane, const LineBatch& batch) const {
    if (batch.size() == 0) return;
    encore_line_batch_v1 view = batch.view();
    if (io_->emit(io_->ctx, lane, &view) == ENCORE_CANCELLED) throw Cancelled();
  }
  void progress(int64_t done, int64_t total) const { io_->progress(io_->ctx, done, total); }
  bool stop_requested() const { return io_->stop_requested(io_->ctx) != 0; }
  void row_error(std::string_view location, std::string_view field, std::string_view reason) const {
    io_->row_error(io_->ctx, ToStr(location), ToStr(field), ToStr(reason));
  }
  void count(std::string_view counter, int64_t delta) const {
    io_->count(io_->ctx, ToStr(counter), delta);
  }
  void set_cursor(std::string_view cursor) const { io_->set_cursor(io_->ctx, ToStr(cursor)); }

 private:
  encore_source_io_v1* io_;
};

class Source : public Plugin {
 public:
  static constexpr encore_plugin_kind kKind = ENCORE_KIND_SOURCE;
  using Plugin::Plugin;
  virtual void check() {}
  virtual void read(SourceContext& context) = 0;
};

// ---- Methods ----

// Read-only view of a pipeline's dataset (see encore_dataset_v1 for the layout).
class Dataset {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  explicit Dataset(const encore_dataset_v1* d) : d_(d) {}
  const encore_dataset_v1& raw() const { return *d_; }

  int64_t as_of() const { return d_->as_of; }
  std::string_view currency() const { return View(d_->currency); }
  int32_t local_day(int64_t utc_seconds) const { return d_->local_day(d_, utc_seconds); }

  size_t customer_count() const { return d_->customer_count; }
  std::string_view customer_key(size_t c) const { return View(d_->customer_key[c]); }
  uint32_t first_order(size_t c) const { return d_->customer_order_begin[c]; }
  uint32_t end_order(size_t c) const { return d_->customer_order_end[c]; }

  size_t order_count() const { return d_->order_count; }
  std::string_view order_key(size_t o) const { return View(d_->order_key[o]); }
  uint32_t order_customer(size_t o) const { return d_->order_customer[o]; }
  int64_t order_time(size_t o) const { return d_->order_time[o]; }
  int64_t order_amount(size_t o) const { return d_->order_amount_minor[o]; }
  uint32_t order_manager(size_t o) const { return d_->order_manager[o]; }
  uint32_t first_line(size_t o) const { return d_->order_line_begin[o]; }
  uint32_t end_line(size_t o) const { return d_->order_line_begin[o + 1]; }

  size_t line_count() const { return d_->line_count; }
  uint32_t line_product(size_t l) const { return d_->line_product[l]; }
  int64_t line_quantity_milli(size_t l) const { return d_->line_quantity_milli[l]; }
  int64_t line_amount(size_t l) const { return d_->line_amount_minor[l]; }

  size_t product_count() const { return d_->product_count; }
  std::string_view product_key(size_t p) const { return View(d_->product_key[p]); }
  size_t manager_count() const { return d_->manager_count; }
  std::string_view manager_key(size_t m) const { return View(d_->manager_key[m]); }

 private:
  const encore_dataset_v1* d_;
};

// Dataset::local_day() calls into the host's time zone code; orders of one customer often share
// an instant (lines booked together, the first and last order of a one-order customer), so a
// method asks through this one-entry cache and repeats cost nothing. One per thread.
class LocalDays {
 public:
  explicit LocalDays(const Dataset& dataset) : dataset_(dataset) {}
  int32_t operator()(int64_t utc_seconds) {
    if (!valid_ || utc_seconds != last_utc_) {
      last_utc_ = utc_seconds;
      last_day_ = dataset_.local_day(utc_seconds);
      valid_ = true;
    }
    return last_day_;
  }

 private:
  const Dataset& dataset_;
  int64_t last_utc_ = 0;
  int32_t last_day_ = 0;
  bool valid_ = false;
};

// An event about one customer (ABI 1.1): the playbook turns it into a task. `evidence` holds the
// numbers a manager needs to see ("days_since_last_order": 61, "usual_gap_days": 30), written as
// JSON text when they are set (see evidence.hpp).
struct Event {
  uint32_t customer = 0;  // dataset customer index
  std::string type;       // snake_case, e.g. "rhythm_slowdown"
  std::string subject;    // e.g. a product id; "" = the customer only
  int32_t priority = 0;   // 1 high, 2 normal, 3 low; 0 = the playbook's default
  int64_t due_at = 0;     // UTC seconds; 0 = the playbook's default
  Evidence evidence;      // {{"days_since_last_order", 61}, {"usual_gap_days", 30}}
};

// A named dataset-level table a method publishes (ABI 1.1 put_table): association rules, a
// league table. Columns are added in order and must all have the same number of rows.
class ReportTable {
 public:
  void add(std::string name, std::vector<int64_t> values) {
    Column& c = next(std::move(name), ENCORE_VALUE_I64, values.size());
    c.i64 = std::move(values);
  }
  void add(std::string name, std::vector<double> values) {
    Column& c = next(std::move(name), ENCORE_VALUE_F64, values.size());
    c.f64 = std::move(values);
  }
  void add(std::string name, std::vector<std::string> values) {
    Column& c = next(std::move(name), ENCORE_VALUE_STR, values.size());
    c.str = std::move(values);
  }
  size_t row_count() const { return rows_; }

  // The ABI view; valid while this table lives and is not changed.
  encore_table_v1 view(std::string_view table_name) {
    abi_columns_.clear();
    for (Column& c : columns_) {
      const void* values = c.i64.data();
      if (c.type == ENCORE_VALUE_F64) values = c.f64.data();
      if (c.type == ENCORE_VALUE_STR) {
        c.views.clear();
        for (const std::string& v : c.str) c.views.push_back({v.data(), v.size()});
        values = c.views.data();
      }
      abi_columns_.push_back({{c.name.data(), c.name.size()}, c.type, values, nullptr});
    }
    encore_table_v1 t{};
    t.struct_size = sizeof(t);
    t.row_count = rows_;
    t.column_count = abi_columns_.size();
    t.columns = abi_columns_.data();
    t.name = {table_name.data(), table_name.size()};
    return t;
  }

 private:
  struct Column {
    std::string name;
    encore_value_type type;
    std::vector<int64_t> i64;
    std::vector<double> f64;
    std::vector<std::string> str;
    std::vector<encore_str> views;
  };
  Column& next(std::string name, encore_value_type type, size_t rows) {
    if (!columns_.empty() && rows != rows_) {
      throw std::invalid_argument("report column '" + name + "' has " + std::to_string(rows) +
                                  " rows, the table has " + std::to_string(rows_));
    }
    rows_ = rows;
    Column& c = columns_.emplace_back();
    c.name = std::move(name);
    c.type = type;
    return c;
  }
  std::vector<Column> columns_;
  std::vector<encore_column_v1> abi_columns_;
  size_t rows_ = 0;
};

class MethodContext {
 public:
  explicit MethodContext(encore_method_io_v1* io) : io_(io) {}

  void put_scores(std::string_view name, const std::vector<int64_t>& values) const {
    put(name, ENCORE_VALUE_I64, values.data(), nullptr);
  }
  void put_scores(std::string_view name, const std::vector<double>& values) const {
    put(name, ENCORE_VALUE_F64, values.data(), nullptr);
  }
  void put_scores(std::string_view name, const std::vector<std::string>& values) const {
    std::vector<encore_str> views;
    views.reserve(values.size());
    for (const auto& v : values) views.push_back(ToStr(v));
    put(name, ENCORE_VALUE_STR, views.data(), nullptr);
  }
  // Same, from views: the bytes behind every view must stay valid until the call returns. Lets a
  // method give many rows one shared string (a segment code, a date) without a copy per row.
  void put_scores(std::string_view name, const std::vector<encore_str>& values) const {
    put(name, ENCORE_VALUE_STR, values.data(), nullptr);
  }
  // Same, with rows that have no value (mask[i] = 1).
  void put_scores(std::string_view name, const std::vector<double>& values,
                  const std::vector<uint8_t>& null_mask) const {
    put(name, ENCORE_VALUE_F64, values.data(), null_mask.data());
  }
  void put_scores(std::string_view name, const std::vector<int64_t>& values,
                  const std::vector<uint8_t>& null_mask) const {
    put(name, ENCORE_VALUE_I64, values.data(), null_mask.data());
  }
  const encore_column_v1* find_scores(std::string_view name) const {
    return io_->find_scores(io_->ctx, ToStr(name));
  }
  void put_metric(std::string_view name, double value, std::string_view unit = "") const {
    io_->put_metric(io_->ctx, ToStr(name), value, ToStr(unit));
  }
  void put_metric_json(std::string_view name, const nlohmann::json& value) const {
    const std::string text = value.dump();
    io_->put_metric_json(io_->ctx, ToStr(name), ToStr(text));
  }
  void warn(std::string_view message) const { io_->warn(io_->ctx, ToStr(message)); }
  void progress(int64_t done, int64_t total) const { io_->progress(io_->ctx, done, total); }
  bool stop_requested() const { return io_->stop_requested(io_->ctx) != 0; }

  // ---- ABI 1.1; a host that predates it has none of these (see has_run_history). ----

  // True when the host offers events, the previous run's scores and report tables.
  bool has_run_history() const {
    return io_->struct_size >= offsetof(encore_method_io_v1, put_table) + sizeof(io_->put_table);
  }
  // as_of of the previous succeeded run (in a backtest: the previous date); 0 = none.
  int64_t previous_as_of() const { return has_run_history() ? io_->previous_as_of : 0; }
  // The previous run's scores of that name aligned to this dataset's customers (null where it
  // did not score them), or nullptr when there is no previous run or no such score.
  const encore_column_v1* find_previous_scores(std::string_view name) const {
    return has_run_history() ? io_->find_previous_scores(io_->ctx, ToStr(name)) : nullptr;
  }
  // Thread-safe: parallel parts of a method may each put their own events.
  void put_events(const std::vector<Event>& events) const {
    if (events.empty()) return;
    require_run_history("put_events");
    std::vector<encore_event_v1> abi;
    abi.reserve(events.size());
    for (const Event& e : events) {
      encore_event_v1 out{};
      out.struct_size = sizeof(out);
      out.customer = e.customer;
      out.type = ToStr(e.type);
      out.subject = ToStr(e.subject);
      out.priority = e.priority;
      out.due_at = e.due_at;
      out.evidence_json = ToStr(e.evidence.text());
      abi.push_back(out);
    }
    if (io_->put_events(io_->ctx, abi.data(), abi.size()) != ENCORE_OK) {
      throw Error("the host refused events");
    }
  }
  void put_table(std::string_view name, ReportTable& table) const {
    require_run_history("put_table");
    const encore_table_v1 view = table.view(name);
    if (io_->put_table(io_->ctx, ToStr(name), &view) != ENCORE_OK) {
      throw Error("the host refused table '" + std::string(name) + "'");
    }
  }

 private:
  void require_run_history(const char* what) const {
    if (!has_run_history()) {
      throw Error(std::string(what) + " needs a daemon with plugin ABI 1.1 or newer");
    }
  }
  void put(std::string_view name, encore_value_type type, const void* values,
           const uint8_t* mask) const {
    encore_column_v1 column{ToStr(name), type, values, mask};
    if (io_->put_scores(io_->ctx, &column) != ENCORE_OK) {
      throw Error("the host refused scores '" + std::string(name) + "'");
    }
  }
  encore_method_io_v1* io_;
};

class Method : public Plugin {
 public:
  static constexpr encore_plugin_kind kKind = ENCORE_KIND_METHOD;
  using Plugin::Plugin;
  virtual void run(const Dataset& dataset, MethodContext& context) = 0;
};

// ---- Sinks ----

class Table {
 public:
  explicit Table(const encore_table_v1* t) : t_(t) {}
  size_t row_count() const { return t_->row_count; }
  size_t column_count() const { return t_->column_count; }
  // ENCORE_TABLE_REPORT tables are named ("basket.rules"); others have an empty name.
  std::string_view name() const {
    return t_->struct_size >= offsetof(encore_table_v1, name) + sizeof(t_->name) ? View(t_->name)
                                                                                 : "";
  }
  const encore_column_v1& column(size_t i) const { return t_->columns[i]; }
  std::string_view column_name(size_t i) const { return View(t_->columns[i].name); }
  bool is_null(size_t col, size_t row) const {
    const uint8_t* mask = t_->columns[col].null_mask;
    return mask != nullptr && mask[row] != 0;
  }
  int64_t i64(size_t col, size_t row) const {
    return static_cast<const int64_t*>(t_->columns[col].values)[row];
  }
  double f64(size_t col, size_t row) const {
    return static_cast<const double*>(t_->columns[col].values)[row];
  }
  std::string_view str(size_t col, size_t row) const {
    return View(static_cast<const encore_str*>(t_->columns[col].values)[row]);
  }

 private:
  const encore_table_v1* t_;
};

struct RunInfo {
  std::string run_id;
  std::string pipeline;
  int64_t as_of = 0;
  int64_t started_at = 0;
};

class Sink : public Plugin {
 public:
  static constexpr encore_plugin_kind kKind = ENCORE_KIND_SINK;
  using Plugin::Plugin;
  virtual void check() {}
  virtual void open(const RunInfo& run) { (void)run; }
  virtual void write(encore_table_kind kind, const Table& table) = 0;
  virtual void flush() {}
  virtual void close(bool committed) { (void)committed; }
};

// ---- The C glue. ----
namespace detail {

inline void SetMessage(encore_error* error, std::string_view message) {
  if (error == nullptr) return;
  const size_t n = std::min(message.size(), sizeof(error->message) - 1);
  std::memcpy(error->message, message.data(), n);
  error->message[n] = '\0';
}

// Runs `body` and turns every exception into a status, so none crosses into the host.
template <class Body>
int32_t Guard(encore_error* error, Body&& body) noexcept {
  try {
    body();
    return ENCORE_OK;
  } catch (const Cancelled&) {
    SetMessage(error, "cancelled");
    return ENCORE_CANCELLED;
  } catch (const ConfigError& e) {
    SetMessage(error, e.what());
    return ENCORE_INVALID_CONFIG;
  } catch (const RetryError& e) {
    SetMessage(error, e.what());
    if (error != nullptr) error->retry_after_ms = e.retry_after_ms();
    return ENCORE_RETRY;
  } catch (const nlohmann::json::exception& e) {
    SetMessage(error, std::string("invalid JSON: ") + e.what());
    return ENCORE_INVALID_CONFIG;
  } catch (const std::exception& e) {
    SetMessage(error, e.what());
    return ENCORE_FATAL;
  } catch (...) {
    SetMessage(error, "unknown exception");
    return ENCORE_FATAL;
  }
}

template <class T>
struct Glue {
  static int32_t Create(encore_str name, encore_str config_json, const encore_host_v1* host,
                        void** instance, encore_error* error) noexcept {
    return Guard(error, [&] {
      PluginContext context{std::string(View(name)),
                            Config(nlohmann::json::parse(View(config_json))), Logger(host)};
      *instance = new T(context);
    });
  }
  static void Destroy(void* instance) noexcept { delete static_cast<T*>(instance); }
  static T& Self(void* instance) { return *static_cast<T*>(instance); }

  static int32_t SourceCheck(void* i, encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Source, T>) return Guard(e, [&] { Self(i).check(); });
    return ENCORE_FATAL;
  }
  static int32_t SourceRead(void* i, encore_source_io_v1* io, encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Source, T>) {
      return Guard(e, [&] {
        SourceContext context(io);
        Self(i).read(context);
      });
    }
    return ENCORE_FATAL;
  }
  static int32_t MethodRun(void* i, const encore_dataset_v1* d, encore_method_io_v1* io,
                           encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Method, T>) {
      return Guard(e, [&] {
        Dataset dataset(d);
        MethodContext context(io);
        Self(i).run(dataset, context);
      });
    }
    return ENCORE_FATAL;
  }
  static int32_t SinkCheck(void* i, encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Sink, T>) return Guard(e, [&] { Self(i).check(); });
    return ENCORE_FATAL;
  }
  static int32_t SinkOpen(void* i, const encore_run_info_v1* run, encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Sink, T>) {
      return Guard(e, [&] {
        RunInfo info{std::string(View(run->run_id)), std::string(View(run->pipeline)), run->as_of,
                     run->started_at};
        Self(i).open(info);
      });
    }
    return ENCORE_FATAL;
  }
  static int32_t SinkWrite(void* i, int32_t kind, const encore_table_v1* t,
                           encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Sink, T>) {
      return Guard(e, [&] { Self(i).write(static_cast<encore_table_kind>(kind), Table(t)); });
    }
    return ENCORE_FATAL;
  }
  static int32_t SinkFlush(void* i, encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Sink, T>) return Guard(e, [&] { Self(i).flush(); });
    return ENCORE_FATAL;
  }
  static int32_t SinkClose(void* i, int32_t committed, encore_error* e) noexcept {
    if constexpr (std::is_base_of_v<Sink, T>) {
      return Guard(e, [&] { Self(i).close(committed != 0); });
    }
    return ENCORE_FATAL;
  }

  static encore_plugin_v1 Describe(const char* name, const char* version, const char* description,
                                   const encore_option_v1* options, size_t option_count) {
    encore_plugin_v1 d{};
    d.abi_major = ENCORE_ABI_MAJOR;
    d.abi_minor = ENCORE_ABI_MINOR;
    d.struct_size = sizeof(encore_plugin_v1);
    d.kind = T::kKind;
    d.name = name;
    d.version = version;
    d.description = description;
    d.options = options;
    d.option_count = option_count;
    d.create = &Create;
    d.destroy = &Destroy;
    d.source_check = &SourceCheck;
    d.source_read = &SourceRead;
    d.method_run = &MethodRun;
    d.sink_check = &SinkCheck;
    d.sink_open = &SinkOpen;
    d.sink_write = &SinkWrite;
    d.sink_flush = &SinkFlush;
    d.sink_close = &SinkClose;
    return d;
  }
};

}  // namespace detail
}  // namespace encore::sdk

// Exports the plugin: one per shared library. `options` is an array of encore_option_v1.
#define ENCORE_PLUGIN(ClassName, plugin_name, plugin_version, plugin_description, options)       \
  namespace encore_plugin_export {                                                               \
  const encore_plugin_v1* Entry() {                                                              \
    static const encore_plugin_v1 descriptor = ::encore::sdk::detail::Glue<ClassName>::Describe( \
        plugin_name, plugin_version, plugin_description, options,                                \
        sizeof(options) / sizeof(options[0]));                                                   \
    return &descriptor;                                                                          \
  }                                                                                              \
  }                                                                                              \
  BOOST_DLL_ALIAS_SECTIONED(encore_plugin_export::Entry, encore_plugin_entry_v1, encore)

#endif  // ENCORE_SDK_PLUGIN_HPP_
