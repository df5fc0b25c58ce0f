// ParsePipelineSpec: structure, defaults, both input forms and every structural error.
#include <gtest/gtest.h>

#include "daemon/config/pipeline_spec.h"

namespace encore {
namespace {

constexpr const char* kFullYaml = R"(# the online retail pipeline
name: online-retail
time_zone: Europe/London
currency: GBP
as_of: "2011-12-10"
segment_score: rfm_cell
sources:
  - name: orders
    plugin: csv
    config:
      path: /data/online_retail.csv.gz
      skip_rows: 1
methods:
  - name: rfm
    plugin: rfm
    config: {k: 5, weights: [1, 0.5, 2]}
sinks:
  - name: files
    plugin: file
)";

constexpr const char* kFullJson = R"({
  "name": "online-retail",
  "time_zone": "Europe/London",
  "currency": "GBP",
  "as_of": "2011-12-10",
  "segment_score": "rfm_cell",
  "sources": [
    {"name": "orders", "plugin": "csv",
     "config": {"path": "/data/online_retail.csv.gz", "skip_rows": 1}}
  ],
  "methods": [{"name": "rfm", "plugin": "rfm", "config": {"k": 5, "weights": [1, 0.5, 2]}}],
  "sinks": [{"name": "files", "plugin": "file"}]
})";

void ExpectFullSpec(const PipelineSpec& spec) {
  EXPECT_EQ(spec.name, "online-retail");
  EXPECT_EQ(spec.time_zone, "Europe/London");
  EXPECT_EQ(spec.currency, "GBP");
  EXPECT_EQ(spec.as_of, "2011-12-10");
  EXPECT_EQ(spec.segment_score, "rfm_cell");
  ASSERT_EQ(spec.sources.size(), 1u);
  EXPECT_EQ(spec.sources[0].name, "orders");
  EXPECT_EQ(spec.sources[0].plugin, "csv");
  EXPECT_EQ(spec.sources[0].config,
            nlohmann::json({{"path", "/data/online_retail.csv.gz"}, {"skip_rows", 1}}));
  ASSERT_EQ(spec.methods.size(), 1u);
  EXPECT_EQ(spec.methods[0].name, "rfm");
  EXPECT_EQ(spec.methods[0].plugin, "rfm");
  EXPECT_EQ(spec.methods[0].config.dump(), R"({"k":5,"weights":[1,0.5,2]})");
  ASSERT_EQ(spec.sinks.size(), 1u);
  EXPECT_EQ(spec.sinks[0].name, "files");
  EXPECT_EQ(spec.sinks[0].plugin, "file");
  EXPECT_EQ(spec.sinks[0].config, nlohmann::json::object());
  EXPECT_EQ(spec.reserved, nlohmann::json::object());
}

// The message of a spec that must not parse.
std::string ParseError(const std::string& text) {
  Result<PipelineSpec> spec = ParsePipelineSpec(text);
  if (spec.ok()) return "<parsed>";
  EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument) << spec.status().message();
  return spec.status().message();
}

TEST(PipelineSpecTest, ParsesYaml) {
  Result<PipelineSpec> spec = ParsePipelineSpec(kFullYaml);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  ExpectFullSpec(*spec);
  EXPECT_EQ(spec->text, kFullYaml);
}

TEST(PipelineSpecTest, ParsesJson) {
  Result<PipelineSpec> spec = ParsePipelineSpec(kFullJson);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  ExpectFullSpec(*spec);
  EXPECT_EQ(spec->text, kFullJson);
}

TEST(PipelineSpecTest, ParsesJsonIndentedWithTabs) {
  Result<PipelineSpec> spec = ParsePipelineSpec(
      "{\n\t\"name\": \"t\",\n\t\"sources\": [\n\t\t{\"name\": \"a\", \"plugin\": "
      "\"csv\"}\n\t]\n}");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "t");
  ASSERT_EQ(spec->sources.size(), 1u);
  EXPECT_EQ(spec->sources[0].plugin, "csv");
}

