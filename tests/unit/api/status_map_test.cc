#include "daemon/api/status_map.h"

#include <gtest/gtest.h>

namespace encore {
namespace {

TEST(StatusMapTest, EveryDomainCodeHasItsGrpcCode) {
  EXPECT_EQ(ToGrpcCode(StatusCode::kOk), grpc::StatusCode::OK);
  EXPECT_EQ(ToGrpcCode(StatusCode::kInvalidArgument), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ToGrpcCode(StatusCode::kNotFound), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToGrpcCode(StatusCode::kAlreadyExists), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ToGrpcCode(StatusCode::kFailedPrecondition), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ToGrpcCode(StatusCode::kUnavailable), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ToGrpcCode(StatusCode::kCancelled), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(ToGrpcCode(StatusCode::kInternal), grpc::StatusCode::INTERNAL);
}

TEST(StatusMapTest, KeepsTheMessage) {
  grpc::Status status = ToGrpcStatus(NotFound("pipeline 'x' not found"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "pipeline 'x' not found");
  EXPECT_TRUE(ToGrpcStatus(Status::Ok()).ok());
}

TEST(StatusMapTest, InvalidFieldStartsWithTheField) {
  grpc::Status status = InvalidField("page_size", "must be 0..1000");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "page_size: must be 0..1000");
}

}  // namespace
}  // namespace encore
