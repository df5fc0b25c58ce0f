// Pipelines as the API sees them: validate a spec against the loaded plugins, store it, list
// and delete it. A pipeline with a queued or running run cannot be deleted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.h"
#include "daemon/state/state_store.h"

namespace encore {

class PluginHost;
class RunScheduler;

// One problem in a spec. `field` is the path of the offending field when the message names one
// ("sources[0].config.path", "time_zone"); `message` is the full diagnostic.
struct SpecViolation {
  std::string field;
  std::string message;
};

struct SpecCheck {
  std::string pipeline;  // the spec's name, when it could be read
  std::vector<SpecViolation> violations;
  bool valid() const { return violations.empty(); }
};

// Splits a failed parse or validation status into violations (one per line of its message).
std::vector<SpecViolation> ViolationsFrom(const Status& status);

// Parses `text` and checks it against the loaded plugins.
SpecCheck CheckPipelineSpec(std::string_view text, const PluginHost& host);

class PipelineCatalog {
 public:
  PipelineCatalog(StateStore* store, const PluginHost* host, RunScheduler* scheduler);

  SpecCheck Validate(std::string_view text) const;
  // Validates, then inserts or updates (the version goes up by one when the text changed; the
  // same text again is a no-op). An invalid spec is INVALID_ARGUMENT with the diagnostic.
  Result<PipelineRecord> Apply(std::string_view text);
  Result<PipelineRecord> Get(const std::string& name);
  std::vector<PipelineRecord> List();
  Status Delete(const std::string& name);

 private:
  StateStore* store_;
  const PluginHost* host_;
  RunScheduler* scheduler_;
};

}  // namespace encore
