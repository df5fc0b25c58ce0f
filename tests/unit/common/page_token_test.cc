#include "daemon/common/page_token.h"

#include <gtest/gtest.h>

namespace encore {
namespace {

TEST(PageTokenTest, RoundTripsAnOffsetOfItsKind) {
  EXPECT_EQ(OffsetPageToken('o', 200), "o200");
  EXPECT_EQ(*ParseOffsetPageToken('o', "o200"), 200);
  EXPECT_EQ(*ParseOffsetPageToken('o', ""), 0);  // the first page
  // Past what an int64 holds: past every list's end.
  EXPECT_EQ(*ParseOffsetPageToken('s', "s18446744073709551615"), INT64_MAX);
}

TEST(PageTokenTest, RefusesTokensOfAnotherKindOrMalformed) {
  for (const char* token : {"s200", "o", "o-1", "o+1", "o12x", "200", "o 1", "oo1"}) {
    const Result<int64_t> parsed = ParseOffsetPageToken('o', token);
    ASSERT_FALSE(parsed.ok()) << token;
    EXPECT_EQ(parsed.status().message(), "page_token: not a token this list returned") << token;
  }
}

}  // namespace
}  // namespace encore
