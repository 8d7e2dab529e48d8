#include <xbuild/toolchain.hpp>

#include <catch2/catch.hpp>

#include "fake_command_runner.hpp"
#include "test_data.hpp"

using namespace xbuild;
using xbuild::test::FakeCommandRunner;
using xbuild::test::read_test_data;
using xbuild::test::TempDir;

TEST_CASE("parse_go_version understands release spellings", "[toolchain]") {
    CHECK(parse_go_version("go1.19.8") == GoVersion{1, 19, 8, false});
    CHECK(parse_go_version("1.21") == GoVersion{1, 21, 0, false});
    CHECK(parse_go_version("go1.22rc1") == GoVersion{1, 22, 0, false});
    CHECK(parse_go_version("devel go1.23-abcdef")->devel);
    CHECK_FALSE(parse_go_version("banana").has_value());
    CHECK(*parse_go_version("go1.19.8") < *parse_go_version("go1.20"));
}

TEST_CASE("parse_go_env_json reads a real go env", "[toolchain]") {
    auto env = parse_go_env_json(read_test_data("fixtures/go/go_env_go1.19.json"));
    REQUIRE(env.ok());
    CHECK(env->version == "go1.19.8");
    CHECK(env->host_os == "linux");
    CHECK(env->host_arch == "amd64");
    CHECK_FALSE(env->goroot.empty());
    CHECK_FALSE(parse_go_env_json("not json").ok());
    CHECK_FALSE(parse_go_env_json("{\"GOVERSION\": \"go1.19\"}").ok());
}

TEST_CASE("go_command_environment pins GOTOOLCHAIN unless the user set it", "[toolchain]") {
    CHECK(go_command_environment({})["GOTOOLCHAIN"] == "local");
    CHECK(go_command_environment({{"GOTOOLCHAIN", "go1.22.0"}})["GOTOOLCHAIN"] == "go1.22.0");
}

namespace {

// A directory that looks like an SDK: bin/go (executable) and src/runtime.
struct FakeSdk {
    TempDir dir;
    std::filesystem::path go;
    FakeSdk() {
        std::filesystem::create_directories(dir.path() / "bin");
        std::filesystem::create_directories(dir.path() / "src" / "runtime");
        go = dir.path() / "bin" / "go";
        std::ofstream(go) << "#!/bin/sh\n";
        std::filesystem::permissions(go, std::filesystem::perms::owner_all);
    }
    std::string env_json() const {
        return "{\"GOROOT\": \"" + dir.path().string() +
               "\", \"GOVERSION\": \"go1.19.8\", \"GOHOSTOS\": \"linux\", \"GOHOSTARCH\": \"amd64\"}";
    }
};

}  // namespace

TEST_CASE("resolve_toolchain follows --go, XBUILD_GO, GOROOT, PATH", "[toolchain]") {
    FakeSdk sdk;
    FakeCommandRunner runner;
    runner.reply("env -json", sdk.env_json());
    runner.reply("tool dist list -json", read_test_data("fixtures/dist_list_go1.19.json"));

    SECTION("--go wins over everything") {
        auto toolchain = resolve_toolchain(sdk.go.string(),
                                           {{"XBUILD_GO", "/nonexistent/go"}, {"PATH", "/usr/bin"}},
                                           runner);
        REQUIRE(toolchain.ok());
        CHECK(toolchain->found_by == "--go");
        CHECK(toolchain->go == sdk.go);
        CHECK(toolchain->env.version == "go1.19.8");
        CHECK(toolchain->find_platform(Target{"linux", "arm64", ""}) != nullptr);
        CHECK(toolchain->find_platform(Target{"linux", "nope", ""}) == nullptr);
        // go runs with GOTOOLCHAIN=local so it never downloads a toolchain.
        REQUIRE_FALSE(runner.calls.empty());
        CHECK(runner.calls.front().env.at("GOTOOLCHAIN") == "local");
    }
    SECTION("XBUILD_GO before GOROOT") {
        auto toolchain = resolve_toolchain(std::nullopt,
                                           {{"XBUILD_GO", sdk.go.string()}, {"GOROOT", "/nope"}}, runner);
        REQUIRE(toolchain.ok());
        CHECK(toolchain->found_by == "XBUILD_GO");
    }
    SECTION("GOROOT/bin/go before PATH") {
        auto toolchain = resolve_toolchain(
            std::nullopt, {{"GOROOT", sdk.dir.path().string()}, {"PATH", "/usr/bin"}}, runner);
        REQUIRE(toolchain.ok());
        CHECK(toolchain->found_by == "GOROOT");
    }
    SECTION("go on PATH last") {
        auto toolchain = resolve_toolchain(
            std::nullopt, {{"PATH", "/nonexistent:" + (sdk.dir.path() / "bin").string()}}, runner);
        REQUIRE(toolchain.ok());
        CHECK(toolchain->found_by == "PATH");
    }
    SECTION("nothing found names the package to install") {
        auto toolchain = resolve_toolchain(std::nullopt, {{"PATH", "/nonexistent"}}, runner);
        REQUIRE_FALSE(toolchain.ok());
        CHECK_THAT(toolchain.error().message, Catch::Contains("golang-go"));
    }
    SECTION("a missing --go path is a clear error") {
        auto toolchain = resolve_toolchain("/nonexistent/go", {}, runner);
        REQUIRE_FALSE(toolchain.ok());
        CHECK_THAT(toolchain.error().message, Catch::Contains("/nonexistent/go: no such file"));
    }
}

