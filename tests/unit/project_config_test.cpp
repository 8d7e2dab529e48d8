#include <xbuild/project_config.hpp>

#include <algorithm>

#include <catch2/catch.hpp>

#include <xbuild/config_view.hpp>
#include <xbuild/effective_config.hpp>
#include <xbuild/target_groups.hpp>

#include "fake_command_runner.hpp"
#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

namespace {

const std::vector<Platform>& go119() {
    static const std::vector<Platform> platforms = [] {
        auto parsed = parse_dist_list_json(test::read_test_data("fixtures/dist_list_go1.19.json"));
        REQUIRE(parsed.ok());
        return *parsed;
    }();
    return platforms;
}

const Target k_host{"linux", "amd64", ""};

ProjectConfig parse_ok(const std::string& text) {
    auto config = parse_project_config(text, "xbuild.json");
    INFO(text);
    if (!config) FAIL(config.error().message);
    return *config;
}

std::string parse_error(const std::string& text) {
    auto config = parse_project_config(text, "xbuild.json");
    INFO(text);
    REQUIRE_FALSE(config.ok());
    return config.error().message;
}

ConfigLayers layers_with(const std::string& text, const Environment& env = {},
                         ConfigLayer command_line = {}) {
    ConfigLayers layers;
    layers.file = parse_ok(text);
    auto environment = environment_layer(env);
    REQUIRE(environment.ok());
    layers.environment = *environment;
    layers.command_line = std::move(command_line);
    return layers;
}

std::vector<std::string> names(const std::vector<Target>& targets) {
    std::vector<std::string> out;
    for (const Target& target : targets) out.push_back(target.str());
    return out;
}

}  // namespace

TEST_CASE("parse_project_config reads every key", "[project_config]") {
    const ProjectConfig config = parse_ok(R"({
  "targets": ["linux/amd64", "windows/*", "!windows/386"],
  "output": "dist/{{.Dir}}_{{.OS}}_{{.Arch}}",
  "ldflags": "-s -w",
  "gcflags": "all=-N",
  "tags": ["netgo", "osusergo"],
  "trimpath": true,
  "jobs": 3,
  "cgo": "off",
  "cc": {"linux/arm64": "aarch64-linux-gnu-gcc", "linux/arm/v7": "zig cc -target arm-linux-gnueabihf"},
  "cxx": {"linux/arm64": "aarch64-linux-gnu-g++"},
  "env": {"GOFLAGS": "-mod=mod"},
  "overrides": [
    {"targets": ["windows/*"], "ldflags": "-H windowsgui", "tags": "gui"}
  ]
})");
    REQUIRE(config.top.targets);
    CHECK(config.top.targets->value.specs ==
          std::vector<std::string>{"linux/amd64", "windows/*", "!windows/386"});
    CHECK(config.top.targets->source == "xbuild.json:2:14");
    CHECK(config.target_sources ==
          std::vector<std::string>{"xbuild.json:2:15", "xbuild.json:2:30", "xbuild.json:2:43"});
    const SettingsLayer& s = config.top.settings;
    CHECK(s.output->value == "dist/{{.Dir}}_{{.OS}}_{{.Arch}}");
    CHECK(s.output->source == "xbuild.json:3:13");
    CHECK(s.ldflags->value == "-s -w");
    CHECK(s.gcflags->value == "all=-N");
    CHECK(s.tags->value == "netgo,osusergo");
    CHECK(s.trimpath->value);
    CHECK(config.top.jobs->value == 3);
    CHECK(config.top.jobs->source == "xbuild.json:8:11");
    CHECK(s.cgo->value == CgoMode::off);
    CHECK(s.cc.at("linux/arm64").value == "aarch64-linux-gnu-gcc");
    CHECK(s.cc.at("linux/arm/v7").value == "zig cc -target arm-linux-gnueabihf");
    CHECK(s.cxx.at("linux/arm64").value == "aarch64-linux-gnu-g++");
    CHECK(s.env.at("GOFLAGS").value == "-mod=mod");
    CHECK(s.env.at("GOFLAGS").source == "xbuild.json:12:22");
    REQUIRE(config.overrides.size() == 1);
    CHECK(config.overrides[0].source == "xbuild.json:14:5");
    CHECK(config.overrides[0].targets[0].value == "windows/*");
    CHECK(config.overrides[0].settings.ldflags->value == "-H windowsgui");
    CHECK(config.overrides[0].settings.tags->value == "gui");
    CHECK_FALSE(config.overrides[0].settings.output);
}

TEST_CASE("parse_project_config: an empty object is no setting at all", "[project_config]") {
    const ProjectConfig config = parse_ok("{}");
    CHECK_FALSE(config.top.targets);
    CHECK_FALSE(config.top.jobs);
    CHECK(settings_values(config.top.settings) == nlohmann::json::object());
    CHECK(config.overrides.empty());
}

