#include <xbuild/environment.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "test_data.hpp"

using namespace xbuild;

TEST_CASE("current_environment snapshots environ", "[environment]") {
    REQUIRE(::setenv("XBUILD_ENVIRONMENT_TEST", "a=b c", 1) == 0);
    REQUIRE(::setenv("XBUILD_ENVIRONMENT_EMPTY", "", 1) == 0);
    const Environment env = current_environment();
    ::unsetenv("XBUILD_ENVIRONMENT_TEST");
    ::unsetenv("XBUILD_ENVIRONMENT_EMPTY");

    // Only the first '=' separates the name from the value.
    CHECK(lookup(env, "XBUILD_ENVIRONMENT_TEST") == "a=b c");
    CHECK(lookup(env, "XBUILD_ENVIRONMENT_EMPTY") == "");
    CHECK_FALSE(lookup(current_environment(), "XBUILD_ENVIRONMENT_TEST").has_value());
}

TEST_CASE("lookup tells unset from empty", "[environment]") {
    const Environment env = {{"EMPTY", ""}, {"GOOS", "linux"}};
    CHECK(lookup(env, "GOOS") == "linux");
    REQUIRE(lookup(env, "EMPTY").has_value());
    CHECK(lookup(env, "EMPTY")->empty());
    CHECK_FALSE(lookup(env, "GOARCH").has_value());
    CHECK_FALSE(lookup(env, "goos").has_value());
}

TEST_CASE("to_envp gives sorted KEY=VALUE strings", "[environment]") {
    const Environment env = {{"PATH", "/bin"}, {"CGO_ENABLED", "0"}, {"EMPTY", ""}, {"X", "a=b"}};
    CHECK(to_envp(env) ==
          std::vector<std::string>{"CGO_ENABLED=0", "EMPTY=", "PATH=/bin", "X=a=b"});
    CHECK(to_envp({}).empty());
}

TEST_CASE("find_program searches the given PATH, skipping empty entries", "[environment]") {
    xbuild::test::TempDir dir;
    const auto first = dir.path() / "first";
    const auto second = dir.path() / "second";
    std::filesystem::create_directories(first);
    std::filesystem::create_directories(second);
    auto make_file = [](const std::filesystem::path& path, bool executable) {
        std::ofstream(path) << "#!/bin/sh\n";
        std::filesystem::permissions(path, executable ? std::filesystem::perms::owner_all
                                                      : std::filesystem::perms::owner_read);
    };
    make_file(first / "tool", false);  // not executable: passed over
    make_file(second / "tool", true);
    const Environment env{{"PATH", ":" + first.string() + "::" + second.string()}};

    CHECK(find_program("tool", env) == (second / "tool").string());
    CHECK_FALSE(find_program("missing", env));
    CHECK_FALSE(find_program("tool", Environment{}));
    CHECK(find_program((second / "tool").string(), Environment{}) == (second / "tool").string());
    CHECK_FALSE(find_program((first / "tool").string(), env));
    // A directory is not a program even when it has the execute bit.
    CHECK_FALSE(find_program("second", Environment{{"PATH", dir.path().string()}}));
}
