#include "daemon/host/plugin_call.h"

#include <gtest/gtest.h>

#include <cstring>

namespace encore {
namespace {

encore_error ErrorWith(const char* message) {
  encore_error error = NewPluginError();
  std::strcpy(error.message, message);
  return error;
}

TEST(NewPluginError, IsZeroedWithItsSize) {
  const encore_error error = NewPluginError();
  EXPECT_EQ(error.struct_size, sizeof(encore_error));
  EXPECT_EQ(error.retry_after_ms, 0);
  EXPECT_EQ(error.message[0], '\0');
}

TEST(PluginCallStatus, MapsEveryPluginStatus) {
  const encore_error error = ErrorWith("disk full");
  EXPECT_TRUE(PluginCallStatus(ENCORE_OK, error, "sink 'files'").ok());

  Status retry = PluginCallStatus(ENCORE_RETRY, error, "sink 'files'");
  EXPECT_EQ(retry.code(), StatusCode::kUnavailable);
  EXPECT_EQ(retry.message(), "sink 'files': disk full");

  Status fatal = PluginCallStatus(ENCORE_FATAL, error, "sink 'files'");
  EXPECT_EQ(fatal.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(fatal.message(), "sink 'files': disk full");

  Status config = PluginCallStatus(ENCORE_INVALID_CONFIG, error, "sink 'files'");
  EXPECT_EQ(config.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(config.message(), "sink 'files': disk full");

  Status cancelled = PluginCallStatus(ENCORE_CANCELLED, error, "sink 'files'");
  EXPECT_EQ(cancelled.code(), StatusCode::kCancelled);
  EXPECT_EQ(cancelled.message(), "sink 'files': cancelled");

  Status unknown = PluginCallStatus(77, error, "sink 'files'");
  EXPECT_EQ(unknown.code(), StatusCode::kInternal);
  EXPECT_EQ(unknown.message(), "sink 'files': plugin returned unknown status 77");
}

TEST(PluginMessage, CopesWithEmptyAndUnterminatedMessages) {
  EXPECT_EQ(PluginMessage(NewPluginError()), "no message given");
  encore_error full = NewPluginError();
  std::memset(full.message, 'x', sizeof(full.message));  // no NUL anywhere
  EXPECT_EQ(PluginMessage(full), std::string(sizeof(full.message), 'x'));
}

}  // namespace
}  // namespace encore
