#include <xbuild/version_info.hpp>

#include <catch2/catch.hpp>

#include "fake_command_runner.hpp"

using namespace xbuild;

namespace {

const auto k_now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

}  // namespace

TEST_CASE("uses_version_fields spots Version, Commit and Date", "[version_info]") {
    CHECK(uses_version_fields({"dist/{{.Dir}}_{{.OS}}", "-X main.version={{.Version}}"}));
    CHECK(uses_version_fields({"dist/{{ .Date }}/app", ""}));
    CHECK_FALSE(uses_version_fields({"dist/{{.Dir}}_{{.OS}}_{{.Arch}}", "-s -w"}));
}

TEST_CASE("resolve_version_fields asks git, or takes what it is given", "[version_info]") {
    test::FakeCommandRunner git;
    git.reply("rev-parse HEAD", "0123456789abcdef0123456789abcdef01234567\n");
    git.reply("describe --tags --always --dirty", "v1.2.3-4-g0123456-dirty\n");
    git.reply("log -1 --format=%ct", "1733300000\n");

    auto fields = resolve_version_fields(git, "/src/app", {}, std::nullopt, k_now);
    REQUIRE(fields);
    CHECK(fields->at("Version") == "v1.2.3-4-g0123456-dirty");
    CHECK(fields->at("Commit") == "0123456789abcdef0123456789abcdef01234567");
    CHECK(fields->at("Date") == "2024-12-04T08:13:20Z");  // the commit's date
    CHECK(git.calls.at(0).cwd == "/src/app");

    SECTION("SOURCE_DATE_EPOCH wins for the date; --version-string for the version") {
        auto pinned = resolve_version_fields(git, "/src/app", {{"SOURCE_DATE_EPOCH", "0"}}, "9.9", k_now);
        REQUIRE(pinned);
        CHECK(pinned->at("Version") == "9.9");
        CHECK(pinned->at("Date") == "1970-01-01T00:00:00Z");
    }
    SECTION("a malformed SOURCE_DATE_EPOCH is an error that quotes it") {
        auto bad = resolve_version_fields(git, "/src/app", {{"SOURCE_DATE_EPOCH", "yesterday"}}, "9.9", k_now);
        REQUIRE_FALSE(bad);
        CHECK(bad.error().message == "SOURCE_DATE_EPOCH \"yesterday\": expected seconds since 1970 (e.g. 1733300000)");
    }
}

TEST_CASE("resolve_version_fields outside git needs --version-string", "[version_info]") {
    test::FakeCommandRunner git;
    git.reply("rev-parse HEAD", "fatal: not a git repository (or any of the parent directories): .git\n", 128);
    auto fields = resolve_version_fields(git, "/tmp/app", {}, std::nullopt, k_now);
    REQUIRE_FALSE(fields);
    CHECK_THAT(fields.error().message, Catch::Contains("not a git repository") &&
                                           Catch::Contains("pass --version-string"));
    auto given = resolve_version_fields(git, "/tmp/app", {}, "1.0.0", k_now);
    REQUIRE(given);
    CHECK(given->at("Version") == "1.0.0");
    CHECK(given->at("Commit") == "unknown");
    CHECK(given->at("Date") == "2027-01-15T08:00:00Z");  // now
}
