#include <xbuild/target.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

using namespace xbuild;
using Names = std::vector<std::string>;

namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(XBUILD_TEST_DATA_DIR) + "/fixtures/" + name, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The 46 targets of Go 1.19, as recorded from `go tool dist list -json`.
const std::vector<Platform>& go119() {
    static const std::vector<Platform> platforms = [] {
        auto parsed = parse_dist_list_json(read_fixture("dist_list_go1.19.json"));
        REQUIRE(parsed.ok());
        return *parsed;
    }();
    return platforms;
}

const Target k_host{"linux", "amd64", ""};

Names names(const std::vector<Target>& targets) {
    Names out;
    for (const Target& target : targets) {
        out.push_back(target.str());
    }
    return out;
}

Result<std::vector<Target>> expand(Names specs, Names os_list = {}, Names arch_list = {}) {
    return expand_targets(
        TargetSelection{std::move(os_list), std::move(arch_list), std::move(specs)}, go119(),
        k_host);
}

Names expand_ok(Names specs, Names os_list = {}, Names arch_list = {}) {
    auto result = expand(std::move(specs), std::move(os_list), std::move(arch_list));
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return names(*result);
}

std::string expand_error(Names specs, Names os_list = {}, Names arch_list = {}) {
    auto result = expand(std::move(specs), std::move(os_list), std::move(arch_list));
    INFO((result.ok() ? "unexpectedly ok" : ""));
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

std::string parse_error(std::string_view spec) {
    auto result = parse_target(spec);
    INFO(spec);
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

std::string dist_list_error(std::string_view json) {
    auto result = parse_dist_list_json(json);
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

}  // namespace

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("Target prints like an OCI platform and sorts by os, arch, variant", "[target]") {
    CHECK(Target{"linux", "amd64", ""}.str() == "linux/amd64");
    CHECK(Target{"linux", "arm", "v7"}.str() == "linux/arm/v7");
    CHECK(Target{"darwin", "arm64", ""} < Target{"linux", "386", ""});
    CHECK(Target{"linux", "arm", ""} < Target{"linux", "arm", "v6"});
    CHECK(Target{"linux", "arm", "v6"} < Target{"linux", "arm", "v7"});
    CHECK(Target{"linux", "arm", "v7"} < Target{"linux", "arm64", ""});
}

TEST_CASE("variant_variable names the Go variable of each arch", "[target]") {
    CHECK(variant_variable("arm") == "GOARM");
    CHECK(variant_variable("amd64") == "GOAMD64");
    CHECK(variant_variable("386") == "GO386");
    CHECK(variant_variable("mips") == "GOMIPS");
    CHECK(variant_variable("mipsle") == "GOMIPS");
    CHECK(variant_variable("mips64") == "GOMIPS64");
    CHECK(variant_variable("mips64le") == "GOMIPS64");
    CHECK(variant_variable("ppc64") == "GOPPC64");
    CHECK(variant_variable("ppc64le") == "GOPPC64");
    CHECK(variant_variable("arm64") == "GOARM64");
    CHECK(variant_variable("riscv64") == "GORISCV64");
    CHECK_FALSE(variant_variable("s390x").has_value());
    CHECK_FALSE(variant_variable("wasm").has_value());
    CHECK_FALSE(variant_variable("loong64").has_value());
    CHECK_FALSE(variant_variable("").has_value());
}

TEST_CASE("variant_setting maps variants to Go environment values", "[target]") {
    const auto setting = [](std::string arch, std::string variant) {
        auto result = variant_setting(Target{"linux", std::move(arch), std::move(variant)});
        REQUIRE(result.ok());
        REQUIRE(result->has_value());
        return std::pair{(*result)->variable, (*result)->value};
    };
    using Pair = std::pair<std::string, std::string>;

    SECTION("GOARM drops the v") {
        CHECK(setting("arm", "v5") == Pair{"GOARM", "5"});
        CHECK(setting("arm", "v6") == Pair{"GOARM", "6"});
        CHECK(setting("arm", "v7") == Pair{"GOARM", "7"});
        // Not ours to reject: go itself says which GOARM values it knows.
        CHECK(setting("arm", "v8") == Pair{"GOARM", "8"});
    }
    SECTION("every other variant passes verbatim") {
        CHECK(setting("amd64", "v3") == Pair{"GOAMD64", "v3"});
        CHECK(setting("386", "sse2") == Pair{"GO386", "sse2"});
        CHECK(setting("386", "softfloat") == Pair{"GO386", "softfloat"});
        CHECK(setting("mipsle", "hardfloat") == Pair{"GOMIPS", "hardfloat"});
        CHECK(setting("mips64le", "softfloat") == Pair{"GOMIPS64", "softfloat"});
        CHECK(setting("ppc64le", "power9") == Pair{"GOPPC64", "power9"});
        CHECK(setting("arm64", "v8.1") == Pair{"GOARM64", "v8.1"});
        CHECK(setting("riscv64", "rva22u64") == Pair{"GORISCV64", "rva22u64"});
    }
    SECTION("no variant, no setting") {
        auto result = variant_setting(Target{"linux", "s390x", ""});
        REQUIRE(result.ok());
        CHECK_FALSE(result->has_value());
    }
    SECTION("an arch without a variant variable rejects any variant") {
        auto result = variant_setting(Target{"linux", "s390x", "v1"});
        REQUIRE_FALSE(result.ok());
        CHECK_THAT(result.error().message, Contains("linux/s390x/v1") && Contains("no variant") &&
                                               Contains("\"linux/s390x\""));
    }
    SECTION("a spelling of the wrong shape is rejected") {
        for (const Target& target :
             {Target{"linux", "riscv64", "v7"}, Target{"linux", "arm", "7"},
              Target{"linux", "amd64", "sse2"}, Target{"linux", "ppc64le", "v9"}}) {
            auto result = variant_setting(target);
            INFO(target.str());
            REQUIRE_FALSE(result.ok());
            CHECK_THAT(result.error().message, Contains(target.str()));
        }
        auto result = variant_setting(Target{"linux", "riscv64", "v7"});
        CHECK_THAT(result.error().message, Contains("GORISCV64") && Contains("rva20u64"));
    }
}

TEST_CASE("parse_target accepts os/arch and arm variants", "[target]") {
    SECTION("pairs") {
        auto target = parse_target("linux/amd64");
        REQUIRE(target.ok());
        CHECK(*target == Target{"linux", "amd64", ""});
    }
    SECTION("variants") {
        auto target = parse_target("linux/arm/v7");
        REQUIRE(target.ok());
        CHECK(*target == Target{"linux", "arm", "v7"});
        CHECK(parse_target("linux/arm64/v8.1").ok());
        CHECK(parse_target("windows/386/sse2").ok());
    }
    SECTION("existence is not checked here") {
        auto target = parse_target("plan9/arm64");
        REQUIRE(target.ok());
        CHECK(target->str() == "plan9/arm64");
    }
}

TEST_CASE("parse_target rejects bad syntax naming the text", "[target]") {
    CHECK_THAT(parse_error(""), StartsWith("empty target"));
    CHECK_THAT(parse_error("linux"), Contains("\"linux\"") && Contains("os/arch"));
    CHECK_THAT(parse_error("linux/"), Contains("\"linux/\"") && Contains("missing arch"));
    CHECK_THAT(parse_error("/amd64"), Contains("\"/amd64\"") && Contains("missing os"));
    CHECK_THAT(parse_error("linux//amd64"), Contains("missing arch"));
    CHECK_THAT(parse_error("linux/arm/"), Contains("missing variant"));
    CHECK_THAT(parse_error("linux/arm/v7/x"),
               Contains("\"linux/arm/v7/x\"") && Contains("too many"));
    CHECK_THAT(parse_error("Linux/amd64"), Contains("\"Linux/amd64\"") && Contains("'L'"));
    CHECK_THAT(parse_error("linux/amd64 "), Contains("unexpected character ' ' at column 12"));
    CHECK_THAT(parse_error("linux/ar[m"), Contains("unexpected character '[' at column 9"));
    CHECK_THAT(parse_error("linux,darwin/amd64"), Contains("','"));
    CHECK_THAT(parse_error("linux/*"), Contains("\"linux/*\"") && Contains("patterns"));
    CHECK_THAT(parse_error("!linux/386"), Contains("\"!linux/386\""));
    CHECK_THAT(parse_error("linux/!386"), Contains("\"!\" may only start"));
    CHECK_THAT(parse_error("linux/riscv64/v7"), Contains("GORISCV64"));
    CHECK_THAT(parse_error("linux/s390x/v1"), Contains("takes no variant"));
    SECTION("control characters are escaped, not printed") {
        const std::string message =
            parse_error(std::string("linux/amd\x01"
                                    "64"));
        CHECK_THAT(message, Contains("\\x01"));
        CHECK(message.find('\x01') == std::string::npos);
    }
}

TEST_CASE("parse_dist_list_json reads go tool dist list -json", "[target]") {
    const auto& platforms = go119();
    REQUIRE(platforms.size() == 46);
    CHECK(std::is_sorted(platforms.begin(), platforms.end(), [](const auto& a, const auto& b) {
        return std::tie(a.os, a.arch) < std::tie(b.os, b.arch);
    }));
    const auto find = [&](std::string_view os, std::string_view arch) -> const Platform& {
        const auto it = std::find_if(platforms.begin(), platforms.end(), [&](const Platform& p) {
            return p.os == os && p.arch == arch;
        });
        REQUIRE(it != platforms.end());
        return *it;
    };
    CHECK(find("linux", "amd64").cgo_supported);
    CHECK(find("linux", "amd64").first_class);
    CHECK_FALSE(find("js", "wasm").cgo_supported);
    CHECK_FALSE(find("js", "wasm").first_class);
    CHECK(find("linux", "riscv64").cgo_supported);
    CHECK_FALSE(find("linux", "riscv64").first_class);
    CHECK(std::count_if(platforms.begin(), platforms.end(),
                        [](const Platform& p) { return p.first_class; }) == 8);
}

TEST_CASE("parse_dist_list_json tolerates old fields and normalises order", "[target]") {
    SECTION("FirstClass missing, as before Go 1.16; unknown keys ignored") {
        auto result = parse_dist_list_json(
            R"([{"GOOS":"linux","GOARCH":"arm","CgoSupported":true,"Broken":false}])");
        REQUIRE(result.ok());
        REQUIRE(result->size() == 1);
        CHECK(result->front().cgo_supported);
        CHECK_FALSE(result->front().first_class);
    }
    SECTION("sorted, duplicates dropped") {
        auto result = parse_dist_list_json(
            R"([{"GOOS":"windows","GOARCH":"amd64"},{"GOOS":"linux","GOARCH":"arm64"},
                {"GOOS":"linux","GOARCH":"arm64","CgoSupported":true}])");
        REQUIRE(result.ok());
        REQUIRE(result->size() == 2);
        CHECK(result->at(0).os == "linux");
        CHECK_FALSE(result->at(0).cgo_supported);  // the first of duplicates wins
        CHECK(result->at(1).os == "windows");
    }
}

TEST_CASE("parse_dist_list_json turns bad input into errors", "[target]") {
    SECTION("not json") {
        CHECK_THAT(dist_list_error(""), Contains("invalid json"));
        CHECK_THAT(dist_list_error("go: unknown subcommand"), Contains("invalid json"));
        CHECK_THAT(dist_list_error("\xff\xfe"), Contains("invalid json"));
        CHECK_THAT(dist_list_error("[{\"GOOS\":\"li\xffnux\"}]"), Contains("invalid json"));
    }
    SECTION("truncated") {
        const std::string full = read_fixture("dist_list_go1.19.json");
        for (const std::size_t size : {std::size_t{1}, full.size() / 2, full.size() - 3}) {
            INFO(size);
            CHECK_THAT(dist_list_error(full.substr(0, size)), Contains("invalid json"));
        }
    }
    SECTION("wrong shapes and types") {
        CHECK_THAT(dist_list_error("{}"), Contains("expected an array"));
        CHECK_THAT(dist_list_error("\"linux/amd64\""), Contains("expected an array"));
        CHECK_THAT(dist_list_error("[]"), Contains("no targets"));
        CHECK_THAT(dist_list_error("[1]"), Contains("entry 0 is not an object"));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"linux","GOARCH":"amd64"}, null])"),
                   Contains("entry 1"));
        CHECK_THAT(dist_list_error(R"([{"GOARCH":"amd64"}])"), Contains("\"GOOS\""));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"linux","GOARCH":64}])"), Contains("\"GOARCH\""));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"linux","GOARCH":"amd64","CgoSupported":"yes"}])"),
                   Contains("\"CgoSupported\""));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"linux","GOARCH":"amd64","FirstClass":null}])"),
                   Contains("\"FirstClass\""));
    }
    SECTION("names that could not be a GOOS or GOARCH") {
        CHECK_THAT(dist_list_error(R"([{"GOOS":"","GOARCH":"amd64"}])"), Contains("invalid GOOS"));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"../x","GOARCH":"amd64"}])"),
                   Contains("invalid GOOS"));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"linux","GOARCH":"AMD64"}])"),
                   Contains("invalid GOARCH"));
        CHECK_THAT(dist_list_error(R"([{"GOOS":"linux","GOARCH":"a\u0000b"}])"),
                   Contains("invalid GOARCH") && !Contains(std::string(1, '\0')));
    }
    SECTION("deep nesting does not crash") {
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        CHECK_THAT(dist_list_error(deep), Contains("not an object"));
    }
}

