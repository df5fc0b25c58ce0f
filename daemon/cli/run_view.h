// How a run looks in encorectl: the live progress line and the summary.
#pragma once

#include <ostream>
#include <string>

#include "encore/v1/run.pb.h"

namespace encore::cli {

std::string StateName(encore::v1::RunState state);

// Progress of a watched run. On a terminal one line is redrawn in place; otherwise a plain
// line is printed when the stage changes or another tenth of the run is done.
class ProgressView {
 public:
  ProgressView(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}
  void Show(const encore::v1::RunEvent& event);
  // Ends the redrawn line so that what follows starts on a fresh one.
  void Close();

 private:
  std::ostream& out_;
  bool terminal_;
  bool drawn_ = false;
  std::string last_stage_;
  int last_tenth_ = -1;
};

// State, counts, timings, errors. `detailed` adds first row errors, warnings and metrics.
void PrintRun(std::ostream& out, const encore::v1::Run& run, bool detailed);

}  // namespace encore::cli
