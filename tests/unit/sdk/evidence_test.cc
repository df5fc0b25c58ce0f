// sdk/evidence.hpp: the exact JSON text of every kind of value, escaping, key order, replacing a
// field, and that nlohmann reads the text back to the same document.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <encore/sdk/evidence.hpp>
#include <encore/sdk/plugin.hpp>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace encore::sdk {
namespace {

using nlohmann::json;

TEST(EvidenceTest, StartsAsAnEmptyObject) {
  Evidence evidence;
  EXPECT_TRUE(evidence.empty());
  EXPECT_EQ(evidence.dump(), "{}");
  EXPECT_EQ(evidence.to_json(), json::object());
  evidence.add("a", 1);
  EXPECT_FALSE(evidence.empty());
  evidence = {};
  EXPECT_EQ(evidence.dump(), "{}");
}

TEST(EvidenceTest, AMovedFromEvidenceIsStillAnObject) {
  Evidence from = {{"a", 1}};
  Evidence to(std::move(from));
  EXPECT_EQ(to.dump(), R"({"a":1})");
  EXPECT_EQ(from.dump(), "{}");  // a moved-from evidence has a specified state
  from.add("b", 2);
  EXPECT_EQ(from.dump(), R"({"b":2})");
  to = std::move(from);
  EXPECT_EQ(to.dump(), R"({"b":2})");
  EXPECT_EQ(json::parse(from.dump()), json({{"a", 1}}));
}

TEST(EvidenceTest, WritesIntegersExactly) {
  Evidence evidence = {{"zero", 0},
                       {"days", 61},
                       {"negative", -7},
                       {"min", std::numeric_limits<int64_t>::min()},
                       {"max", std::numeric_limits<int64_t>::max()},
                       {"unsigned_max", std::numeric_limits<uint64_t>::max()},
                       {"short", static_cast<int16_t>(-2)},
                       {"byte", static_cast<uint8_t>(200)}};
  EXPECT_EQ(evidence.dump(),
            R"({"zero":0,"days":61,"negative":-7,"min":-9223372036854775808,)"
            R"("max":9223372036854775807,"unsigned_max":18446744073709551615,"short":-2,)"
            R"("byte":200})");
  const json parsed = evidence.to_json();
  EXPECT_EQ(parsed.at("min").get<int64_t>(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parsed.at("max").get<int64_t>(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parsed.at("unsigned_max").get<uint64_t>(), std::numeric_limits<uint64_t>::max());
}

TEST(EvidenceTest, WritesDoublesInTheShortestTextThatReadsBack) {
  Evidence evidence = {{"tenth", 0.1},       {"huge", 1e300},  {"half", 2.5},
                       {"minus_zero", -0.0}, {"whole", 30.0},  {"tiny", 1e-7},
                       {"third", 1.0 / 3},   {"float", 0.25f}, {"big", 1e16}};
  EXPECT_EQ(evidence.dump(),
            R"({"tenth":0.1,"huge":1e+300,"half":2.5,"minus_zero":-0.0,"whole":30.0,)"
            R"("tiny":1e-07,"third":0.3333333333333333,"float":0.25,"big":1e+16})");
  // Integral values keep a fraction so that they read back as floating point.
  const json parsed = evidence.to_json();
  EXPECT_TRUE(parsed.at("whole").is_number_float());
  EXPECT_TRUE(parsed.at("minus_zero").is_number_float());
  EXPECT_TRUE(std::signbit(parsed.at("minus_zero").get<double>()));
}

TEST(EvidenceTest, EveryDoubleReadsBackToTheSameBits) {
  const std::vector<double> values = {0.1,
                                      -123.456,
                                      1.0 / 3,
                                      std::exp(-28.0 / 70),
                                      std::numeric_limits<double>::max(),
                                      std::numeric_limits<double>::lowest(),
                                      std::numeric_limits<double>::min(),
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::epsilon(),
                                      9007199254740993.0,
                                      123456789012345678.0};
  for (const double v : values) {
    Evidence evidence = {{"v", v}};
    const double back = json::parse(evidence.dump()).at("v").get<double>();
    EXPECT_EQ(std::memcmp(&back, &v, sizeof(v)), 0) << evidence.dump();
  }
}

TEST(EvidenceTest, NonFiniteNumbersAreNull) {
  Evidence evidence = {{"nan", std::nan("")},
                       {"inf", std::numeric_limits<double>::infinity()},
                       {"minus_inf", -std::numeric_limits<double>::infinity()}};
  EXPECT_EQ(evidence.dump(), R"({"nan":null,"inf":null,"minus_inf":null})");
  EXPECT_EQ(evidence.to_json(), json({{"nan", nullptr}, {"inf", nullptr}, {"minus_inf", nullptr}}));
}

TEST(EvidenceTest, WritesFlagsAndNulls) {
  const char* missing = nullptr;
  Evidence evidence = {{"vip", true}, {"lapsed", false}, {"none", nullptr}, {"no_text", missing}};
  EXPECT_EQ(evidence.dump(), R"({"vip":true,"lapsed":false,"none":null,"no_text":null})");
}

TEST(EvidenceTest, TextFromEveryStringType) {
  const std::string tier = "C";
  const std::string_view segment = "champions";
  Evidence evidence = {{"from_tier", tier},
                       {"to_tier", "A"},
                       {"segment", segment},
                       {"made", std::string("here")},
                       {"empty", ""}};
  EXPECT_EQ(evidence.dump(),
            R"({"from_tier":"C","to_tier":"A","segment":"champions","made":"here","empty":""})");
}

TEST(EvidenceTest, EscapesQuotesBackslashesAndControlCharacters) {
  Evidence evidence = {{"quote", "say \"hi\""},
                       {"backslash", "C:\\dir"},
                       {"lines", "a\nb\r\tc"},
                       {"others", std::string("\b\f\x01\x1f\x7f", 5)},
                       {"nul", std::string("a\0b", 3)}};
  EXPECT_EQ(evidence.dump(),
            "{\"quote\":\"say \\\"hi\\\"\",\"backslash\":\"C:\\\\dir\",\"lines\":\"a\\nb\\r\\tc\","
            "\"others\":\"\\b\\f\\u0001\\u001f\x7f\",\"nul\":\"a\\u0000b\"}");
  EXPECT_EQ(evidence.to_json(), json({{"quote", "say \"hi\""},
                                      {"backslash", "C:\\dir"},
                                      {"lines", "a\nb\r\tc"},
                                      {"others", std::string("\b\f\x01\x1f\x7f", 5)},
                                      {"nul", std::string("a\0b", 3)}}));
}

TEST(EvidenceTest, EscapesKeysAsText) {
  Evidence evidence = {{"a \"key\"\n", 1}};
  EXPECT_EQ(evidence.dump(), "{\"a \\\"key\\\"\\n\":1}");
  EXPECT_EQ(evidence.to_json().at("a \"key\"\n"), 1);
}

TEST(EvidenceTest, Utf8PassesThrough) {
  const std::string text = "Москва €5 \xF0\x9F\x98\x80";  // two-, three- and four-byte forms
  Evidence evidence = {{"city", text}, {"ключ", 1}};
  EXPECT_EQ(evidence.dump(), "{\"city\":\"" + text + "\",\"ключ\":1}");
  EXPECT_EQ(evidence.to_json(), json({{"city", text}, {"ключ", 1}}));
}

TEST(EvidenceTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  // A lone byte, a cut sequence, an overlong form, a surrogate and a code point past U+10FFFF.
  Evidence evidence = {{"latin1", "caf\xE9"},
                       {"cut", "\xE2\x82"},
                       {"overlong", "\xC0\xAF"},
                       {"surrogate", "\xED\xA0\x80"},
                       {"too_high", "\xF4\x90\x80\x80"}};
  EXPECT_EQ(evidence.dump(),
            R"({"latin1":"caf\ufffd","cut":"\ufffd\ufffd","overlong":"\ufffd\ufffd",)"
            R"("surrogate":"\ufffd\ufffd\ufffd","too_high":"\ufffd\ufffd\ufffd\ufffd"})");
  EXPECT_EQ(evidence.to_json().at("latin1"), "caf\xEF\xBF\xBD");
}

TEST(EvidenceTest, KeepsTheOrderTheFieldsWereAdded) {
  Evidence evidence = {{"z", 1}, {"a", 2}};
  evidence.add("m", 3).add("b", 4);
  EXPECT_EQ(evidence.dump(), R"({"z":1,"a":2,"m":3,"b":4})");
}

TEST(EvidenceTest, AssigningThroughTheKeyReplacesOrAppends) {
  Evidence evidence = {{"a", 1}, {"b", "x,}"}, {"c", 2.5}};
  evidence["b"] = 5;
  EXPECT_EQ(evidence.dump(), R"({"a":1,"b":5,"c":2.5})");
  evidence["c"] = "a longer \"text\"";
  EXPECT_EQ(evidence.dump(), R"({"a":1,"b":5,"c":"a longer \"text\""})");
  evidence["a"] = false;
  EXPECT_EQ(evidence.dump(), R"({"a":false,"b":5,"c":"a longer \"text\""})");
  evidence["d"] = int64_t{-1};
  EXPECT_EQ(evidence.dump(), R"({"a":false,"b":5,"c":"a longer \"text\"","d":-1})");
  evidence["c"] = 7;
  EXPECT_EQ(evidence.dump(), R"({"a":false,"b":5,"c":7,"d":-1})");
}

