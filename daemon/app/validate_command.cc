#include "daemon/app/validate_command.h"

#include <fstream>
#include <ostream>
#include <sstream>

#include "daemon/app/daemon.h"
#include "daemon/host/plugin_host.h"
#include "daemon/observability/logging.h"
#include "daemon/scheduler/pipeline_catalog.h"

namespace encore {

int RunValidateCommand(const DaemonOptions& options, std::ostream& out, std::ostream& err) {
  std::ifstream in(options.validate_file, std::ios::binary);
  if (!in) {
    err << options.validate_file << ": cannot open\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();

  auto log = ComponentLogger("encored");
  std::unique_ptr<PluginHost> host =
      LoadPlugins(options.plugin_dirs, options.plugin_dirs_given, *log);
  const SpecCheck check = CheckPipelineSpec(text.str(), *host);
  if (check.valid()) {
    out << options.validate_file << ": pipeline '" << check.pipeline << "' is valid\n";
    return 0;
  }
  out << options.validate_file << ": invalid";
  if (!check.pipeline.empty()) out << " (pipeline '" << check.pipeline << "')";
  out << "\n";
  for (const SpecViolation& v : check.violations) out << "  " << v.message << "\n";
  return 1;
}

}  // namespace encore