TEST_CASE("expand_targets defaults to the host", "[target]") {
    auto result = expand_targets(TargetSelection{}, go119(), Target{"darwin", "arm64", ""});
    REQUIRE(result.ok());
    CHECK(names(*result) == Names{"darwin/arm64"});
}

TEST_CASE("expand_targets crosses --os and --arch", "[target]") {
    SECTION("unsupported pairs of a cross product are skipped silently") {
        CHECK(expand_ok({}, {"linux", "darwin"}, {"arm"}) == Names{"linux/arm"});
        CHECK(expand_ok({}, {"linux", "windows", "plan9"}, {"amd64", "arm64"}) ==
              Names{"linux/amd64", "linux/arm64", "plan9/amd64", "windows/amd64", "windows/arm64"});
    }
    SECTION("only --os gives all arches of those oses") {
        CHECK(expand_ok({}, {"plan9"}) == Names{"plan9/386", "plan9/amd64", "plan9/arm"});
    }
    SECTION("only --arch gives all oses with those arches") {
        CHECK(expand_ok({}, {}, {"arm64"}) ==
              Names{"android/arm64", "darwin/arm64", "freebsd/arm64", "ios/arm64", "linux/arm64",
                    "netbsd/arm64", "openbsd/arm64", "windows/arm64"});
    }
    SECTION("an os or arch that exists nowhere is an error with a suggestion") {
        CHECK(expand_error({}, {"linux", "windos"}, {"amd64"}) ==
              "unknown os \"windos\" (did you mean \"windows\"?)");
        CHECK(expand_error({}, {}, {"amd46"}) ==
              "unknown arch \"amd46\" (did you mean \"amd64\"?)");
        CHECK_THAT(expand_error({}, {"beos"}),
                   Contains("unknown os \"beos\"") && Contains("go tool dist list"));
    }
    SECTION("a cross product with no valid pair at all is an error") {
        CHECK_THAT(expand_error({}, {"plan9"}, {"arm64"}),
                   Contains("--os plan9") && Contains("--arch arm64") && Contains("no valid"));
    }
    SECTION("combined with -t") {
        CHECK(expand_ok({"windows/amd64", "linux/arm"}, {"linux"}, {"arm", "amd64"}) ==
              Names{"linux/amd64", "linux/arm", "windows/amd64"});
    }
}

