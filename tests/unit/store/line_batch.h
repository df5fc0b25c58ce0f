// Test helper: order lines written as plain values, handed to the store as encore_line_batch_v1.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace encore::testing {

struct TestLine {
  std::string order_id;
  std::string customer_id;
  int64_t ordered_at = 0;
  std::string product_id;
  int64_t quantity_milli = 1000;
  int64_t amount_minor = 0;
  std::string manager_id;
  int64_t source_line = 0;
};

// Owns the bytes behind the views of the batch it builds.
class TestBatch {
 public:
  explicit TestBatch(const std::vector<TestLine>& lines, std::string currency = "") {
    currency_ = std::move(currency);
    for (const TestLine& line : lines) {
      order_id_.push_back(Keep(line.order_id));
      customer_id_.push_back(Keep(line.customer_id));
      ordered_at_.push_back(line.ordered_at);
      product_id_.push_back(Keep(line.product_id));
      quantity_.push_back(line.quantity_milli);
      amount_.push_back(line.amount_minor);
      manager_id_.push_back(Keep(line.manager_id));
      source_line_.push_back(line.source_line);
    }
  }

  encore_line_batch_v1 view() const {
    encore_line_batch_v1 b{};
    b.struct_size = sizeof(b);
    b.count = order_id_.size();
    b.order_id = order_id_.data();
    b.customer_id = customer_id_.data();
    b.ordered_at = ordered_at_.data();
    b.product_id = product_id_.data();
    b.quantity_milli = quantity_.data();
    b.amount_minor = amount_.data();
    b.manager_id = manager_id_.data();
    b.currency = encore_str{currency_.data(), currency_.size()};
    b.source_line = source_line_.data();
    return b;
  }

 private:
  encore_str Keep(const std::string& s) {
    const std::string& kept = bytes_.emplace_back(s);
    return encore_str{kept.data(), kept.size()};
  }

  std::deque<std::string> bytes_;
  std::string currency_;
  std::vector<encore_str> order_id_, customer_id_, product_id_, manager_id_;
  std::vector<int64_t> ordered_at_, quantity_, amount_, source_line_;
};

}  // namespace encore::testing
