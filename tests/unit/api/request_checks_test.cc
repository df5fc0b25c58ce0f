#include "daemon/api/request_checks.h"

#include <gtest/gtest.h>

namespace encore {
namespace {

TEST(RequestChecksTest, PageSizeZeroMeansTheDefaultAndTheRangeIsEnforced) {
  int size = -1;
  ASSERT_TRUE(CheckPageSize(0, &size).ok());
  EXPECT_EQ(size, 100);
  ASSERT_TRUE(CheckPageSize(1000, &size).ok());
  EXPECT_EQ(size, 1000);
  EXPECT_EQ(CheckPageSize(1001, &size).error_message(), "page_size: must be 0..1000");
  EXPECT_EQ(CheckPageSize(-1, &size).error_message(), "page_size: must be 0..1000");
}

TEST(RequestChecksTest, RequiredAndLengthNameTheField) {
  EXPECT_EQ(CheckRequired("run_id", "").error_message(), "run_id: required");
  EXPECT_TRUE(CheckRequired("run_id", "r-1").ok());
  EXPECT_EQ(CheckMaxLength("request_id", std::string(129, 'x'), 128).error_message(),
            "request_id: at most 128 characters");
  EXPECT_TRUE(CheckMaxLength("request_id", std::string(128, 'x'), 128).ok());
}

TEST(RequestChecksTest, OffsetTokensRoundTripAndForeignTokensAreRefused) {
  int64_t offset = -1;
  ASSERT_TRUE(ParseOffsetPageToken("", &offset).ok());
  EXPECT_EQ(offset, 0);
  ASSERT_TRUE(ParseOffsetPageToken(OffsetPageToken(250), &offset).ok());
  EXPECT_EQ(offset, 250);
  for (const char* bad : {"o", "o-1", "250", "ox", "o12x"}) {
    grpc::Status status = ParseOffsetPageToken(bad, &offset);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(status.error_message(), "page_token: not a token this list returned") << bad;
  }
}

}  // namespace
}  // namespace encore