TEST_CASE("expand_targets takes exact targets and validates them", "[target]") {
    SECTION("sorted and unique") {
        CHECK(expand_ok({"windows/amd64", "linux/amd64", "linux/amd64", "darwin/arm64"}) ==
              Names{"darwin/arm64", "linux/amd64", "windows/amd64"});
    }
    SECTION("an explicit pair the toolchain lacks is an error, not skipped") {
        const std::string message = expand_error({"linux/amd64", "plan9/arm64"});
        CHECK_THAT(message, Contains("\"plan9/arm64\"") && Contains("not supported") &&
                                Contains("386, amd64, arm"));
    }
    SECTION("typos get a suggestion") {
        CHECK(expand_error({"linux/amd46"}) ==
              "unknown target \"linux/amd46\" (did you mean \"linux/amd64\"?)");
        CHECK(expand_error({"windos/amd64"}) ==
              "unknown target \"windos/amd64\" (did you mean \"windows/amd64\"?)");
        CHECK(expand_error({"linux/amd46/v3"}) ==
              "unknown target \"linux/amd46/v3\" (did you mean \"linux/amd64/v3\"?)");
    }
    SECTION("far-off names fall back to a per-part message") {
        CHECK_THAT(expand_error({"haiku/amd64"}),
                   StartsWith("unknown target \"haiku/amd64\": unknown os \"haiku\""));
        CHECK_THAT(expand_error({"linux/itanium"}),
                   StartsWith("unknown target \"linux/itanium\": unknown arch \"itanium\""));
    }
    SECTION("syntax errors name the spec") {
        CHECK_THAT(expand_error({""}), StartsWith("empty target"));
        CHECK_THAT(expand_error({"linux/"}), Contains("\"linux/\""));
        CHECK_THAT(expand_error({"/amd64"}), Contains("\"/amd64\""));
        CHECK_THAT(expand_error({"linux/arm/v7/x"}), Contains("too many"));
        CHECK_THAT(expand_error({"linux/AMD64"}), Contains("\"linux/AMD64\""));
        CHECK_THAT(expand_error({"!"}), Contains("\"!\"") && Contains("nothing after"));
        CHECK_THAT(expand_error({"!!linux"}), Contains("\"!!linux\""));
    }
}

