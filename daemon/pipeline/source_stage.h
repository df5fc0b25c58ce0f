// The load stage: reads every source of the spec into one OrderStore.
//
// Source i of the spec emits on its own block of lanes [i * L, (i + 1) * L) of the builder (L =
// RunControl::lanes, or the core count), so the store holds the sources' lines in spec order
// and, within a source, in lane order. Each source instance is destroyed as soon as its read
// returns, so whatever it holds (a mapped file, buffers) is gone before the store is merged.
#pragma once

#include <memory>

#include "daemon/common/status.h"
#include "daemon/pipeline/run_context.h"
#include "daemon/store/order_store.h"

namespace encore::pipeline {

// Progress spans 0..60% of the run. Counters are summed under the name the source gives
// (sources of one pipeline share counter names such as "rows_without_customer").
Result<std::unique_ptr<OrderStore>> LoadSources(RunContext& run);

}  // namespace encore::pipeline
