// encorectl against a real encored: exit codes and what people read.
#include <fstream>

#include "e2e_fixture.h"

namespace encore::e2e {
namespace {

class EncorectlTest : public EncoredTest {
 protected:
  ProcessResult Ctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {ENCORECTL_PATH, "--addr", daemon_->address()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }
};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(EncorectlTest, DrivesTheDaemonFromTheCommandLine) {
  StartDaemon();
  const auto spec = temp_.path() / "cdnow.yaml";
  std::ofstream(spec) << CdnowSpec();

  ProcessResult plugins = Ctl({"plugins"});
  ASSERT_EQ(plugins.exit_code, 0) << plugins.err;
  EXPECT_TRUE(Contains(plugins.out, "csv  source")) << plugins.out;
  EXPECT_TRUE(Contains(plugins.out, "OPTION")) << plugins.out;
  EXPECT_TRUE(Contains(plugins.out, "libraries refused")) << plugins.out;

  ProcessResult validated = Ctl({"pipeline", "validate", spec.string()});
  EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  ProcessResult applied = Ctl({"pipeline", "apply", spec.string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(applied.out, "pipeline 'cdnow' applied (version 1)\n");

  // Not a terminal: progress comes as plain lines on stderr, the summary on stdout.
  ProcessResult run = Ctl({"run", "cdnow", "--request-id", "ctl-1"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "succeeded")) << run.out;
  EXPECT_TRUE(Contains(run.out, "23,570")) << run.out;
  EXPECT_TRUE(Contains(run.err, "%")) << run.err;
  EXPECT_FALSE(Contains(run.err, "\r")) << "no redrawing outside a terminal";

  ProcessResult again = Ctl({"run", "cdnow", "--request-id", "ctl-1", "--no-wait"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Contains(again.out, "succeeded")) << again.out;  // the same, finished run

  ProcessResult segments = Ctl({"segments", "cdnow"});
  ASSERT_EQ(segments.exit_code, 0) << segments.err;
  EXPECT_TRUE(Contains(segments.out, "R x F grid")) << segments.out;
  EXPECT_TRUE(Contains(segments.out, "23,570 customers")) << segments.out;

  ProcessResult listed = Ctl({"customers", "list", "cdnow", "--page-size", "5"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(Contains(listed.out, "5 of 23,570 customers")) << listed.out;
  EXPECT_TRUE(Contains(listed.out, "next page: --page-token")) << listed.out;

  // --scores keeps only the named columns, in the order given.
  ProcessResult narrow = Ctl({"customers", "list", "cdnow", "--page-size", "2", "--order-by",
                              "monetary_minor", "--desc", "--scores", "frequency,recency_days"});
  ASSERT_EQ(narrow.exit_code, 0) << narrow.err;
  const std::string header = narrow.out.substr(0, narrow.out.find('\n'));
  EXPECT_TRUE(Contains(header, "frequency")) << narrow.out;
  EXPECT_LT(header.find("frequency"), header.find("recency_days")) << narrow.out;
  EXPECT_FALSE(Contains(header, "monetary")) << narrow.out;
  EXPECT_FALSE(Contains(header, "r_score")) << narrow.out;

  ProcessResult customer = Ctl({"customer", "get", "cdnow", "1"});
  ASSERT_EQ(customer.exit_code, 0) << customer.err;
  EXPECT_TRUE(Contains(customer.out, "customer 1 in pipeline 'cdnow': 1 run")) << customer.out;
  EXPECT_TRUE(Contains(customer.out, "monetary (USD)")) << customer.out;

  ProcessResult runs = Ctl({"runs", "list"});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_TRUE(Contains(runs.out, "succeeded")) << runs.out;

  ProcessResult json = Ctl({"--json", "pipeline", "get", "cdnow"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Contains(json.out, "\"name\": \"cdnow\"")) << json.out;
}

TEST_F(EncorectlTest, FailuresGiveClearMessagesAndNonZeroExitCodes) {
  StartDaemon();
  const auto broken = temp_.path() / "broken.yaml";
  std::ofstream(broken) << "name: broken\nsources:\n  - name: orders\n    plugin: csv\n"
                           "    config: {path: /no/such/orders.csv}\n";
  ASSERT_EQ(Ctl({"pipeline", "apply", broken.string()}).exit_code, 0);
  ProcessResult failed = Ctl({"run", "broken"});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_TRUE(Contains(failed.out, "failed")) << failed.out;
  EXPECT_TRUE(Contains(failed.out, "/no/such/orders.csv")) << failed.out;

  const auto invalid = temp_.path() / "invalid.yaml";
  std::ofstream(invalid) << "name: invalid\nsources: []\n";
  ProcessResult refused = Ctl({"pipeline", "apply", invalid.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "encorectl: spec: ")) << refused.err;

  ProcessResult unknown = Ctl({"runs", "get", "r-none"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(Contains(unknown.err, "r-none")) << unknown.err;

  ProcessResult usage = Ctl({"customers", "list"});
  EXPECT_EQ(usage.exit_code, 2);

  ProcessResult unreachable = RunProcess({ENCORECTL_PATH, "--addr", "127.0.0.1:1", "plugins"});
  EXPECT_EQ(unreachable.exit_code, 3);
  EXPECT_TRUE(Contains(unreachable.err, "cannot reach encored at 127.0.0.1:1: "))
      << unreachable.err;
}

}  // namespace
}  // namespace encore::e2e