TEST_CASE("expand_targets keeps and checks variants", "[target]") {
    SECTION("an exact spec keeps its variant") {
        CHECK(expand_ok({"linux/arm/v7", "linux/amd64/v3", "windows/386/sse2"}) ==
              Names{"linux/amd64/v3", "linux/arm/v7", "windows/386/sse2"});
    }
    SECTION("variants are distinct targets beside the plain pair") {
        CHECK(expand_ok({"linux/arm/v7", "linux/arm", "linux/arm/v6", "linux/arm/v7"}) ==
              Names{"linux/arm", "linux/arm/v6", "linux/arm/v7"});
    }
    SECTION("a variant for an arch that takes none is an error") {
        CHECK_THAT(expand_error({"linux/s390x/v1"}),
                   Contains("linux/s390x/v1") && Contains("takes no variant"));
        CHECK_THAT(expand_error({"js/wasm/v1"}), Contains("takes no variant"));
    }
    SECTION("a variant of the wrong shape is an error") {
        CHECK_THAT(expand_error({"linux/riscv64/v7"}), Contains("linux/riscv64/v7"));
        CHECK_THAT(expand_error({"linux/arm/7"}), Contains("GOARM") && Contains("v7"));
    }
    SECTION("patterns never carry variants") {
        CHECK_THAT(expand_error({"linux/arm*/v7"}), Contains("cannot carry a variant"));
        CHECK(expand_ok({"linux/arm*"}) == Names{"linux/arm", "linux/arm64"});
    }
}