TEST(PipelineSpecTest, OptionalKeysTakeDefaults) {
  Result<PipelineSpec> spec =
      ParsePipelineSpec("name: daily\nsources:\n  - {name: orders, plugin: csv}\nmethods:\n");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->time_zone, "UTC");
  EXPECT_EQ(spec->currency, "USD");
  EXPECT_EQ(spec->as_of, "latest");
  EXPECT_EQ(spec->segment_score, "rfm_code");
  EXPECT_EQ(spec->sources[0].config, nlohmann::json::object());
  EXPECT_TRUE(spec->methods.empty());
  EXPECT_TRUE(spec->sinks.empty());
}

TEST(PipelineSpecTest, NullConfigMeansPluginDefaults) {
  Result<PipelineSpec> spec =
      ParsePipelineSpec("name: daily\nsources:\n  - name: orders\n    plugin: csv\n    config:\n");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->sources[0].config, nlohmann::json::object());
}

TEST(PipelineSpecTest, ReservedSectionsAreKeptNotInterpreted) {
  Result<PipelineSpec> spec = ParsePipelineSpec(R"(name: daily
sources: [{name: orders, plugin: csv}]
schedule: {cron: "0 3 * * *"}
routes: [{from: tasks, to: crm}]
)");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->reserved, nlohmann::json::parse(R"({
    "schedule": {"cron": "0 3 * * *"},
    "routes": [{"from": "tasks", "to": "crm"}]})"));
}

TEST(PipelineSpecTest, PlaybookOverridesTheDefaultEntriesFieldByField) {
  Result<PipelineSpec> spec = ParsePipelineSpec(R"(name: daily
sources: [{name: orders, plugin: csv}]
playbook:
  language: ru
  fallback_manager: desk
  events:
    rhythm_slowdown:
      priority: 1
      title: "{customer_id}: позвонить"
    segment_up: {enabled: false}
    birthday:
      channel: sms
      action: {en: Congratulate, ru: Поздравить}
)");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const Playbook& p = spec->playbook;
  EXPECT_EQ(p.language, "ru");
  EXPECT_EQ(p.fallback_manager, "desk");
  const PlaybookEntry& rhythm = p.For("rhythm_slowdown");
  EXPECT_EQ(rhythm.priority, 1);
  EXPECT_EQ(rhythm.due_days, 3);  // kept from the default entry
  EXPECT_EQ(rhythm.channel, "call");
  EXPECT_EQ(p.Text(rhythm.title), "{customer_id}: позвонить");
  EXPECT_EQ(rhythm.title.at("en"), "{customer_id} is late for their next order");
  EXPECT_FALSE(p.For("segment_up").enabled);
  const PlaybookEntry& birthday = p.For("birthday");  // a new type starts from "other"
  EXPECT_EQ(birthday.channel, "sms");
  EXPECT_EQ(p.Text(birthday.action), "Поздравить");
  EXPECT_EQ(p.Text(birthday.title), "{customer_id}: {type}");
  EXPECT_EQ(&p.For("unknown_type"), &p.other);
}

TEST(PipelineSpecTest, DefaultPlaybookHasEnglishAndRussianTextsForEveryEventType) {
  Result<PipelineSpec> spec = ParsePipelineSpec("name: d\nsources: [{name: o, plugin: csv}]\n");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const Playbook& p = spec->playbook;
  EXPECT_EQ(p.language, "en");
  EXPECT_EQ(p.fallback_manager, "unassigned");
  for (const char* type :
       {"segment_down", "segment_up", "rhythm_slowdown", "smaller_orders", "no_second_order",
        "last_call", "churned", "value_tier_down", "value_tier_up", "p_alive_drop", "item_due"}) {
    ASSERT_EQ(p.events.count(type), 1u) << type;
    const PlaybookEntry& e = p.events.at(type);
    for (const char* lang : {"en", "ru"}) {
      EXPECT_FALSE(e.title.at(lang).empty()) << type << " " << lang;
      EXPECT_FALSE(e.body.at(lang).empty()) << type << " " << lang;
      EXPECT_EQ(e.action.count(lang), 1u) << type << " " << lang;
    }
  }
}

