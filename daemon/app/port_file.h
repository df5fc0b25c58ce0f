// The port file: lets a script or test that started encored with --listen HOST:0 learn the
// port. Written atomically (temp file + rename), so a reader never sees a partial number.
#pragma once

#include <string>

#include "daemon/common/status.h"

namespace encore {

Status WritePortFile(const std::string& path, int port);

}  // namespace encore
