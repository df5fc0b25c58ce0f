// The playbook that ships with the daemon, as JSON in the format of the spec's `playbook:`
// section plus an "other" entry for event types without one.
#pragma once

namespace encore {

const char* DefaultPlaybookJson();

}  // namespace encore