TEST_CASE("expand_targets expands globs, all and first-class", "[target]") {
    SECTION("os globs") {
        const Names linux = expand_ok({"linux/*"});
        CHECK(linux.size() == 13);
        CHECK(std::all_of(linux.begin(), linux.end(),
                          [](const std::string& name) { return name.starts_with("linux/"); }));
    }
    SECTION("arch globs") {
        CHECK(expand_ok({"*/arm64"}) == expand_ok({}, {}, {"arm64"}));
        CHECK(expand_ok({"linux/mips*le"}) == Names{"linux/mips64le", "linux/mipsle"});
        CHECK(expand_ok({"*/?86"}).size() == 7);
        CHECK(expand_ok({"*/*"}).size() == 46);
    }
    SECTION("a bare os name or glob means all its arches") {
        CHECK(expand_ok({"plan9"}) == Names{"plan9/386", "plan9/amd64", "plan9/arm"});
        CHECK(expand_ok({"*bsd"}).size() == 13);
    }
    SECTION("all and first-class") {
        CHECK(expand_ok({"all"}).size() == 46);
        CHECK(expand_ok({"first-class"}) == Names{"darwin/amd64", "darwin/arm64", "linux/386",
                                                  "linux/amd64", "linux/arm", "linux/arm64",
                                                  "windows/386", "windows/amd64"});
        CHECK(expand_ok({"first-class", "js/wasm"}).size() == 9);
    }
    SECTION("patterns that match nothing are errors with suggestions") {
        CHECK(expand_error({"plan9/arm6*"}) ==
              "\"plan9/arm6*\" matches no target (did you mean \"plan9/arm\"?)");
        CHECK(expand_error({"lnux/*"}) ==
              "unknown os \"lnux\" in \"lnux/*\" (did you mean \"linux\"?)");
        CHECK(expand_error({"linux/amd46*"}) ==
              "\"linux/amd46*\" matches no target (did you mean \"linux/amd64\"?)");
        CHECK(expand_error({"*/amd6"}) ==
              "unknown arch \"amd6\" in \"*/amd6\" (did you mean \"amd64\"?)");
        CHECK_THAT(expand_error({"zz*/*"}), Contains("\"zz*/*\" matches no target"));
        CHECK_THAT(expand_error({"zz*"}), Contains("\"zz*\" matches no os"));
    }
    SECTION("bare words that are not oses") {
        CHECK(expand_error({"firstclass"}) ==
              "unknown os \"firstclass\" (did you mean \"first-class\"?)");
        CHECK(expand_error({"windos"}) == "unknown os \"windos\" (did you mean \"windows\"?)");
        CHECK_THAT(expand_error({"amd64"}), Contains("is an arch") && Contains("\"*/amd64\""));
        CHECK(expand_error({"!386"}) ==
              "\"!386\" is an arch, not an os; write \"!*/386\" for every os with it");
    }
}