TEST_CASE("resolve_toolchain rejects programs that are not Go", "[toolchain]") {
    FakeSdk sdk;
    FakeCommandRunner runner;
    SECTION("go env fails") {
        runner.reply("env -json", "", 0);
        auto toolchain = resolve_toolchain(sdk.go.string(), {}, runner);
        REQUIRE_FALSE(toolchain.ok());
        CHECK_THAT(toolchain.error().message, Catch::Contains("is not a usable Go toolchain"));
    }
    SECTION("GOROOT without sources") {
        runner.reply("env -json",
                     "{\"GOROOT\": \"/nonexistent\", \"GOHOSTOS\": \"linux\", \"GOHOSTARCH\": \"amd64\"}");
        auto toolchain = resolve_toolchain(sdk.go.string(), {}, runner);
        REQUIRE_FALSE(toolchain.ok());
        CHECK_THAT(toolchain.error().message, Catch::Contains("src/runtime"));
    }
    SECTION("dist list fails") {
        runner.reply("env -json", sdk.env_json());
        runner.reply("tool dist list -json", "go: unknown tool\n", 2);
        auto toolchain = resolve_toolchain(sdk.go.string(), {}, runner);
        REQUIRE_FALSE(toolchain.ok());
        CHECK_THAT(toolchain.error().message, Catch::Contains("dist list"));
    }
}

TEST_CASE("validate_variants asks go and reports what it rejects", "[toolchain]") {
    Toolchain toolchain;
    toolchain.go = "/usr/bin/go";
    toolchain.env.version = "go1.19.8";
    FakeCommandRunner runner;
    runner.reply("env -json GOAMD64", "{\"GOAMD64\": \"v3\"}");
    runner.reply("env -json GOARM", "go: invalid GOARM: must be 5, 6, 7\n", 2);
    runner.reply("env -json GOARM64", "{\"GOARM64\": \"\"}");

    CHECK(validate_variants({{"linux", "amd64", "v3"}, {"windows", "amd64", "v3"}}, toolchain, {}, runner)
              .ok());
    // One query per distinct arch/variant, with the target's variables set.
    REQUIRE(runner.calls.size() == 1);
    CHECK(runner.calls[0].env.at("GOAMD64") == "v3");
    CHECK(runner.calls[0].env.at("GOARCH") == "amd64");

    auto rejected = validate_variants({{"linux", "arm", "v8"}}, toolchain, {}, runner);
    REQUIRE_FALSE(rejected.ok());
    CHECK_THAT(rejected.error().message, Catch::Contains("linux/arm/v8"));
    CHECK_THAT(rejected.error().message, Catch::Contains("must be 5, 6, 7"));

    auto unknown = validate_variants({{"linux", "arm64", "v8.1"}}, toolchain, {}, runner);
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message, Catch::Contains("does not support GOARM64"));
}

TEST_CASE("list_main_packages keeps commands and reports load errors", "[toolchain]") {
    Toolchain toolchain;
    toolchain.go = "/usr/bin/go";
    FakeCommandRunner runner;
    const std::string recorded = read_test_data("fixtures/go/go_list_mixed.json");
    runner.reply("list -e -json=ImportPath,Name,Dir,Error ./...", recorded.substr(0, recorded.find("{\n\t\"ImportPath\": \"./nope\"")));
    runner.reply("list -e -json=ImportPath,Name,Dir,Error ./... ./nope", recorded);
    runner.reply("list -e -json=ImportPath,Name,Dir,Error ./lib",
                 "{\"ImportPath\": \"example.com/m/lib\", \"Name\": \"lib\", \"Dir\": \"/m/lib\"}");

    auto mains = list_main_packages(toolchain, {"./..."}, "/m", {}, runner);
    REQUIRE(mains.ok());
    REQUIRE(mains->size() == 1);
    CHECK(mains->front().import_path == "example.com/m/cmd/a");
    CHECK(mains->front().name() == "a");
    CHECK(runner.calls.back().cwd == "/m");

    auto missing = list_main_packages(toolchain, {"./...", "./nope"}, "/m", {}, runner);
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("./nope"));

    auto library = list_main_packages(toolchain, {"./lib"}, "/m", {}, runner);
    REQUIRE_FALSE(library.ok());
    CHECK_THAT(library.error().message, Catch::Contains("no main package"));
}

