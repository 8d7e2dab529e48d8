#include <xbuild/environment.hpp>

#include <cstdlib>

#include <catch2/catch.hpp>

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
