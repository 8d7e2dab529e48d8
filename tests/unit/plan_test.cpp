#include <xbuild/plan.hpp>

#include <algorithm>

#include <catch2/catch.hpp>

using namespace xbuild;

namespace {

Toolchain fake_toolchain() {
    Toolchain toolchain;
    toolchain.go = "/sdk/bin/go";
    toolchain.env = GoEnv{"/sdk", "go1.19.8", "linux", "amd64", ""};
    return toolchain;
}

PlanInput input_for(const Toolchain& toolchain, std::vector<Target> targets) {
    PlanInput input;
    input.toolchain = &toolchain;
    input.targets = std::move(targets);
    input.packages = {MainPackage{"example.com/hello", "/src/hello"}};
    input.cwd = "/src/hello";
    input.base_env = {{"PATH", "/usr/bin"}, {"HOME", "/root"}};
    input.unique = "u1";
    return input;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

TEST_CASE("plan_builds renders gox-style default output paths", "[plan]") {
    const Toolchain toolchain = fake_toolchain();
    auto jobs = plan_builds(input_for(toolchain, {{"linux", "arm", "v7"},
                                                  {"linux", "arm64", ""},
                                                  {"windows", "amd64", ""}}));
    REQUIRE(jobs.ok());
    REQUIRE(jobs->size() == 3);
    CHECK((*jobs)[0].output_path == "/src/hello/dist/hello_linux_arm_v7");
    CHECK((*jobs)[1].output_path == "/src/hello/dist/hello_linux_arm64");
    CHECK((*jobs)[2].output_path == "/src/hello/dist/hello_windows_amd64.exe");
}

TEST_CASE("plan_builds sets the target environment and go build argv", "[plan]") {
    const Toolchain toolchain = fake_toolchain();
    PlanInput input = input_for(toolchain, {{"linux", "arm", "v7"}});
    input.flags.ldflags = "-s -w";
    input.flags.tags = "netgo";
    input.flags.trimpath = true;
    input.flags.extra_args = {"-v"};
    auto jobs = plan_builds(input);
    REQUIRE(jobs.ok());
    const BuildJob& job = jobs->front();
    const auto& argv = job.command.argv;
    CHECK(argv[0] == "/sdk/bin/go");
    CHECK(argv[1] == "build");
    CHECK(argv[2] == "-o");
    CHECK(argv[3] == job.temp_path.string());
    CHECK(job.temp_path.parent_path() == job.output_path.parent_path());
    CHECK(job.temp_path != job.output_path);
    CHECK(contains(argv, "-ldflags=-s -w"));
    CHECK(contains(argv, "-tags=netgo"));
    CHECK(contains(argv, "-trimpath"));
    CHECK(contains(argv, "-v"));
    CHECK(argv.back() == "example.com/hello");

    CHECK(job.command.env.at("GOOS") == "linux");
    CHECK(job.command.env.at("GOARCH") == "arm");
    CHECK(job.command.env.at("GOARM") == "7");
    CHECK(job.command.env.at("CGO_ENABLED") == "0");
    CHECK(job.command.env.at("GOTOOLCHAIN") == "local");
    CHECK(job.command.env.at("HOME") == "/root");  // the rest of the environment passes through
    CHECK(job.target_env.at("GOARM") == "7");
    CHECK(job.target_env.count("HOME") == 0);
    CHECK(job.command.cwd == "/src/hello");
}

TEST_CASE("plan_builds --reproducible adds -trimpath, -buildvcs=false and an empty build id", "[plan]") {
    const Toolchain toolchain = fake_toolchain();
    PlanInput input = input_for(toolchain, {{"linux", "arm64", ""}});
    input.flags.reproducible = true;
    SECTION("alone") {
        const auto argv = plan_builds(input)->front().command.argv;
        CHECK(contains(argv, "-trimpath"));
        CHECK(contains(argv, "-buildvcs=false"));
        CHECK(contains(argv, "-ldflags=-buildid="));
    }
    SECTION("after the user's ldflags, once") {
        input.flags.ldflags = "-s -w";
        input.flags.trimpath = true;
        const auto argv = plan_builds(input)->front().command.argv;
        CHECK(contains(argv, "-ldflags=-s -w -buildid="));
        CHECK(std::count(argv.begin(), argv.end(), "-trimpath") == 1);
    }
}

TEST_CASE("plan_builds rejects colliding outputs and bad templates", "[plan]") {
    const Toolchain toolchain = fake_toolchain();
    SECTION("two targets, one path") {
        PlanInput input = input_for(toolchain, {{"linux", "amd64", ""}, {"darwin", "amd64", ""}});
        input.output_template = "dist/{{.Arch}}";
        auto jobs = plan_builds(input);
        REQUIRE_FALSE(jobs.ok());
        CHECK_THAT(jobs.error().message, Catch::Contains("linux/amd64"));
        CHECK_THAT(jobs.error().message, Catch::Contains("darwin/amd64"));
        CHECK_THAT(jobs.error().message, Catch::Contains("{{.OS}}"));
    }
    SECTION("an unknown field") {
        PlanInput input = input_for(toolchain, {{"linux", "amd64", ""}});
        input.output_template = "dist/{{.Os}}";
        auto jobs = plan_builds(input);
        REQUIRE_FALSE(jobs.ok());
        CHECK_THAT(jobs.error().message, Catch::Contains(".Os"));
    }
    SECTION("a variant-less template for two variants collides") {
        PlanInput input = input_for(toolchain, {{"linux", "arm", "v6"}, {"linux", "arm", "v7"}});
        input.output_template = "out/{{.OS}}-{{.Arch}}";
        CHECK_FALSE(plan_builds(input).ok());
    }
    SECTION("race off the host") {
        PlanInput input = input_for(toolchain, {{"linux", "arm64", ""}});
        input.flags.race = true;
        auto jobs = plan_builds(input);
        REQUIRE_FALSE(jobs.ok());
        CHECK_THAT(jobs.error().message, Catch::Contains("--race"));
    }
}

TEST_CASE("plan_builds makes one job per target and main package", "[plan]") {
    const Toolchain toolchain = fake_toolchain();
    PlanInput input = input_for(toolchain, {{"linux", "amd64", ""}, {"windows", "amd64", ""}});
    input.packages = {MainPackage{"example.com/m/cmd/a", "/src/m/cmd/a"},
                      MainPackage{"example.com/m/cmd/b", "/src/m/cmd/b"}};
    input.output_template = "/out/{{.OS}}/{{.Dir}}";
    auto jobs = plan_builds(input);
    REQUIRE(jobs.ok());
    REQUIRE(jobs->size() == 4);
    CHECK((*jobs)[0].output_path == "/out/linux/a");
    CHECK((*jobs)[1].output_path == "/out/linux/b");
    CHECK((*jobs)[3].output_path == "/out/windows/b.exe");
}

TEST_CASE("shell_quote quotes only what needs it", "[plan]") {
    CHECK(shell_quote({"go", "build", "-ldflags=-s -w", "it's"}) ==
          "go build '-ldflags=-s -w' 'it'\\''s'");
    CHECK(shell_quote({""}) == "''");
}

TEST_CASE("plan_builds renders {{.Version}} and friends in -o and --ldflags", "[plan]") {
    const Toolchain toolchain = fake_toolchain();
    PlanInput input = input_for(toolchain, {{"linux", "arm64", ""}});
    input.flags.ldflags = "-s -X main.version={{.Version}} -X main.target={{.OS}}/{{.Arch}}";
    input.output_template = "dist/{{.Dir}}_{{.Version}}_{{.OS}}_{{.Arch}}";
    input.version_fields = {{"Version", "v1.2.3"}, {"Commit", "abc"}, {"Date", "2026-12-04T00:00:00Z"}};
    auto jobs = plan_builds(input);
    REQUIRE(jobs);
    const BuildJob& job = jobs->front();
    CHECK(contains(job.command.argv, "-ldflags=-s -X main.version=v1.2.3 -X main.target=linux/arm64"));
    CHECK(job.output_path == "/src/hello/dist/hello_v1.2.3_linux_arm64");

    SECTION("an unknown field in --ldflags is an error naming the flag") {
        input.flags.ldflags = "-X main.v={{.Verison}}";
        auto bad = plan_builds(input);
        REQUIRE_FALSE(bad);
        CHECK_THAT(bad.error().message, Catch::StartsWith("--ldflags: ") && Catch::Contains("Verison"));
    }
}