TEST_CASE("parse_project_config: wrong types are errors at the value's line:column",
          "[project_config]") {
    struct Case {
        std::string key_and_value;
        std::string message;
    };
    const std::vector<Case> cases = {
        {R"("targets": "linux/amd64")",
         R"("targets" must be a non-empty array of target patterns such as ["linux/amd64", "windows/*"], not a string)"},
        {R"("targets": [])",
         R"("targets" must be a non-empty array of target patterns such as ["linux/amd64", "windows/*"], not an empty one)"},
        {R"("output": 1)", R"("output" must be a string, not a number)"},
        {R"("output": "")", R"("output" must not be empty; leave it out for the default)"},
        {R"("ldflags": ["-s"])", R"("ldflags" must be a string, not an array)"},
        {R"("gcflags": null)", R"("gcflags" must be a string, not null)"},
        {R"("tags": {"a": 1})", R"("tags" must be a string or an array of strings, not an object)"},
        {R"("trimpath": "yes")", R"("trimpath" must be true or false, not a string)"},
        {R"("jobs": "4")", R"("jobs" must be a positive integer, not a string)"},
        {R"("jobs": 0)", R"("jobs" must be a positive integer, not 0)"},
        {R"("jobs": -2)", R"("jobs" must be a positive integer, not -2)"},
        {R"("jobs": 1.5)", R"("jobs" must be a positive integer, not 1.5)"},
        {R"("cgo": "yes")", R"("cgo" must be "auto", "on" or "off", not "yes")"},
        {R"("cgo": true)", R"("cgo" must be "auto", "on" or "off", not a boolean)"},
        {R"("cc": "gcc")",
         R"("cc" must be an object of target to command, such as {"linux/arm64": "aarch64-linux-gnu-gcc"}, not a string)"},
        {R"("cxx": ["g++"])",
         R"("cxx" must be an object of target to command, such as {"linux/arm64": "aarch64-linux-gnu-gcc"}, not an array)"},
        {R"("env": [])", R"("env" must be an object of variable to value, not an array)"},
        {R"("overrides": {})", R"("overrides" must be an array of objects, not an object)"},
        {R"("overrides": ["windows"])",
         R"(each entry of "overrides" must be an object, not a string)"},
    };
    for (const Case& c : cases) {
        // The value always starts at column 5 + the key's length + 2.
        const std::string text = "{\n\n    " + c.key_and_value + "\n}";
        const std::size_t column = 5 + c.key_and_value.find(':') + 2;
        const std::size_t value_column =
            c.key_and_value.find("[\"windows") != std::string::npos ? column + 1 : column;
        CHECK(parse_error(text) == fmt::format("xbuild.json:3:{}: {}", value_column, c.message));
    }
}

TEST_CASE("parse_project_config: nested values are pinpointed", "[project_config]") {
    CHECK(parse_error("{\"targets\": [\"linux/amd64\", 7]}") ==
          "xbuild.json:1:29: \"targets\" items must be non-empty strings, not a number");
    CHECK(parse_error("{\"tags\": [\"a\", false]}") ==
          "xbuild.json:1:16: \"tags\" items must be strings, not a boolean");
    CHECK(parse_error("{\"cc\": {\"linux/arm64\": 1}}") ==
          "xbuild.json:1:24: \"cc\" for linux/arm64 must be a command string, not a number");
    CHECK(parse_error("{\"cc\": {\"linux/arm64\": \"'gcc\"}}") ==
          "xbuild.json:1:24: \"cc\" for linux/arm64: unbalanced ' quote at column 1 of \"'gcc\"");
    CHECK(parse_error("{\"cc\": {\"linux\": \"gcc\"}}")
              .starts_with("xbuild.json:1:9: \"cc\": invalid target \"linux\""));
    CHECK(parse_error("{\"env\": {\"A\": 1}}") ==
          "xbuild.json:1:15: \"env\" value of A must be a string, not a number");
    CHECK(parse_error("{\"env\": {\"A=B\": \"1\"}}") ==
          "xbuild.json:1:10: \"env\": \"A=B\" is not a variable name");
    CHECK(parse_error("{\"env\": {\"GOOS\": \"linux\"}}") ==
          "xbuild.json:1:10: \"env\" cannot set GOOS; xbuild sets it per target (use \"targets\" "
          "and \"cgo\")");
    CHECK(parse_error("{\"overrides\": [{\"targets\": [\"windows/*\"], \"trimpath\": 1}]}") ==
          "xbuild.json:1:55: \"trimpath\" must be true or false, not a number");
}

TEST_CASE("parse_project_config: unknown keys get a suggestion at the key", "[project_config]") {
    CHECK(parse_error("{\n  \"targets\": [\"linux/amd64\"],\n  \"output\": \"x\",\n    \"ldflag\": "
                      "\"-s\"\n}") ==
          "xbuild.json:4:5: unknown key \"ldflag\" (did you mean \"ldflags\"?)");
    CHECK(parse_error("{\"trimpth\": true}") ==
          "xbuild.json:1:2: unknown key \"trimpth\" (did you mean \"trimpath\"?)");
    CHECK(parse_error("{\"zzzzzz\": true}")
              .starts_with("xbuild.json:1:2: unknown key \"zzzzzz\"; the keys are targets, jobs"));
    CHECK(parse_error("{\"overrides\": [{\"targets\": [\"linux/*\"], \"outptu\": \"x\"}]}") ==
          "xbuild.json:1:41: unknown key \"outptu\" (did you mean \"output\"?)");
    CHECK(parse_error("{\"overrides\": [{\"targets\": [\"linux/*\"], \"jobs\": 2}]}") ==
          "xbuild.json:1:41: \"jobs\" cannot be set per target; move it to the top level of the "
          "file");
    CHECK(parse_error("{\"overrides\": [{\"targets\": [\"linux/*\"], \"overrides\": []}]}") ==
          "xbuild.json:1:41: \"overrides\" cannot be set per target; move it to the top level of "
          "the file");
    CHECK(parse_error("{\"overrides\": [\n  {\"tags\": \"x\"}]}") ==
          "xbuild.json:2:3: this entry of \"overrides\" has no \"targets\"; add the patterns of "
          "the targets it "
          "applies to, e.g. \"targets\": [\"windows/*\"]");
}

TEST_CASE("parse_project_config: syntax errors, duplicates, a non-object", "[project_config]") {
    CHECK(parse_error("{\n  \"targets\": [\"linux/amd64\",]\n}")
              .starts_with("xbuild.json:2:29: syntax error"));
    CHECK(parse_error("").starts_with("xbuild.json:1:1: "));
    CHECK(parse_error("{\"a\": 1} x").starts_with("xbuild.json:1:10: syntax error"));
    CHECK(parse_error("[1]") ==
          "xbuild.json:1:1: the configuration must be a JSON object, not an array");
    CHECK(parse_error("{\"jobs\": 1,\n \"jobs\": 2}") ==
          "xbuild.json:2:2: key \"jobs\" appears twice in one object; keep one");
    CHECK(parse_error("{\"a\": \"\xff\"}").starts_with("xbuild.json:1:"));
    // nlohmann quotes the bytes it read; the message stays one printable line.
    const std::string control = parse_error("\x7f\n{");
    CHECK(control.starts_with("xbuild.json:1:1: "));
    CHECK(std::none_of(control.begin(), control.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
    CHECK(parse_error("{\"ldflags\": \"-X main.v={{.Verison}}\"}")
              .starts_with("xbuild.json:1:13: \"ldflags\": "));
    CHECK(
        parse_error("{\"output\": \"dist/{{.OS}\"}").starts_with("xbuild.json:1:12: \"output\": "));
}

TEST_CASE("environment_layer reads XBUILD_* and rejects bad values naming the variable",
          "[project_config]") {
    auto layer = environment_layer({{"XBUILD_TARGETS", "linux/amd64, windows/*"},
                                    {"XBUILD_OUTPUT", "out/{{.OS}}"},
                                    {"XBUILD_LDFLAGS", "-s"},
                                    {"XBUILD_GCFLAGS", "-N"},
                                    {"XBUILD_TAGS", "netgo"},
                                    {"XBUILD_TRIMPATH", "true"},
                                    {"XBUILD_JOBS", "7"},
                                    {"XBUILD_CGO", "on"},
                                    {"XBUILD_LDFLAGS_UNRELATED", "x"}});
    REQUIRE(layer.ok());
    CHECK(layer->targets->value.specs == std::vector<std::string>{"linux/amd64", "windows/*"});
    CHECK(layer->targets->source == "XBUILD_TARGETS");
    CHECK(layer->settings.output->value == "out/{{.OS}}");
    CHECK(layer->settings.ldflags->source == "XBUILD_LDFLAGS");
    CHECK(layer->settings.trimpath->value);
    CHECK(layer->jobs->value == 7);
    CHECK(layer->settings.cgo->value == CgoMode::on);

    auto empty = environment_layer({{"XBUILD_JOBS", ""}, {"XBUILD_LDFLAGS", ""}});
    REQUIRE(empty.ok());
    CHECK_FALSE(empty->jobs);
    CHECK_FALSE(empty->settings.ldflags);

    CHECK(environment_layer({{"XBUILD_TRIMPATH", "0"}})->settings.trimpath->value == false);
    CHECK(environment_layer({{"XBUILD_JOBS", "x"}}).error().message ==
          "XBUILD_JOBS \"x\": expected a positive integer");
    CHECK(environment_layer({{"XBUILD_JOBS", "0"}}).error().message ==
          "XBUILD_JOBS \"0\": expected a positive integer");
    CHECK(environment_layer({{"XBUILD_JOBS", "3x"}}).error().message ==
          "XBUILD_JOBS \"3x\": expected a positive integer");
    CHECK(environment_layer({{"XBUILD_TRIMPATH", "yes"}}).error().message ==
          "XBUILD_TRIMPATH \"yes\": expected 1, 0, true or false");
    CHECK(environment_layer({{"XBUILD_CGO", "maybe"}}).error().message ==
          "XBUILD_CGO \"maybe\": expected auto, on or off");
    CHECK(environment_layer({{"XBUILD_LDFLAGS", "-X v={{.Verison}}"}})
              .error()
              .message.starts_with("XBUILD_LDFLAGS: "));
    CHECK(environment_layer({{"XBUILD_OUTPUT", "dist/{{.OS"}})
              .error()
              .message.starts_with("XBUILD_OUTPUT: "));
}

TEST_CASE("precedence: default < xbuild.json < XBUILD_* < command line", "[project_config]") {
    const std::string file =
        R"({"ldflags": "-s", "jobs": 2, "targets": ["linux/arm64"], "trimpath": true, "cgo": "off"})";

    SECTION("defaults") {
        ConfigLayers none;
        const TargetSettings settings = base_settings(none);
        CHECK(settings.ldflags.value.empty());
        CHECK(settings.ldflags.source == "default");
        CHECK(settings.output.value.empty());
        CHECK_FALSE(settings.trimpath.value);
        CHECK(settings.cgo.value == CgoMode::automatic);
        CHECK_FALSE(effective_jobs(none));
        CHECK(effective_targets(none).source == "default");
        CHECK(effective_targets(none).value.specs.empty());
    }
    SECTION("the file beats the defaults") {
        const ConfigLayers layers = layers_with(file);
        const TargetSettings settings = base_settings(layers);
        CHECK(settings.ldflags.value == "-s");
        CHECK(settings.ldflags.source == "xbuild.json:1:13");
        CHECK(settings.trimpath.value);
        CHECK(settings.cgo.value == CgoMode::off);
        CHECK(effective_jobs(layers)->value == 2);
        CHECK(effective_targets(layers).value.specs == std::vector<std::string>{"linux/arm64"});
    }
    SECTION("the environment beats the file") {
        const ConfigLayers layers = layers_with(file, {{"XBUILD_LDFLAGS", "-w"},
                                                       {"XBUILD_JOBS", "5"},
                                                       {"XBUILD_TARGETS", "windows/amd64"},
                                                       {"XBUILD_TRIMPATH", "0"},
                                                       {"XBUILD_CGO", "auto"}});
        const TargetSettings settings = base_settings(layers);
        CHECK(settings.ldflags.value == "-w");
        CHECK(settings.ldflags.source == "XBUILD_LDFLAGS");
        CHECK_FALSE(settings.trimpath.value);
        CHECK(settings.trimpath.source == "XBUILD_TRIMPATH");
        CHECK(settings.cgo.value == CgoMode::automatic);
        CHECK(effective_jobs(layers)->source == "XBUILD_JOBS");
        CHECK(effective_jobs(layers)->value == 5);
        CHECK(effective_targets(layers).value.specs == std::vector<std::string>{"windows/amd64"});
    }
    SECTION("the command line beats both, an empty value included") {
        ConfigLayer flags;
        flags.settings.ldflags = Sourced<std::string>{"", "--ldflags"};
        flags.settings.trimpath = Sourced<bool>{true, "--trimpath"};
        flags.jobs = Sourced<std::size_t>{1, "--jobs"};
        flags.targets = Sourced<TargetSelection>{{{"darwin"}, {}, {}}, "--os"};
        const ConfigLayers layers = layers_with(file,
                                                {{"XBUILD_LDFLAGS", "-w"},
                                                 {"XBUILD_JOBS", "5"},
                                                 {"XBUILD_TARGETS", "windows/amd64"},
                                                 {"XBUILD_TRIMPATH", "0"}},
                                                flags);
        const TargetSettings settings = base_settings(layers);
        CHECK(settings.ldflags.value.empty());
        CHECK(settings.ldflags.source == "--ldflags");
        CHECK(settings.trimpath.value);
        CHECK(effective_jobs(layers)->value == 1);
        const auto targets = effective_targets(layers);
        CHECK(targets.source == "--os");
        CHECK(targets.value.os_list == std::vector<std::string>{"darwin"});
        CHECK(targets.value.specs.empty());  // the file's targets are replaced, not added to
        CHECK(names(*expand_config_targets(layers, go119(), k_host)) ==
              std::vector<std::string>{"darwin/amd64", "darwin/arm64"});
    }
}

TEST_CASE("overrides apply to the targets they match, in order, below env and flags",
          "[project_config]") {
    const std::string file = R"({
  "ldflags": "-s",
  "output": "dist/{{.OS}}_{{.Arch}}",
  "overrides": [
    {"targets": ["windows"], "ldflags": "-H windowsgui", "tags": "win"},
    {"targets": ["*/arm*", "!linux/arm/v6"], "ldflags": "-arm"},
    {"targets": ["windows/arm64"], "ldflags": "-last"},
    {"targets": ["linux/arm/v7"], "cgo": "off"},
    {"targets": ["first-class", "!windows"], "trimpath": true}
  ]
})";
    const ConfigLayers layers = layers_with(file);
    auto settings = [&](const Target& target) { return target_settings(layers, target, go119()); };

    CHECK(settings({"linux", "amd64", ""}).ldflags.value == "-s");
    CHECK(settings({"linux", "amd64", ""}).trimpath.value);  // first-class
    CHECK(settings({"windows", "amd64", ""}).ldflags.value == "-H windowsgui");
    CHECK(settings({"windows", "amd64", ""}).ldflags.source == "xbuild.json:5:41");
    CHECK(settings({"windows", "amd64", ""}).tags.value == "win");
    CHECK_FALSE(
        settings({"windows", "amd64", ""}).trimpath.value);  // excluded from the first-class one
    CHECK(settings({"windows", "arm64", ""}).ldflags.value == "-last");  // the later override wins
    CHECK(settings({"windows", "arm64", ""}).tags.value ==
          "win");  // the earlier one's other keys stay
    CHECK(settings({"linux", "arm64", ""}).ldflags.value == "-arm");
    CHECK(settings({"linux", "arm", "v7"}).ldflags.value ==
          "-arm");  // a pattern without variant covers them
    CHECK(settings({"linux", "arm", "v7"}).cgo.value == CgoMode::off);
    CHECK(settings({"linux", "arm", "v6"}).ldflags.value ==
          "-s");  // the exclusion names the variant
    CHECK(settings({"linux", "arm", "v6"}).cgo.value == CgoMode::automatic);
    CHECK(settings({"linux", "arm", ""}).cgo.value ==
          CgoMode::automatic);  // an exact variant only that one
    CHECK(matching_overrides(layers, {"windows", "arm64", ""}, go119()) ==
          std::vector<std::string>{"xbuild.json:5:5", "xbuild.json:6:5", "xbuild.json:7:5"});

    SECTION("the environment and the command line beat an override too") {
        ConfigLayer flags;
        flags.settings.tags = Sourced<std::string>{"cli", "--tags"};
        const ConfigLayers above = layers_with(file, {{"XBUILD_LDFLAGS", "-env"}}, flags);
        const TargetSettings windows = target_settings(above, {"windows", "amd64", ""}, go119());
        CHECK(windows.ldflags.value == "-env");
        CHECK(windows.ldflags.source == "XBUILD_LDFLAGS");
        CHECK(windows.tags.value == "cli");
    }
    SECTION("targets with equal settings form one group, in target order") {
        const std::vector<Target> targets = {{"linux", "amd64", ""},
                                             {"windows", "amd64", ""},
                                             {"darwin", "amd64", ""},
                                             {"linux", "riscv64", ""}};
        const std::vector<TargetGroup> groups = group_targets(layers, targets, go119());
        REQUIRE(groups.size() == 3);
        CHECK(names(groups[0].targets) == std::vector<std::string>{"linux/amd64", "darwin/amd64"});
        CHECK(names(groups[1].targets) == std::vector<std::string>{"windows/amd64"});
        CHECK(names(groups[2].targets) ==
              std::vector<std::string>{"linux/riscv64"});  // not first-class
    }
}

