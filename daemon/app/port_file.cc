#include "daemon/app/port_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace encore {

Status WritePortFile(const std::string& path, int port) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    if (!out) return Internal("--port-file " + path + ": cannot write " + temp);
    out << port << "\n";
    out.flush();
    if (!out) return Internal("--port-file " + path + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) return Internal("--port-file " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace encore