TEST_CASE("expand_targets applies exclusions after inclusions", "[target]") {
    SECTION("an os name alone excludes all its arches") {
        const Names targets = expand_ok({"first-class", "!windows"});
        CHECK(targets == Names{"darwin/amd64", "darwin/arm64", "linux/386", "linux/amd64",
                               "linux/arm", "linux/arm64"});
    }
    SECTION("order does not matter") {
        CHECK(expand_ok({"!linux/386", "linux/*", "!linux/mips*"}) ==
              expand_ok({"linux/*", "!linux/mips*", "!linux/386"}));
        const Names targets = expand_ok({"!linux/386", "linux/*"});
        CHECK(targets.size() == 12);
        CHECK(std::find(targets.begin(), targets.end(), "linux/386") == targets.end());
    }
    SECTION("glob exclusions") {
        const Names targets = expand_ok({"first-class", "!*/386"});
        CHECK(targets == Names{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm",
                               "linux/arm64", "windows/amd64"});
    }
    SECTION("exclusions apply to the cross product too") {
        CHECK(expand_ok({"!windows/arm64"}, {"linux", "windows"}, {"arm64"}) ==
              Names{"linux/arm64"});
    }
    SECTION("exclusions alone start from all") {
        const Names targets = expand_ok({"!windows"});
        CHECK(targets.size() == 42);
        CHECK(std::none_of(targets.begin(), targets.end(),
                           [](const std::string& name) { return name.starts_with("windows/"); }));
    }
    SECTION("variants") {
        CHECK(expand_ok({"linux/arm", "linux/arm/v6", "linux/arm/v7", "!linux/arm/v7"}) ==
              Names{"linux/arm", "linux/arm/v6"});
        // Without a variant an exclusion removes the pair in every variant.
        CHECK(expand_ok({"linux/arm/v7", "linux/arm", "linux/386", "!linux/arm"}) ==
              Names{"linux/386"});
    }
    SECTION("excluding a valid target that was not selected is fine") {
        CHECK(expand_ok({"linux/amd64", "!windows/386"}) == Names{"linux/amd64"});
    }
    SECTION("mistyped exclusions are errors, not silently ignored") {
        CHECK(expand_error({"linux/*", "!linux/amd46"}) ==
              "unknown target \"!linux/amd46\" (did you mean \"!linux/amd64\"?)");
        CHECK(expand_error({"!windos"}) ==
              "unknown os \"windos\" in \"!windos\" (did you mean \"windows\"?)");
        CHECK_THAT(expand_error({"!plan9/arm64"}), Contains("not supported"));
    }
    SECTION("a selection that ends up empty is an error") {
        CHECK(expand_error({"linux/amd64", "!linux/*"}) ==
              "the selection \"-t linux/amd64,!linux/*\" matches no target; drop an exclusion "
              "or add targets");
        CHECK_THAT(expand_error({"!all"}), Contains("matches no target"));
        CHECK_THAT(expand_error({"!*/arm64"}, {}, {"arm64"}), Contains("--arch arm64 -t !*/arm64"));
    }
}