TEST_CASE("cc: a --cc for a target beats the file's entry for that target only",
          "[project_config]") {
    const std::string file = R"({
  "cc": {"linux/arm64": "aarch64-linux-gnu-gcc", "windows/amd64": "x86_64-w64-mingw32-gcc"},
  "overrides": [{"targets": ["linux/arm/v7"], "cc": {"linux/arm/v7": "arm-linux-gnueabihf-gcc -march=armv7-a"}}]
})";
    ConfigLayer flags;
    flags.settings.cc["linux/arm64"] =
        Sourced<std::string>{"zig cc -target aarch64-linux-gnu", "--cc"};
    const ConfigLayers layers = layers_with(file, {}, flags);
    const TargetSettings base = base_settings(layers);
    CHECK(base.cc.at("linux/arm64").value == "zig cc -target aarch64-linux-gnu");
    CHECK(base.cc.at("linux/arm64").source == "--cc");
    CHECK(base.cc.at("windows/amd64").value == "x86_64-w64-mingw32-gcc");
    CHECK(base.cc.at("windows/amd64").source == "xbuild.json:2:67");
    CHECK(base.cc.count("linux/arm/v7") == 0);

    const TargetSettings arm = target_settings(layers, {"linux", "arm", "v7"}, go119());
    auto cc = cc_settings_for(arm, {{"PATH", "/usr/bin"}}, k_host);
    REQUIRE(cc.ok());
    CHECK(cc->env.at("PATH") == "/usr/bin");
    REQUIRE(cc->overrides.size() == 3);
    const auto v7 = std::find_if(cc->overrides.begin(), cc->overrides.end(),
                                 [](const CcOverride& o) { return o.target.variant == "v7"; });
    REQUIRE(v7 != cc->overrides.end());
    CHECK(v7->command == std::vector<std::string>{"arm-linux-gnueabihf-gcc", "-march=armv7-a"});
    CHECK(v7->origin == "xbuild.json:3:70");
    CHECK(v7->language == CcLanguage::c);
}

