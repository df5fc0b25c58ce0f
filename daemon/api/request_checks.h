// Up-front request validation: a bad request gets INVALID_ARGUMENT naming the field before any
// domain call is made.
#pragma once

#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>

namespace encore {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;
inline constexpr size_t kMaxRequestIdLength = 128;
inline constexpr size_t kMaxSpecBytes = 1 << 20;

// "<field>: required" when `value` is empty.
grpc::Status CheckRequired(const char* field, const std::string& value);
// "<field>: at most N characters".
grpc::Status CheckMaxLength(const char* field, const std::string& value, size_t max);
// Calls about "a run" name it, or name the pipeline whose latest succeeded run is meant:
// "pipeline: required when run_id is empty".
grpc::Status CheckRunSelector(const std::string& pipeline, const std::string& run_id);
// "page_size: must be 0..1000"; on success `*effective` is the size to use (0 -> default).
grpc::Status CheckPageSize(int32_t page_size, int* effective);

// Offset tokens of lists the daemon pages itself: "o" + offset. Empty = 0.
std::string OffsetPageToken(int64_t offset);
grpc::Status ParseOffsetPageToken(const std::string& token, int64_t* offset);

}  // namespace encore

// Ends the handler with the status if it is not OK.
#define ENCORE_RETURN_IF_GRPC_ERROR(expr)        \
  do {                                           \
    ::grpc::Status _grpc_status = (expr);        \
    if (!_grpc_status.ok()) return _grpc_status; \
  } while (0)
