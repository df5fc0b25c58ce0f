// OrderStore accessors and the per-as-of dataset view.
#include "daemon/store/order_store.h"

#include <algorithm>

#include "daemon/store/large_memory.h"
#include "daemon/store/local_day_table.h"
#include "daemon/store/order_store_impl.h"

namespace encore {
namespace {

encore_str Str(const std::string& s) { return encore_str{s.data(), s.size()}; }

int32_t LocalDayOfView(const encore_dataset_v1* self, int64_t utc_seconds) {
  return static_cast<const store::LocalDayTable*>(self->host_ctx)->LocalDay(utc_seconds);
}

}  // namespace

DatasetView::DatasetView() = default;
DatasetView::~DatasetView() = default;

OrderStore::OrderStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OrderStore::~OrderStore() {
  impl_.reset();
  store::TrimLargePool();  // the columns went to the pool; the store owns no pages any more
}

size_t OrderStore::line_count() const { return impl_->line_count(); }
size_t OrderStore::order_count() const { return impl_->order_count(); }
size_t OrderStore::customer_count() const { return impl_->customers.size(); }
size_t OrderStore::product_count() const { return impl_->products.size(); }
size_t OrderStore::manager_count() const { return impl_->managers.size(); }
const std::string& OrderStore::currency() const { return impl_->currency; }
int64_t OrderStore::first_order_time() const { return impl_->first_order_time; }
int64_t OrderStore::last_order_time() const { return impl_->last_order_time; }

const StoreBuildTimings& OrderStore::build_timings() const { return impl_->timings; }

uint32_t OrderStore::FindCustomer(std::string_view customer_id) const {
  std::call_once(impl_->customer_index_once, [&] {
    impl_->customer_index = std::make_unique<store::KeyIndex>(impl_->customers.keys());
  });
  return impl_->customer_index->Find(customer_id);
}

std::unique_ptr<DatasetView> OrderStore::View(int64_t as_of, const TimeZone& zone) const {
  const Impl& s = *impl_;
  auto view = std::make_unique<DatasetView>();
  const size_t customers = s.customers.size();
  const uint32_t* begin = s.customer_order_begin.data();

  // Orders of a customer are sorted by time, so its visible ones are a prefix of its range.
  view->order_end_.resize(customers);
  if (s.order_count() == 0 || as_of >= s.last_order_time) {
    std::copy(begin + 1, begin + customers + 1, view->order_end_.begin());
    view->visible_customers_ = customers;
  } else {
    const int64_t* time = s.order_time.data();
    size_t visible = 0;
    for (size_t c = 0; c < customers; ++c) {
      const uint32_t end = static_cast<uint32_t>(
          std::upper_bound(time + begin[c], time + begin[c + 1], as_of) - time);
      view->order_end_[c] = end;
      visible += end > begin[c];
    }
    view->visible_customers_ = visible;
  }

  // Methods ask for the local day of order times and of as_of.
  const int64_t first = s.order_count() == 0 ? as_of : std::min(s.first_order_time, as_of);
  const int64_t last = s.order_count() == 0 ? as_of : std::max(s.last_order_time, as_of);
  view->days_ = std::make_unique<store::LocalDayTable>(zone, first, last);

  encore_dataset_v1& d = view->view_;
  d.struct_size = sizeof(encore_dataset_v1);
  d.as_of = as_of;
  d.utc_offset_as_of = zone.UtcOffset(as_of);
  d.currency = Str(s.currency);
  d.time_zone = Str(zone.name());
  d.local_day = &LocalDayOfView;
  d.host_ctx = view->days_.get();

  d.customer_count = customers;
  d.customer_key = s.customers.keys().data();
  d.customer_order_begin = begin;
  d.customer_order_end = view->order_end_.data();

  d.order_count = s.order_count();
  d.order_key = s.order_key.data();
  d.order_customer = s.order_customer.data();
  d.order_time = s.order_time.data();
  d.order_amount_minor = s.order_amount.data();
  d.order_manager = s.order_manager.data();
  d.order_line_begin = s.order_line_begin.data();

  d.line_count = s.line_count();
  d.line_product = s.line_product.data();
  d.line_quantity_milli = s.line_quantity.data();
  d.line_amount_minor = s.line_amount.data();
  d.line_time = s.line_time.data();

  d.product_count = s.products.size();
  d.product_key = s.products.keys().data();
  d.manager_count = s.managers.size();
  d.manager_key = s.managers.keys().data();
  return view;
}

}  // namespace encore