TEST_CASE("env: the file's values replace inherited ones; overrides merge by name",
          "[project_config]") {
    const ConfigLayers layers = layers_with(R"({
  "env": {"GOFLAGS": "-mod=mod", "CGO_CFLAGS": "-O2"},
  "overrides": [{"targets": ["windows"], "env": {"CGO_CFLAGS": "-O0"}}]
})");
    const Environment inherited = {{"GOFLAGS", "-mod=vendor"}, {"PATH", "/bin"}};
    const Environment linux =
        environment_with(inherited, target_settings(layers, {"linux", "amd64", ""}, go119()));
    CHECK(linux.at("GOFLAGS") == "-mod=mod");
    CHECK(linux.at("CGO_CFLAGS") == "-O2");
    CHECK(linux.at("PATH") == "/bin");
    const Environment windows =
        environment_with(inherited, target_settings(layers, {"windows", "amd64", ""}, go119()));
    CHECK(windows.at("CGO_CFLAGS") == "-O0");
    CHECK(windows.at("GOFLAGS") == "-mod=mod");
}

TEST_CASE("expand_config_targets points at the bad pattern", "[project_config]") {
    CHECK(
        expand_config_targets(layers_with("{\"targets\": [\"linux/amd64\",\n \"linx/arm64\"]}"),
                              go119(), k_host)
            .error()
            .message.starts_with(
                "xbuild.json:2:2: unknown target \"linx/arm64\" (did you mean \"linux/arm64\"?)"));
    CHECK(expand_config_targets(
              layers_with("{\"overrides\": [{\"targets\": [\"windoze\"], \"tags\": \"x\"}]}"),
              go119(), k_host)
              .error()
              .message.starts_with(
                  "xbuild.json:1:29: unknown os \"windoze\" (did you mean \"windows\"?)"));
    CHECK(expand_config_targets(layers_with("{}", {{"XBUILD_TARGETS", "linux/amd46"}}), go119(),
                                k_host)
              .error()
              .message.starts_with("XBUILD_TARGETS: unknown target \"linux/amd46\""));
    auto expanded = expand_config_targets(
        layers_with("{\"targets\": [\"linux/arm*\", \"!linux/arm\"]}"), go119(), k_host);
    REQUIRE(expanded.ok());
    CHECK(names(*expanded) == std::vector<std::string>{"linux/arm64"});
    CHECK(names(*expand_config_targets(layers_with("{}"), go119(), k_host)) ==
          std::vector<std::string>{"linux/amd64"});
}