TEST(PipelineSpecTest, BadPlaybookFieldsAreNamed) {
  EXPECT_EQ(ParseError("name: d\nsources: [{name: o, plugin: csv}]\nplaybook: {language: de}\n"),
            "line 3: playbook.language: must be en or ru");
  EXPECT_EQ(ParseError("name: d\nsources: [{name: o, plugin: csv}]\n"
                       "playbook: {events: {churned: {priority: 5}}}\n"),
            "line 3: playbook.events.churned.priority: must be an integer from 1 to 3");
  EXPECT_EQ(ParseError("name: d\nsources: [{name: o, plugin: csv}]\n"
                       "playbook: {events: {churned: {colour: red}}}\n"),
            "line 3: playbook.events.churned.colour: unknown field (known: enabled, priority, "
            "due_days, channel, action, title, body)");
  EXPECT_EQ(ParseError("name: d\nsources: [{name: o, plugin: csv}]\n"
                       "playbook: {events: {Churned: {}}}\n"),
            "line 3: playbook.events.Churned: an event type is snake_case (a-z, 0-9, _)");
  EXPECT_EQ(ParseError("name: d\nsources: [{name: o, plugin: csv}]\n"
                       "playbook: {events: {churned: {title: {fr: x}}}}\n"),
            "line 3: playbook.events.churned.title.fr: unknown language");
}

TEST(PipelineSpecTest, NameRules) {
  const std::string max_length(63, 'a');
  Result<PipelineSpec> spec =
      ParsePipelineSpec("name: " + max_length + "\nsources: [{name: 0-a_b, plugin: csv}]\n");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, max_length);
  EXPECT_EQ(spec->sources[0].name, "0-a_b");

  const char* rule =
      "must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit";
  EXPECT_EQ(ParseError("name: " + max_length + "a\nsources: [{name: a, plugin: csv}]\n"),
            "line 1: name: '" + max_length + "a' " + rule);
  EXPECT_EQ(ParseError("name: Online Retail\nsources: [{name: a, plugin: csv}]\n"),
            std::string("line 1: name: 'Online Retail' ") + rule);
  EXPECT_EQ(ParseError("name: -daily\nsources: [{name: a, plugin: csv}]\n"),
            std::string("line 1: name: '-daily' ") + rule);
  EXPECT_EQ(ParseError("name: daily\nsources:\n  - {name: Orders, plugin: csv}\n"),
            std::string("line 3: sources[0].name: 'Orders' ") + rule);
}

TEST(PipelineSpecTest, UnknownTopLevelKey) {
  EXPECT_EQ(ParseError("name: daily\nsources: [{name: a, plugin: csv}]\nshedule: daily\n"),
            "line 3: unknown key 'shedule' (known: name, time_zone, currency, as_of, "
            "segment_score, sources, methods, sinks, schedule, playbook, routes)");
}

TEST(PipelineSpecTest, DuplicateTopLevelKey) {
  EXPECT_EQ(ParseError("name: daily\nsources: [{name: a, plugin: csv}]\nname: weekly\n"),
            "line 3: duplicate key 'name'");
}

TEST(PipelineSpecTest, MissingRequiredTopLevelKeys) {
  EXPECT_EQ(ParseError("sources: [{name: a, plugin: csv}]\n"), "line 1: name: missing");
  EXPECT_EQ(ParseError("name: daily\n"), "line 1: sources: missing");
}

