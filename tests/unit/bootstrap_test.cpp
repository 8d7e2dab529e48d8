#include <xbuild/bootstrap.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include "fake_process_runner.hpp"
#include "object_bytes.hpp"
#include "test_data.hpp"

using namespace xbuild;
using xbuild::test::TempDir;

namespace {

namespace fs = std::filesystem;

// A toolchain whose go binary is a real file, so it has an identity.
struct FakeSdk {
    TempDir dir;
    Toolchain toolchain;
    FakeSdk() {
        toolchain.go = dir.path() / "go";
        std::ofstream(toolchain.go) << "#!/bin/sh\n";
        toolchain.env = GoEnv{dir.path().string(), "go1.19.8", "linux", "amd64", ""};
        toolchain.identity = *identify_file(toolchain.go);
    }
};

ProcessExit exited(int code) {
    ProcessExit exit;
    exit.exit_code = code;
    return exit;
}

// The path after "-o" in a go build argv.
fs::path output_of(const ProcessSpec& spec) {
    for (std::size_t i = 0; i + 1 < spec.argv.size(); ++i) {
        if (spec.argv[i] == "-o") return spec.argv[i + 1];
    }
    return {};
}

}  // namespace

TEST_CASE("bootstrap stamps round-trip through JSON", "[bootstrap]") {
    const BootstrapStamp stamp{FileIdentity{"/usr/lib/go/bin/go", 123, 456}, "go1.19.8", "/usr/lib/go",
                               Target{"linux", "arm", "v7"}, 4200, "2026-12-03T19:00:00Z"};
    auto parsed = stamp_from_json(stamp_to_json(stamp));
    REQUIRE(parsed.ok());
    CHECK(parsed->go == stamp.go);
    CHECK(parsed->target == stamp.target);
    CHECK(parsed->duration_ms == 4200);
    CHECK(parsed->std_built);
    BootstrapStamp probe_only = stamp;
    probe_only.std_built = false;
    CHECK_FALSE(stamp_from_json(stamp_to_json(probe_only))->std_built);
    CHECK_FALSE(stamp_from_json("{}").ok());
    CHECK_FALSE(stamp_from_json("garbage").ok());
}

TEST_CASE("target_readiness: missing, ready, stale when the SDK changes", "[bootstrap]") {
    TempDir home;
    const Store store(home.path());
    FakeSdk sdk;
    const Target target{"linux", "arm64", ""};
    CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::missing);

    const fs::path path = stamp_path(store, sdk.toolchain, target);
    fs::create_directories(path.parent_path());
    auto write = [&](const BootstrapStamp& stamp) { std::ofstream(path) << stamp_to_json(stamp); };
    write(BootstrapStamp{sdk.toolchain.identity, "go1.19.8", "", target, 1, ""});
    CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::ready);

    SECTION("another version") {
        write(BootstrapStamp{sdk.toolchain.identity, "go1.19.7", "", target, 1, ""});
        CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::stale);
    }
    SECTION("the binary was replaced") {
        FileIdentity replaced = sdk.toolchain.identity;
        replaced.mtime_ns += 1;
        write(BootstrapStamp{replaced, "go1.19.8", "", target, 1, ""});
        CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::stale);
    }
    SECTION("a corrupt stamp") {
        std::ofstream(path) << "{";
        CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::stale);
    }
    SECTION("stamps are per variant") {
        CHECK(target_readiness(store, sdk.toolchain, Target{"linux", "arm64", "v8.1"}) ==
              Readiness::missing);
    }
}

