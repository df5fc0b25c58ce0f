// A synthetic order history with the shape of a real shop: customers acquired over the period
// (more of them later), repeat purchases that thin out (a BG/NBD-like buy-and-drop process),
// orders of 1..6 lines with Zipf-popular products, returns booked as separate later orders with
// negative quantities, and account managers (some customers have none).
//
// Deterministic: each customer draws from its own random stream derived from the seed, so the
// result does not depend on how many threads generate it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace encore::bench {

struct GeneratorOptions {
  uint64_t customers = 100000;
  uint64_t seed = 1;
  uint32_t products = 5000;
  uint32_t managers = 40;
  int start_year = 2022;              // the period starts on 1 January of this year
  uint32_t days = 1096;               // and lasts this many days
  double return_probability = 0.031;  // per purchased line
  double unmanaged_share = 0.15;
  int threads = 0;  // 0 = every core
};

struct GeneratedLine {
  uint16_t product;      // index into product ids
  int16_t quantity;      // negative for a returned line
  uint32_t price_cents;  // unit price
};

struct GeneratedOrder {
  uint32_t second;      // seconds since the start of the period (local time, no zone)
  uint32_t customer;    // index into customer ids
  uint32_t first_line;  // into OrderHistory::lines
  uint8_t line_count;
  uint8_t manager;  // 0 = none, else manager index + 1
  uint16_t unused = 0;
};

struct OrderHistory {
  GeneratorOptions options;
  std::vector<GeneratedOrder> orders;  // sorted by time; order_id = 100001 + position
  std::vector<GeneratedLine> lines;
  std::vector<uint16_t> product_number;  // product index -> the number in its id "P%05d"
};

OrderHistory GenerateOrderHistory(const GeneratorOptions& options);

// Customers needed for about `lines` order lines with the default shape.
uint64_t CustomersForLines(uint64_t lines);

}  // namespace encore::bench