TEST(PipelineSpecTest, WrongTopLevelTypes) {
  EXPECT_EQ(ParseError("name: {first: a}\nsources: [{name: a, plugin: csv}]\n"),
            "line 1: name: must be a string, got a mapping");
  EXPECT_EQ(ParseError("name: ~\nsources: [{name: a, plugin: csv}]\n"),
            "line 1: name: must be a string, got null");
  EXPECT_EQ(ParseError("name: daily\ntime_zone: [UTC]\nsources: [{name: a, plugin: csv}]\n"),
            "line 2: time_zone: must be a string, got a sequence");
  EXPECT_EQ(ParseError("name: daily\nsources: {name: a, plugin: csv}\n"),
            "line 2: sources: must be a list of plugin instances");
  EXPECT_EQ(ParseError("name: daily\nsources: []\n"),
            "line 2: sources: at least one source is needed");
  EXPECT_EQ(ParseError("name: daily\nsources: [{name: a, plugin: csv}]\nsegment_score: ''\n"),
            "line 3: segment_score: empty");
}

TEST(PipelineSpecTest, CurrencyMustBeThreeUpperCaseLetters) {
  EXPECT_EQ(ParseError("name: daily\ncurrency: gbp\nsources: [{name: a, plugin: csv}]\n"),
            "line 2: currency: 'gbp' is not a currency code (3 upper-case letters)");
  EXPECT_EQ(ParseError("name: daily\ncurrency: EURO\nsources: [{name: a, plugin: csv}]\n"),
            "line 2: currency: 'EURO' is not a currency code (3 upper-case letters)");
}

TEST(PipelineSpecTest, PluginRefErrors) {
  EXPECT_EQ(ParseError("name: daily\nsources: [csv]\n"),
            "line 2: sources[0]: must be a mapping with name, plugin and config");
  EXPECT_EQ(ParseError("name: daily\nsources:\n  - name: orders\n    plugn: csv\n"),
            "line 4: sources[0]: unknown key 'plugn' (known: name, plugin, config)");
  EXPECT_EQ(ParseError("name: daily\nsources:\n  - name: orders\n"),
            "line 3: sources[0].plugin: missing");
  EXPECT_EQ(ParseError("name: daily\nsources:\n  - plugin: csv\n"),
            "line 3: sources[0].name: missing");
  EXPECT_EQ(
      ParseError("name: daily\nsources:\n  - {name: a, plugin: csv}\n  - {name: b, plugin: ''}\n"),
      "line 4: sources[1].plugin: empty");
  EXPECT_EQ(ParseError("name: daily\nsources:\n  - name: a\n    plugin: csv\n    config: [1, 2]\n"),
            "line 5: sources[0].config: must be a mapping");
  EXPECT_EQ(ParseError("name: daily\nsources:\n  - {name: a, plugin: csv}\nsinks: [{name: b}]\n"),
            "line 4: sinks[0].plugin: missing");
}

TEST(PipelineSpecTest, InstanceNamesAreUniqueAcrossSections) {
  EXPECT_EQ(ParseError(R"(name: daily
sources:
  - name: orders
    plugin: csv
methods:
  - name: rfm
    plugin: rfm
  - name: orders
    plugin: rfm
)"),
            "line 8: methods[1].name: duplicate instance name 'orders' (also used by sources[0])");
}

TEST(PipelineSpecTest, DuplicateConfigKey) {
  EXPECT_EQ(ParseError(R"(name: daily
sources:
  - name: orders
    plugin: csv
    config:
      path: a.csv
      path: b.csv
)"),
            "line 7: sources[0].config: duplicate key 'path'");
}

TEST(PipelineSpecTest, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(ParseError("name: daily\nsources: [{name: a, plugin: csv}\n"),
            "line 3: end of sequence flow not found");
  EXPECT_EQ(ParseError("name: daily\n  sources: []\n"), "line 2: illegal map value");
}

TEST(PipelineSpecTest, DocumentShapeErrors) {
  EXPECT_EQ(ParseError(""), "the spec is empty");
  EXPECT_EQ(ParseError("# only a comment\n"), "the spec is empty");
  EXPECT_EQ(ParseError("- name: daily\n"),
            "line 1: the spec must be a mapping (a YAML mapping or JSON object)");
  EXPECT_EQ(ParseError("name: a\nsources: [{name: a, plugin: csv}]\n---\nname: b\n"),
            "the spec must be a single YAML document, got 2");
}

}  // namespace
}  // namespace encore