TEST(EvidenceTest, AKeyInsideATextValueIsNotAField) {
  Evidence evidence = {{"note", "\"b\":1,\\"}, {"q\"k", 1}};
  evidence["b"] = 2;
  evidence["q\"k"] = 3;
  EXPECT_EQ(evidence.dump(), R"({"note":"\"b\":1,\\","q\"k":3,"b":2})");
  EXPECT_EQ(evidence.to_json(), json({{"note", "\"b\":1,\\"}, {"q\"k", 3}, {"b", 2}}));
}

TEST(EvidenceTest, AssigningToAnEmptyEvidenceAppends) {
  Evidence evidence;
  evidence["usual_gap_days"] = 30;
  EXPECT_EQ(evidence.dump(), R"({"usual_gap_days":30})");
}

TEST(EvidenceTest, ReadsBackAsTheDocumentNlohmannWouldMake) {
  const int64_t revenue = 620;
  Evidence evidence = {{"from_tier", std::string("C")},
                       {"to_tier", "A"},
                       {"revenue_minor", revenue},
                       {"drop_share", 0.25},
                       {"vip", true},
                       {"purchases", 5u}};
  evidence["previous_revenue_minor"] = 20;
  const json expected = {
      {"from_tier", "C"}, {"to_tier", "A"}, {"revenue_minor", 620},        {"drop_share", 0.25},
      {"vip", true},      {"purchases", 5}, {"previous_revenue_minor", 20}};
  EXPECT_EQ(json::parse(evidence.dump()), expected);
  EXPECT_EQ(evidence.to_json(), expected);
}

// The host gets the evidence's own text for each event.
TEST(EvidenceTest, PutEventsHandsTheTextToTheHost) {
  std::vector<std::string> received;
  encore_method_io_v1 io{};
  io.struct_size = sizeof(io);
  io.ctx = &received;
  io.put_events = [](void* ctx, const encore_event_v1* events, size_t count) -> int32_t {
    auto* out = static_cast<std::vector<std::string>*>(ctx);
    for (size_t i = 0; i < count; ++i) out->emplace_back(View(events[i].evidence_json));
    return ENCORE_OK;
  };
  std::vector<Event> events(2);
  events[0].evidence = {{"days_since_last_order", 61}, {"usual_gap_days", 30}};
  const MethodContext context(&io);
  context.put_events(events);
  EXPECT_EQ(received, std::vector<std::string>(
                          {R"({"days_since_last_order":61,"usual_gap_days":30})", "{}"}));
}

}  // namespace
}  // namespace encore::sdk