TEST_CASE("config_request changes with values, not with layout or sources", "[project_config]") {
    const std::string compact =
        R"({"ldflags":"-s","overrides":[{"targets":["windows"],"tags":"x"}],"jobs":2})";
    const std::string spread =
        "{\n  \"jobs\": 9,\n\n  \"overrides\": [ { \"tags\": \"x\", \"targets\": [ \"windows\" ] } "
        "],\n"
        "  \"ldflags\": \"-s\"\n}\n";
    CHECK(config_request(layers_with(compact)) ==
          config_request(layers_with(spread)));  // jobs does not shape artifacts
    CHECK(config_request(layers_with(compact)) !=
          config_request(
              layers_with(R"({"ldflags":"-w","overrides":[{"targets":["windows"],"tags":"x"}]})")));
    CHECK(config_request(layers_with(compact)) !=
          config_request(layers_with(
              R"({"ldflags":"-s","overrides":[{"targets":["windows/*"],"tags":"x"}]})")));
    CHECK(config_request(layers_with(compact)) !=
          config_request(layers_with(compact, {{"XBUILD_TAGS", "y"}})));
    CHECK(
        config_templates(layers_with(
            R"({"output":"o/{{.Version}}","overrides":[{"targets":["windows"],"ldflags":"-X a={{.Date}}"}]})")) ==
        std::vector<std::string>{"o/{{.Version}}", "-X a={{.Date}}"});
}

TEST_CASE("load_project_config finds xbuild.json in the module root", "[project_config]") {
    test::TempDir dir;
    const fs::path root = dir.path() / "module";
    test::write_file(root / "go.mod", "module example.com/m\n");
    test::write_file(root / "cmd" / "tool" / "main.go", "package main\n");

    SECTION("none: no configuration") {
        auto loaded = load_project_config(root / "cmd" / "tool", std::nullopt, {});
        REQUIRE(loaded.ok());
        CHECK_FALSE(*loaded);
    }
    SECTION("walks up from a subdirectory to go.mod's directory") {
        test::write_file(root / "xbuild.json", "{\"jobs\": 2}");
        auto loaded = load_project_config(root / "cmd" / "tool", std::nullopt, {});
        REQUIRE(loaded.ok());
        REQUIRE(*loaded);
        CHECK((*loaded)->path == root / "xbuild.json");
        CHECK((*loaded)->name == "../../xbuild.json");
        CHECK((*loaded)->top.jobs->source == "../../xbuild.json:1:10");
    }
    SECTION("errors name the file as seen from the current directory") {
        test::write_file(root / "xbuild.json", "{\"jobs\": true}");
        CHECK(load_project_config(root, std::nullopt, {}).error().message ==
              "xbuild.json:1:10: \"jobs\" must be a positive integer, not a boolean");
    }
    SECTION("--config and XBUILD_CONFIG name a file that must exist") {
        test::write_file(root / "other.json", "{\"jobs\": 3}");
        auto flag = load_project_config(root, std::string("other.json"),
                                        {{"XBUILD_CONFIG", "missing.json"}});
        REQUIRE(flag.ok());
        CHECK((*flag)->top.jobs->value == 3);
        auto env = load_project_config(root, std::nullopt, {{"XBUILD_CONFIG", "other.json"}});
        REQUIRE(env.ok());
        CHECK((*env)->name == "other.json");
        CHECK(load_project_config(root, std::string("nope.json"), {})
                  .error()
                  .message.starts_with("--config "));
        CHECK(load_project_config(root, std::nullopt, {{"XBUILD_CONFIG", "nope.json"}})
                  .error()
                  .message.starts_with("XBUILD_CONFIG "));
        CHECK(load_project_config(root, std::string("cmd"), {}).error().message ==
              "cmd: is a directory, not a configuration file");
    }
    SECTION("without go.mod, the current directory") {
        test::write_file(dir.path() / "loose" / "xbuild.json", "{}");
        CHECK(config_root(dir.path() / "loose") == dir.path() / "loose");
        auto loaded = load_project_config(dir.path() / "loose", std::nullopt, {});
        REQUIRE(loaded.ok());
        CHECK(*loaded);
    }
}

TEST_CASE("plan_target_groups plans each group with its own settings, in target order",
          "[project_config]") {
    Toolchain toolchain;
    toolchain.go = "/sdk/bin/go";
    toolchain.env = GoEnv{"/sdk", "go1.19.8", "linux", "amd64", ""};
    toolchain.platforms = go119();
    const ConfigLayers layers = layers_with(R"({
  "ldflags": "-s",
  "env": {"GOFLAGS": "-mod=mod"},
  "overrides": [{"targets": ["windows"], "ldflags": "-H windowsgui", "output": "win/{{.Arch}}", "cgo": "off"}]
})");
    PlanInput input;
    input.toolchain = &toolchain;
    input.targets = {{"linux", "amd64", ""}, {"windows", "amd64", ""}, {"linux", "arm64", ""}};
    input.packages = {MainPackage{"example.com/hello", "/src/hello"}};
    input.cwd = "/src/hello";
    input.base_env = {{"PATH", "/usr/bin"}, {"GOFLAGS", "-mod=vendor"}};
    input.unique = "u1";

    test::FakeCommandRunner runner;
    std::string scan_args;
    for (const std::string& arg : cgo_scan_args("example.com/hello"))
        scan_args += (scan_args.empty() ? "" : " ") + arg;
    runner.reply(scan_args,
                 R"({"ImportPath": "example.com/hello", "Name": "main", "Dir": "/src/hello"})");
    const CcRegistry registry;
    auto jobs = plan_target_groups(
        layers, input, CgoContext{&toolchain, CgoMode::automatic, &registry, {}, nullptr, &runner});
    REQUIRE(jobs.ok());
    REQUIRE(jobs->size() == 3);
    CHECK((*jobs)[0].target.str() == "linux/amd64");
    CHECK((*jobs)[1].target.str() == "windows/amd64");
    CHECK((*jobs)[2].target.str() == "linux/arm64");
    auto has_arg = [](const BuildJob& job, const std::string& arg) {
        return std::find(job.command.argv.begin(), job.command.argv.end(), arg) !=
               job.command.argv.end();
    };
    CHECK(has_arg((*jobs)[0], "-ldflags=-s"));
    CHECK(has_arg((*jobs)[1], "-ldflags=-H windowsgui"));
    CHECK(has_arg((*jobs)[2], "-ldflags=-s"));
    CHECK((*jobs)[0].output_path == "/src/hello/dist/hello_linux_amd64");
    CHECK((*jobs)[1].output_path == "/src/hello/win/amd64.exe");
    CHECK((*jobs)[0].command.env.at("GOFLAGS") == "-mod=mod");
    CHECK((*jobs)[1].cgo.mode == CgoMode::off);
    CHECK((*jobs)[0].cgo.mode == CgoMode::automatic);
    // Every job's cgo scan ran with its group's environment.
    REQUIRE(runner.calls.size() == 3);
    for (const ProcessSpec& call : runner.calls) CHECK(call.env.at("GOFLAGS") == "-mod=mod");

    SECTION("two groups rendering one path is an error before anything runs") {
        const ConfigLayers clash = layers_with(
            R"({"output": "out/x", "overrides": [{"targets": ["linux/arm64"], "ldflags": "-w"}]})");
        PlanInput two = input;
        two.targets = {{"linux", "amd64", ""}, {"linux", "arm64", ""}};
        auto planned = plan_target_groups(
            clash, two,
            CgoContext{&toolchain, CgoMode::automatic, &registry, {}, nullptr, &runner});
        REQUIRE_FALSE(planned.ok());
        CHECK(planned.error().message.starts_with(
            "linux/amd64 and linux/arm64 get the same output path /src/hello/out/x"));
    }
}

TEST_CASE("config view: every value with its source, for all targets or one", "[project_config]") {
    const ConfigLayers layers = layers_with(R"({
  "targets": ["linux/amd64", "windows/amd64"],
  "ldflags": "-s",
  "overrides": [{"targets": ["windows"], "ldflags": "-H windowsgui"}]
})",
                                            {{"XBUILD_JOBS", "3"}});
    const ConfigView all = make_config_view(layers, 8, std::nullopt, go119());
    const std::string text = format_config_view(all);
    CHECK(text.find("file      xbuild.json\n") != std::string::npos);
    CHECK(text.find("targets   linux/amd64 windows/amd64") != std::string::npos);
    CHECK(text.find("xbuild.json:2:14\n") != std::string::npos);
    CHECK(text.find("jobs      3") != std::string::npos);
    CHECK(text.find("XBUILD_JOBS\n") != std::string::npos);
    CHECK(text.find("output    dist/{{.Dir}}_{{.OS}}_{{.Arch}}") != std::string::npos);
    CHECK(text.find("override  windows") != std::string::npos);
    CHECK(text.find("  ldflags -H windowsgui") != std::string::npos);
    const auto json = config_view_json(all);
    CHECK(json["settings"]["ldflags"]["value"] == "-s");
    CHECK(json["settings"]["ldflags"]["source"] == "xbuild.json:3:14");
    CHECK(json["settings"]["jobs"]["source"] == "XBUILD_JOBS");
    CHECK(json["settings"]["trimpath"]["source"] == "default");
    CHECK(json["overrides"][0]["settings"]["ldflags"]["source"] == "xbuild.json:4:53");

    const ConfigView windows = make_config_view(layers, 8, Target{"windows", "amd64", ""}, go119());
    const auto one = config_view_json(windows);
    CHECK(one["target"] == "windows/amd64");
    CHECK(one["settings"]["ldflags"]["value"] == "-H windowsgui");
    REQUIRE(one["applied_overrides"].size() == 1);
    CHECK(one["applied_overrides"][0] == "xbuild.json:4:17");
    CHECK(format_config_view(windows).find("override  applied") != std::string::npos);

    const ConfigView none =
        make_config_view(ConfigLayers{}, 2, Target{"linux", "arm", "v7"}, go119());
    CHECK(config_view_json(none)["file"].is_null());
    CHECK(config_view_json(none)["settings"]["output"]["value"] ==
          "dist/{{.Dir}}_{{.OS}}_{{.Arch}}_{{.Variant}}");
    CHECK(format_config_view(none).find("file      (none)\n") != std::string::npos);
}

TEST_CASE("selection_matches reads patterns as -t does", "[project_config][target]") {
    const Target arm7{"linux", "arm", "v7"};
    CHECK(selection_matches({"linux"}, arm7, go119()));
    CHECK(selection_matches({"linux/*"}, arm7, go119()));
    CHECK(selection_matches({"*/arm"}, arm7, go119()));
    CHECK(selection_matches({"linux/arm"}, arm7, go119()));
    CHECK(selection_matches({"linux/arm/v7"}, arm7, go119()));
    CHECK_FALSE(selection_matches({"linux/arm/v6"}, arm7, go119()));
    CHECK_FALSE(selection_matches({"linux/arm/v7"}, Target{"linux", "arm", ""}, go119()));
    CHECK(selection_matches({"all"}, arm7, go119()));
    CHECK(selection_matches({"first-class"}, arm7, go119()));  // linux/arm is a first-class port
    CHECK_FALSE(selection_matches({"first-class"}, Target{"linux", "riscv64", ""}, go119()));
    CHECK(selection_matches({"!windows"}, arm7, go119()));
    CHECK_FALSE(selection_matches({"linux/*", "!linux/arm"}, arm7, go119()));
    CHECK_FALSE(selection_matches({"linux/*", "!linux/arm/v7"}, arm7, go119()));
    CHECK(selection_matches({"linux/*", "!linux/arm/v6"}, arm7, go119()));
    CHECK_FALSE(selection_matches({"windows", "darwin"}, arm7, go119()));
    CHECK_FALSE(selection_matches({"li nux"}, arm7, go119()));
}
