// A method for the executor's tests. Modes:
//   scores     order_count (I64), net (F64, no value when the net is negative) and tier (STR)
//              per customer, metrics "test.customers" and "test.summary", one warning;
//   reader     reads order_count and tier put by an earlier method and puts order_count_x2
//              and tier_upper;
//   fail       run() fails;  duplicate: puts order_count twice;
//   events     an event "many_orders" for each customer with 2+ orders and a report table
//              "test.table"; bad_event: an event whose type is not snake_case;
//   history    order_count_before (F64, null where the previous run has no value) from the
//              previous run's order_count, and metric test.previous_as_of.
#include <encore/sdk/plugin.hpp>

#include <cctype>

namespace encore::pipeline_test {
namespace {

constexpr encore_option_v1 kOptions[] = {
    sdk::Option("mode", ENCORE_OPTION_STRING, "\"scores\"", "What to do.",
                "scores|reader|fail|duplicate|events|bad_event|history"),
};

class TestMethod : public sdk::Method {
 public:
  explicit TestMethod(const sdk::PluginContext& context)
      : Method(context), mode_(context.config.string("mode")) {}

  void run(const sdk::Dataset& d, sdk::MethodContext& context) override {
    if (mode_ == "fail") throw sdk::Error("model did not converge");
    const size_t n = d.customer_count();
    if (mode_ == "reader") return Reader(n, context);
    if (mode_ == "events" || mode_ == "bad_event") return Events(d, context);
    if (mode_ == "history") return History(n, context);
    std::vector<int64_t> orders(n, 0);
    std::vector<double> net(n, 0);
    std::vector<uint8_t> no_net(n, 0);
    std::vector<std::string> tier(n);
    int64_t visible = 0, total_orders = 0;
    for (size_t c = 0; c < n; ++c) {
      if (d.first_order(c) >= d.end_order(c)) continue;
      ++visible;
      int64_t sum = 0;
      for (uint32_t o = d.first_order(c); o < d.end_order(c); ++o) sum += d.order_amount(o);
      orders[c] = d.end_order(c) - d.first_order(c);
      total_orders += orders[c];
      net[c] = static_cast<double>(sum);
      no_net[c] = sum < 0 ? 1 : 0;
      tier[c] = sum >= 500 ? "gold" : "basic";
      context.progress(static_cast<int64_t>(c + 1), static_cast<int64_t>(n));
    }
    context.put_scores("order_count", orders);
    if (mode_ == "duplicate") context.put_scores("order_count", orders);
    context.put_scores("net", net, no_net);
    context.put_scores("tier", tier);
    context.put_metric("test.customers", static_cast<double>(visible));
    context.put_metric_json("test.summary", nlohmann::json{{"orders", total_orders}});
    context.warn("checked " + std::to_string(visible) + " customers");
  }

 private:
  void Events(const sdk::Dataset& d, sdk::MethodContext& context) {
    std::vector<sdk::Event> events;
    for (size_t c = 0; c < d.customer_count(); ++c) {
      const uint32_t orders = d.end_order(c) - d.first_order(c);
      if (orders < 2) continue;
      sdk::Event e;
      e.customer = static_cast<uint32_t>(c);
      e.type = mode_ == "bad_event" ? "Many Orders" : "many_orders";
      e.subject = "p1";
      e.priority = 1;
      e.due_at = 5000;
      e.evidence = {{"orders", orders}};
      events.push_back(e);
    }
    context.put_events(events);
    sdk::ReportTable table;
    table.add("item", std::vector<std::string>{"x", "y"});
    table.add("count", std::vector<int64_t>{3, 4});
    context.put_table("test.table", table);
  }

  void History(size_t n, sdk::MethodContext& context) {
    const encore_column_v1* before = context.find_previous_scores("order_count");
    std::vector<double> values(n, 0);
    std::vector<uint8_t> none(n, 1);
    for (size_t c = 0; before != nullptr && c < n; ++c) {
      if (before->null_mask != nullptr && before->null_mask[c] != 0) continue;
      values[c] = static_cast<double>(static_cast<const int64_t*>(before->values)[c]);
      none[c] = 0;
    }
    context.put_scores("order_count_before", values, none);
    context.put_metric("test.previous_as_of", static_cast<double>(context.previous_as_of()));
  }

  void Reader(size_t n, sdk::MethodContext& context) {
    const encore_column_v1* orders = context.find_scores("order_count");
    const encore_column_v1* tier = context.find_scores("tier");
    if (orders == nullptr || tier == nullptr) throw sdk::Error("earlier scores are missing");
    if (context.find_scores("no_such_column") != nullptr) throw sdk::Error("found a ghost");
    std::vector<int64_t> doubled(n);
    std::vector<std::string> upper(n);
    for (size_t c = 0; c < n; ++c) {
      doubled[c] = 2 * static_cast<const int64_t*>(orders->values)[c];
      const encore_str s = static_cast<const encore_str*>(tier->values)[c];
      for (size_t i = 0; i < s.size; ++i) {
        upper[c].push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s.data[i]))));
      }
    }
    context.put_scores("order_count_x2", doubled);
    context.put_scores("tier_upper", upper);
  }

  std::string mode_;
};

}  // namespace
}  // namespace encore::pipeline_test

ENCORE_PLUGIN(encore::pipeline_test::TestMethod, "pipeline_test_method", "1.0.0",
              "Simple per-customer scores for the executor's tests.",
              encore::pipeline_test::kOptions)
