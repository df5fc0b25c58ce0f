// Hand-built purchase histories for the tests: the purchases own their memory, the view points
// into it.
#ifndef ENCORE_PLUGINS_LIFECYCLE_TESTS_HISTORY_FIXTURE_H_
#define ENCORE_PLUGINS_LIFECYCLE_TESTS_HISTORY_FIXTURE_H_

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "model/purchase_history.h"

namespace encore::plugins::lifecycle::testing {

class History {
 public:
  History() = default;
  History(std::initializer_list<Purchase> purchases) : purchases_(purchases) {}

  // Purchases on the given days, each of `amount`.
  static History OnDays(std::initializer_list<int32_t> days, int64_t amount = 1000) {
    History h;
    for (int32_t d : days) h.purchases_.push_back(Purchase{d, amount});
    return h;
  }
  // `count` purchases every `every` days from `first`, each of `amount`.
  static History Every(int32_t first, int32_t every, int count, int64_t amount = 1000) {
    History h;
    for (int i = 0; i < count; ++i) h.purchases_.push_back(Purchase{first + i * every, amount});
    return h;
  }
  // Purchases of the given amounts on days 0, 30, 60, ...
  static History Amounts(std::initializer_list<int64_t> amounts) {
    History h;
    int32_t day = 0;
    for (int64_t a : amounts) {
      h.purchases_.push_back(Purchase{day, a});
      day += 30;
    }
    return h;
  }

  CustomerHistory view() const { return CustomerHistory{purchases_.data(), purchases_.size()}; }

 private:
  std::vector<Purchase> purchases_;
};

}  // namespace encore::plugins::lifecycle::testing

#endif  // ENCORE_PLUGINS_LIFECYCLE_TESTS_HISTORY_FIXTURE_H_