TEST_CASE("BootstrapTask builds std, then a verified probe, then writes the stamp", "[bootstrap]") {
    TempDir home;
    const Store store(home.path());
    FakeSdk sdk;
    test::FakeClock clock;
    const Target target{"linux", "amd64", ""};
    BootstrapTask task(store, sdk.toolchain, target, {{"PATH", "/usr/bin"}, {"GOFLAGS", "-mod=vendor"}},
                       "/usr/bin/xbuild", clock);

    auto std_build = task.next_process();
    REQUIRE(std_build.has_value());
    CHECK(std_build->argv == std::vector<std::string>{sdk.toolchain.go.string(), "build", "std"});
    CHECK(std_build->env.at("GOOS") == "linux");
    CHECK(std_build->env.at("GOARCH") == "amd64");
    CHECK(std_build->env.at("CGO_ENABLED") == "0");
    CHECK(std_build->env.count("GOFLAGS") == 0);
    task.on_exit(exited(0));

    auto probe = task.next_process();
    REQUIRE(probe.has_value());
    const fs::path output = output_of(*probe);
    REQUIRE_FALSE(output.empty());
    CHECK(fs::exists(store.probe_dir() / "probe.go"));

    SECTION("a matching probe makes the target ready") {
        std::ofstream(output, std::ios::binary) << test::elf64_header(62);
        clock.advance(std::chrono::seconds(3));
        task.on_exit(exited(0));
        CHECK_FALSE(task.next_process().has_value());
        CHECK(task.result().ok);
        CHECK(task.result().ran);
        CHECK(task.result().duration_ms == 3000);
        CHECK_FALSE(fs::exists(output));
        CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::ready);
        CHECK(target_readiness(store, sdk.toolchain, target, BootstrapDepth::std) == Readiness::ready);
    }
    SECTION("a probe for the wrong machine fails and writes no stamp") {
        std::ofstream(output, std::ios::binary) << test::elf64_header(183);  // arm64
        task.on_exit(exited(0));
        CHECK(task.failed());
        CHECK_THAT(task.result().error, Catch::Contains("probe"));
        CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::missing);
    }
    SECTION("a failed probe build fails") {
        task.on_exit(exited(1));
        CHECK(task.failed());
        CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::missing);
    }
}

TEST_CASE("BootstrapTask at depth probe builds only the probe; std asks for more", "[bootstrap]") {
    TempDir home;
    const Store store(home.path());
    FakeSdk sdk;
    test::FakeClock clock;
    const Target target{"linux", "arm64", ""};
    BootstrapTask task(store, sdk.toolchain, target, {}, "/usr/bin/xbuild", clock, BootstrapDepth::probe);

    auto probe = task.next_process();
    REQUIRE(probe.has_value());
    CHECK(probe->argv.at(1) == "build");
    CHECK(probe->argv.at(2) == "-o");
    std::ofstream(output_of(*probe), std::ios::binary) << test::elf64_header(183);
    task.on_exit(exited(0));
    REQUIRE(task.result().ok);

    CHECK(target_readiness(store, sdk.toolchain, target) == Readiness::ready);
    CHECK(target_readiness(store, sdk.toolchain, target, BootstrapDepth::std) == Readiness::missing);
    BootstrapTask deeper(store, sdk.toolchain, target, {}, "/usr/bin/xbuild", clock, BootstrapDepth::std);
    auto std_build = deeper.next_process();
    REQUIRE(std_build.has_value());
    CHECK(std_build->argv.back() == "std");
}

TEST_CASE("BootstrapTask waits in a child while another holder has the lock", "[bootstrap]") {
    TempDir home;
    const Store store(home.path());
    FakeSdk sdk;
    test::FakeClock clock;
    const Target target{"linux", "arm64", ""};
    const fs::path lock_path = store.locks_dir() / ("bootstrap-" + path_key(sdk.toolchain.go.string()) +
                                                   "-linux_arm64.lock");
    auto other = FileLock::try_acquire(lock_path);
    REQUIRE(other.ok());
    REQUIRE(other->has_value());

    BootstrapTask task(store, sdk.toolchain, target, {}, "/usr/bin/xbuild", clock);
    auto wait = task.next_process();
    REQUIRE(wait.has_value());
    CHECK(wait->argv == std::vector<std::string>{"/usr/bin/xbuild", "__wait-lock", lock_path.string()});

    // The other xbuild finishes: it wrote the stamp and released the lock.
    const fs::path stamp = stamp_path(store, sdk.toolchain, target);
    fs::create_directories(stamp.parent_path());
    std::ofstream(stamp) << stamp_to_json(BootstrapStamp{sdk.toolchain.identity, "go1.19.8", "", target, 1, ""});
    other->reset();
    task.on_exit(exited(0));

    CHECK_FALSE(task.next_process().has_value());  // reused, nothing to build
    CHECK(task.result().ok);
    CHECK(task.result().waited);
    CHECK_FALSE(task.result().ran);
}
