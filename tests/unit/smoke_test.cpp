#include <xbuild/smoke.hpp>

#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_data.hpp"

using namespace xbuild;

namespace {

const Target host{"linux", "amd64", ""};

Environment path_with(const test::TempDir& dir, const char* program) {
    const auto path = dir.path() / program;
    std::ofstream(path) << "#!/bin/sh\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return {{"PATH", dir.path().string()}};
}

}  // namespace

TEST_CASE("smoke_command runs natively, under an emulator, or not at all", "[smoke]") {
    test::TempDir dir;
    const Environment env = path_with(dir, "qemu-aarch64");
    SmokeResult native;
    auto spec = smoke_command(host, host, "/w/dist/app", {"--version"}, env, "/w", native);
    REQUIRE(spec);
    CHECK(spec->argv == std::vector<std::string>{"/w/dist/app", "--version"});
    CHECK(spec->cwd == "/w");
    CHECK(native.runner == "native");

    SmokeResult emulated;
    spec = smoke_command({"linux", "arm64", ""}, host, "/w/dist/app", {}, env, "/w", emulated);
    REQUIRE(spec);
    CHECK(spec->argv == std::vector<std::string>{(dir.path() / "qemu-aarch64").string(), "/w/dist/app"});

    SmokeResult darwin;
    CHECK_FALSE(smoke_command({"darwin", "arm64", ""}, host, "/w/dist/app", {}, env, "/w", darwin));
    CHECK_FALSE(darwin.ran);
    CHECK(darwin.reason == "not runnable here");
    CHECK(darwin.passed());  // not a failure

    SmokeResult windows;
    CHECK_FALSE(smoke_command({"windows", "amd64", ""}, host, "/w/dist/app.exe", {}, env, "/w", windows));
    CHECK(windows.reason == "not runnable here (install wine (apt-get install wine) to run it)");
}

TEST_CASE("SmokeResult says what happened in one line and in JSON", "[smoke]") {
    SmokeResult result;
    result.ran = true;
    result.runner = "/usr/bin/qemu-aarch64";
    result.exit_code = 0;
    result.output = "hello from linux/arm64\nsecond line";
    CHECK(result.passed());
    CHECK(result.summary() == "exit 0 under qemu-aarch64: hello from linux/arm64");
    CHECK(smoke_to_json(result)["exit_code"] == 0);

    result.exit_code = 3;
    CHECK_FALSE(result.passed());
    result.exit_code = 0;
    result.timed_out = true;
    CHECK_FALSE(result.passed());
    CHECK(result.summary().starts_with("timed out under qemu-aarch64"));
    CHECK(smoke_to_json(result)["exit_code"].is_null());
}

TEST_CASE("first_lines keeps the head of the output, lines cut to a width", "[smoke]") {
    CHECK(first_lines("a\nb\nc\n", 2) == "a\nb");
    CHECK(first_lines("", 2).empty());
    CHECK(first_lines(std::string(300, 'x'), 10, 5) == "xxxxx...");
}
