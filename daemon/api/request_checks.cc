#include "daemon/api/request_checks.h"

#include <charconv>

#include "daemon/api/status_map.h"

namespace encore {

grpc::Status CheckRequired(const char* field, const std::string& value) {
  return value.empty() ? InvalidField(field, "required") : grpc::Status::OK;
}

grpc::Status CheckMaxLength(const char* field, const std::string& value, size_t max) {
  if (value.size() <= max) return grpc::Status::OK;
  return InvalidField(field, "at most " + std::to_string(max) + " characters");
}

grpc::Status CheckPageSize(int32_t page_size, int* effective) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return InvalidField("page_size", "must be 0.." + std::to_string(kMaxPageSize));
  }
  *effective = page_size == 0 ? kDefaultPageSize : page_size;
  return grpc::Status::OK;
}

std::string OffsetPageToken(int64_t offset) { return "o" + std::to_string(offset); }

grpc::Status ParseOffsetPageToken(const std::string& token, int64_t* offset) {
  *offset = 0;
  if (token.empty()) return grpc::Status::OK;
  const char* begin = token.data() + 1;
  const char* end = token.data() + token.size();
  if (token[0] == 'o' && begin != end) {
    auto [ptr, ec] = std::from_chars(begin, end, *offset);
    if (ec == std::errc() && ptr == end && *offset >= 0) return grpc::Status::OK;
  }
  return InvalidField("page_token", "not a token this list returned");
}

grpc::Status CheckRunSelector(const std::string& pipeline, const std::string& run_id) {
  if (pipeline.empty() && run_id.empty()) {
    return InvalidField("pipeline", "required when run_id is empty");
  }
  return grpc::Status::OK;
}

}  // namespace encore
