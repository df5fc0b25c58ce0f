// The columns behind an OrderStore, laid out exactly as encore_dataset_v1 reads them.
#pragma once

#include <encore/plugin_abi.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "daemon/store/key_arena.h"
#include "daemon/store/key_index.h"
#include "daemon/store/large_memory.h"
#include "daemon/store/order_store.h"
#include "daemon/store/string_dictionary.h"

namespace encore {

struct OrderStore::Impl {
  std::string currency;
  // Ids by dense index; the load-time indexes are gone once the store is built.
  store::KeyList customers, products, managers;
  // Built on the first FindCustomer(): most runs never look a customer up.
  mutable std::once_flag customer_index_once;
  mutable std::unique_ptr<store::KeyIndex> customer_index;
  std::vector<store::KeyArena> order_key_bytes;  // the lanes' arenas behind order_key

  // customer_count + 1 entries: customer c owns orders [begin[c], begin[c + 1]).
  store::Column<uint32_t> customer_order_begin;

  store::Column<encore_str> order_key;
  store::Column<uint32_t> order_customer;
  store::Column<int64_t> order_time;
  store::Column<int64_t> order_amount;
  store::Column<uint32_t> order_manager;
  store::Column<uint32_t> order_line_begin;  // order_count + 1 entries

  store::Column<uint32_t> line_product;
  store::Column<int64_t> line_quantity;
  store::Column<int64_t> line_amount;
  store::Column<int64_t> line_time;

  StoreBuildTimings timings;
  int64_t first_order_time = 0;
  int64_t last_order_time = 0;

  size_t order_count() const { return order_key.size(); }
  size_t line_count() const { return line_time.size(); }
};

}  // namespace encore