TEST_CASE("load_toolchain caches what go says in the store", "[toolchain]") {
    FakeSdk sdk;
    TempDir home;
    const Store store(home.path());
    FakeCommandRunner runner;
    runner.reply("env -json", sdk.env_json());
    runner.reply("tool dist list -json", read_test_data("fixtures/dist_list_go1.19.json"));

    auto first = load_toolchain(sdk.go, "PATH", {}, runner, &store);
    REQUIRE(first.ok());
    const auto calls = runner.calls.size();
    CHECK(calls == 2);

    auto second = load_toolchain(sdk.go, "PATH", {}, runner, &store);
    REQUIRE(second.ok());
    CHECK(runner.calls.size() == calls);  // answered from the cache: go did not run
    CHECK(second->env.version == "go1.19.8");
    CHECK(second->platforms.size() == first->platforms.size());

    // Replacing the binary invalidates the cache.
    std::filesystem::remove(sdk.go);
    std::ofstream(sdk.go) << "#!/bin/sh\n# a new release\n";
    std::filesystem::permissions(sdk.go, std::filesystem::perms::owner_all);
    REQUIRE(load_toolchain(sdk.go, "PATH", {}, runner, &store).ok());
    CHECK(runner.calls.size() == calls + 2);
}

TEST_CASE("resolve_toolchain picks an SDK by --go VERSION", "[toolchain]") {
    FakeSdk old_sdk;
    FakeSdk new_sdk;
    FakeCommandRunner runner;
    auto env_json = [](const FakeSdk& sdk, const char* version) {
        return "{\"GOROOT\": \"" + sdk.dir.path().string() + "\", \"GOVERSION\": \"" + version +
               "\", \"GOHOSTOS\": \"linux\", \"GOHOSTARCH\": \"amd64\"}";
    };
    const auto old_go = std::filesystem::canonical(old_sdk.go).string();
    const auto new_go = std::filesystem::canonical(new_sdk.go).string();
    runner.reply_for(old_go, "env -json", env_json(old_sdk, "go1.19.8"));
    runner.reply_for(new_go, "env -json", env_json(new_sdk, "go1.22.3"));
    runner.reply("tool dist list -json", read_test_data("fixtures/dist_list_go1.19.json"));
    const Environment env = {{"XBUILD_GO", old_sdk.go.string()},
                             {"PATH", (new_sdk.dir.path() / "bin").string()}};

    CHECK(looks_like_go_version("1.19"));
    CHECK(looks_like_go_version("go1.22.3"));
    CHECK_FALSE(looks_like_go_version("./go"));
    CHECK_FALSE(looks_like_go_version("go"));
    CHECK(version_matches("1.19", "go1.19.8"));
    CHECK(version_matches("go1.19.8", "go1.19.8"));
    CHECK_FALSE(version_matches("1.1", "go1.19.8"));
    CHECK_FALSE(version_matches("1.19.7", "go1.19.8"));

    auto newer = resolve_toolchain(std::string("1.22"), env, runner);
    REQUIRE(newer.ok());
    CHECK(newer->env.version == "go1.22.3");
    auto older = resolve_toolchain(std::string("go1.19.8"), env, runner);
    REQUIRE(older.ok());
    CHECK(older->go == old_go);
    auto missing = resolve_toolchain(std::string("1.21"), env, runner);
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("go1.19.8"));
    CHECK_THAT(missing.error().message, Catch::Contains("go1.22.3"));
}

TEST_CASE("check_module_go_version refuses a go.mod that needs a newer Go", "[toolchain]") {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "cmd" / "app");
    Toolchain toolchain;
    toolchain.go = "/usr/bin/go";
    toolchain.env.version = "go1.19.8";
    CHECK(check_module_go_version(dir.path(), toolchain).ok());  // no go.mod: GOPATH mode

    std::ofstream(dir.path() / "go.mod") << "module example.com/app\n\ngo 1.19\n";
    CHECK(check_module_go_version(dir.path() / "cmd" / "app", toolchain).ok());

    std::ofstream(dir.path() / "go.mod") << "module example.com/app\n\ngo 1.21 // needs slices\n";
    auto newer = check_module_go_version(dir.path() / "cmd" / "app", toolchain);
    REQUIRE_FALSE(newer.ok());
    CHECK_THAT(newer.error().message, Catch::Contains("requires go 1.21"));
    CHECK_THAT(newer.error().message, Catch::Contains("go1.19.8"));
}
