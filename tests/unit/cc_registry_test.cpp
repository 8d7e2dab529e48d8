#include <xbuild/cc_registry.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "test_data.hpp"

namespace xbuild {
namespace {

namespace fs = std::filesystem;

fs::path real_registry_path() {
    return fs::path(XBUILD_TEST_DATA_DIR) / ".." / "toolchains" / "cc.json";
}

CcRegistry real_registry() {
    auto registry = load_cc_registry(real_registry_path());
    INFO((registry ? std::string() : registry.error().message));
    REQUIRE(registry.ok());
    return *registry;
}

Target make_target(std::string os, std::string arch, std::string variant = "") {
    return Target{std::move(os), std::move(arch), std::move(variant)};
}

std::string parse_failure(std::string_view json) {
    auto registry = parse_cc_registry(json, "cc.json");
    REQUIRE_FALSE(registry.ok());
    return registry.error().message;
}

std::string split_failure(std::string_view command) {
    auto argv = split_command(command);
    REQUIRE_FALSE(argv.ok());
    return argv.error().message;
}

// Answers probes from a table keyed by argv[0] (a match when absent) and
// records every probe it was asked for.
class FakeProber final : public CcProber {
public:
    Result<CcProbeResult> probe(const std::vector<std::string>& cc,
                                const std::string& resolved_path, const Target& target) override {
        calls.push_back(display_command(cc) + " @ " + resolved_path + " for " + target.str());
        CcProbeResult result;
        auto it = builds_for.find(cc.front());
        result.matches = it == builds_for.end() || it->second == target.arch;
        result.description = "ELF 64-bit " + (it == builds_for.end() ? target.arch : it->second);
        if (!result.matches) {
            result.message = fmt::format("{} does not target {}: it builds {} objects",
                                         display_command(cc), target.str(), result.description);
        }
        return result;
    }

    std::map<std::string, std::string> builds_for;  // argv[0] -> GOARCH its objects are for
    std::vector<std::string> calls;
};

// A PATH directory of stub executables: selection only looks them up.
class StubPath {
public:
    void add(const std::string& name) {
        fs::path file = m_dir.path() / name;
        std::ofstream(file) << "#!/bin/sh\nexit 1\n";
        fs::permissions(file, fs::perms::owner_all);
    }
    std::string file(const std::string& name) const { return (m_dir.path() / name).string(); }
    std::string path() const { return m_dir.path().string(); }

private:
    test::TempDir m_dir;
};

CcOverride override_of(std::string_view spec, CcLanguage language = CcLanguage::c) {
    auto parsed = parse_cc_spec(spec, language);
    INFO((parsed ? std::string() : parsed.error().message));
    REQUIRE(parsed.ok());
    return *parsed;
}

}  // namespace

TEST_CASE("the shipped cc.json is well-formed", "[cc]") {
    CcRegistry registry = real_registry();
    CHECK(registry.schema_version == 1);
    REQUIRE(registry.targets.size() >= 15);
    for (const auto& [key, candidates] : registry.targets) {
        INFO(key);
        auto target = parse_target(key);
        REQUIRE(target.ok());
        CHECK(target->variant.empty());
        CHECK_FALSE(candidates.empty());
        for (const CcCandidate& candidate : candidates) {
            CHECK_FALSE(candidate.cc.empty());
            CHECK((candidate.debian_cxx.empty() || !candidate.cxx.empty()));
            CHECK((candidate.debian.empty() || candidate.install.empty()));
        }
    }

    SECTION("linux/arm64") {
        auto candidates = registry.candidates_for(make_target("linux", "arm64"));
        REQUIRE(candidates.size() >= 3);
        CHECK(candidates[0].cc == std::vector<std::string>{"aarch64-linux-gnu-gcc"});
        CHECK(candidates[0].cxx == std::vector<std::string>{"aarch64-linux-gnu-g++"});
        // The cross gcc and its C library headers, which apt skips without Recommends.
        CHECK(candidates[0].debian == "gcc-aarch64-linux-gnu libc6-dev-arm64-cross");
        CHECK(candidates[0].debian_cxx == "g++-aarch64-linux-gnu");
        CHECK(candidates[1].cc ==
              std::vector<std::string>{"zig", "cc", "-target", "aarch64-linux-gnu"});
        CHECK(candidates[2].cc == std::vector<std::string>{"clang", "--target=aarch64-linux-gnu"});
    }
    SECTION("windows") {
        auto amd64 = registry.candidates_for(make_target("windows", "amd64"));
        REQUIRE_FALSE(amd64.empty());
        CHECK(amd64[0].cc == std::vector<std::string>{"x86_64-w64-mingw32-gcc"});
        CHECK(amd64[0].debian == "gcc-mingw-w64-x86-64");
        auto i386 = registry.candidates_for(make_target("windows", "386"));
        REQUIRE_FALSE(i386.empty());
        CHECK(i386[0].cc == std::vector<std::string>{"i686-w64-mingw32-gcc"});
        CHECK(i386[0].debian == "gcc-mingw-w64-i686");
    }
    SECTION("arm variants pick their ABI") {
        auto v7 = registry.candidates_for(make_target("linux", "arm", "v7"));
        REQUIRE_FALSE(v7.empty());
        CHECK(v7[0].cc == std::vector<std::string>{"arm-linux-gnueabihf-gcc"});
        CHECK(v7[0].debian == "gcc-arm-linux-gnueabihf libc6-dev-armhf-cross");
        for (const char* variant : {"v5", "v6"}) {
            auto soft = registry.candidates_for(make_target("linux", "arm", variant));
            REQUIRE_FALSE(soft.empty());
            CHECK(soft[0].cc == std::vector<std::string>{"arm-linux-gnueabi-gcc"});
            for (const CcCandidate& candidate : soft) {
                CHECK(candidate.cc.back().find("gnueabihf") == std::string::npos);
            }
        }
        // No variant: every candidate, hard-float first.
        auto any = registry.candidates_for(make_target("linux", "arm"));
        CHECK(any.size() ==
              v7.size() + registry.candidates_for(make_target("linux", "arm", "v5")).size());
    }
    SECTION("darwin has no Debian package") {
        auto candidates = registry.candidates_for(make_target("darwin", "arm64"));
        REQUIRE_FALSE(candidates.empty());
        CHECK(candidates[0].cc == std::vector<std::string>{"oa64-clang"});
        for (const CcCandidate& candidate : candidates) CHECK(candidate.debian.empty());
        CHECK(registry.candidates_for(make_target("darwin", "amd64"))[0].cc ==
              std::vector<std::string>{"o64-clang"});
    }
    SECTION("other linux arches") {
        std::map<std::string, std::string> first{
            {"386", "i686-linux-gnu-gcc"},
            {"riscv64", "riscv64-linux-gnu-gcc"},
            {"ppc64le", "powerpc64le-linux-gnu-gcc"},
            {"s390x", "s390x-linux-gnu-gcc"},
            {"mips", "mips-linux-gnu-gcc"},
            {"mipsle", "mipsel-linux-gnu-gcc"},
            {"mips64", "mips64-linux-gnuabi64-gcc"},
            {"mips64le", "mips64el-linux-gnuabi64-gcc"},
        };
        for (const auto& [arch, cc] : first) {
            INFO(arch);
            auto candidates = registry.candidates_for(make_target("linux", arch));
            REQUIRE_FALSE(candidates.empty());
            CHECK(candidates[0].cc == std::vector<std::string>{cc});
            const std::string gcc_package = "gcc-" + cc.substr(0, cc.size() - 4) + " ";
            CHECK(candidates[0].debian.rfind(gcc_package, 0) == 0);
            CHECK_THAT(candidates[0].debian, Catch::EndsWith("-cross") && Catch::Contains(" libc6-dev-"));
        }
    }
    CHECK(registry.candidates_for(make_target("plan9", "amd64")).empty());
}

TEST_CASE("the registry is found beside the binary or in the source tree", "[cc]") {
    auto paths = cc_registry_search_paths("/opt/xbuild/bin/xbuild");
    REQUIRE(paths.size() == 2);
    CHECK(paths[0] == fs::path("/opt/xbuild/share/xbuild/toolchains/cc.json"));
    CHECK(fs::equivalent(paths[1], real_registry_path()));

    auto registry = locate_cc_registry("/nonexistent/bin/xbuild");
    REQUIRE(registry.ok());
    CHECK(registry->targets.count("linux/arm64") == 1);

    test::TempDir dir;
    fs::create_directories(dir.path() / "bin");
    fs::create_directories(dir.path() / "share" / "xbuild" / "toolchains");
    std::ofstream(dir.path() / "share" / "xbuild" / "toolchains" / "cc.json")
        << R"({"schema_version": 1, "targets": {"linux/s390x": [{"cc": ["my-cc"]}]}})";
    auto installed = locate_cc_registry(dir.path() / "bin" / "xbuild");
    REQUIRE(installed.ok());
    CHECK(installed->targets.size() == 1);

    auto missing = load_cc_registry(dir.path() / "none.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("cannot read " + (dir.path() / "none.json").string()) == 0);
}

TEST_CASE("malformed registries are rejected with their place", "[cc]") {
    SECTION("syntax errors carry line and column") {
        CHECK(parse_failure("{\n  \"schema_version\": 1,\n  \"targets\": {,}\n}") ==
              "cc.json:3:15: syntax error while parsing object key - unexpected ','; expected "
              "string literal");
        CHECK(parse_failure("{\"schema_version\": 1,").find("cc.json:1:22: syntax error") == 0);
        CHECK(parse_failure("nope").find("cc.json:1:") == 0);
    }
    SECTION("a number too large for a double is an error, not an escaping exception") {
        // Found by fuzz_cc_registry: nlohmann throws out_of_range, not parse_error.
        CHECK(parse_failure(R"({"schema_version": 1E443432})")
                  .find("cc.json: number overflow parsing") == 0);
    }
    SECTION("schema errors name the entry") {
        CHECK(parse_failure("[]") == "cc.json: expected a JSON object at the top");
        CHECK(parse_failure(R"({"schema_version": 2, "targets": {}})") ==
              "cc.json: unsupported schema_version 2 (this xbuild reads 1)");
        CHECK(parse_failure(R"({"targets": {}})") ==
              "cc.json: missing \"schema_version\" (this xbuild reads 1)");
        CHECK(parse_failure(R"({"schema_version": 1})") == "cc.json: missing \"targets\"");
        CHECK(parse_failure(R"({"schema_version": 1, "targets": {}, "extra": 1})") ==
              "cc.json: unknown key \"extra\" (expected schema_version and targets)");
        CHECK(parse_failure(R"({"schema_version": 1, "targets": {"linux": []}})") ==
              "cc.json: target key \"linux\" must be os/arch (restrict variants with "
              "\"variants\")");
        CHECK(parse_failure(R"({"schema_version": 1, "targets": {"linux/arm/v7": []}})")
                  .find("target key \"linux/arm/v7\"") != std::string::npos);
        CHECK(parse_failure(R"({"schema_version": 1, "targets": {"linux/arm64": {}}})") ==
              "cc.json: \"linux/arm64\" must be an array of candidates");
        CHECK(parse_failure(R"({"schema_version": 1, "targets": {"linux/arm64": [{"cc": ["a"]},
              {"cxx": ["b"]}]}})") == "cc.json: \"linux/arm64\" candidate 2: missing \"cc\"");
        CHECK(parse_failure(
                  R"({"schema_version": 1, "targets": {"linux/arm64": [{"cc": "gcc"}]}})") ==
              "cc.json: \"linux/arm64\" candidate 1: \"cc\" must be a non-empty array of non-empty "
              "strings");
        CHECK(parse_failure(R"({"schema_version": 1, "targets": {"linux/arm64": [{"cc": [""]}]}})")
                  .find("\"cc\" must be a non-empty array") != std::string::npos);
        // One candidate in a valid frame: {"schema_version": 1, "targets": {KEY: [CANDIDATE]}}.
        auto candidate_failure = [](std::string_view key, std::string_view candidate) {
            return parse_failure(fmt::format(
                R"({{"schema_version": 1, "targets": {{"{}": [{}]}}}})", key, candidate));
        };
        CHECK(candidate_failure("linux/arm64", R"({"cc": ["a"], "debain": "x"})")
                  .find("candidate 1: unknown key \"debain\"") != std::string::npos);
        CHECK(candidate_failure("linux/arm64", R"({"cc": ["a"], "debian": 3})") ==
              "cc.json: \"linux/arm64\" candidate 1: \"debian\" must be a non-empty string");
        CHECK(candidate_failure("linux/arm", R"({"cc": ["a"], "variants": ["hardfloat"]})")
                  .find("cc.json: \"linux/arm\" candidate 1: target \"linux/arm/hardfloat\"") == 0);
    }
    SECTION("comments are allowed anywhere") {
        auto registry = parse_cc_registry(
            R"({"_c": 1, "schema_version": 1, "targets": {"_c": 2,
                "linux/arm64": [{"_c": 3, "cc": ["a"], "variants": ["v8.0"]}]}})",
            "cc.json");
        INFO((registry ? std::string() : registry.error().message));
        REQUIRE(registry.ok());
        CHECK(registry->targets.size() == 1);
    }
}

TEST_CASE("split_command splits like a shell without expansions", "[cc]") {
    using Argv = std::vector<std::string>;
    CHECK(*split_command("gcc") == Argv{"gcc"});
    CHECK(*split_command("  zig   cc\t-target aarch64-linux-gnu ") ==
          Argv{"zig", "cc", "-target", "aarch64-linux-gnu"});
    CHECK(*split_command("cc '-I/a b' \"-DX=\\\"y z\\\"\"") == Argv{"cc", "-I/a b", "-DX=\"y z\""});
    CHECK(*split_command("a\\ b 'c'\"d\"e ''") == Argv{"a b", "cde", ""});
    CHECK(*split_command("\"\\n$HOME\"") == Argv{"\\n$HOME"});
    CHECK(*split_command("'it''s'") == Argv{"its"});

    CHECK(split_failure("zig cc 'foo") == "unbalanced ' quote at column 8 of \"zig cc 'foo\"");
    CHECK(split_failure("cc \"-DX=1") == "unbalanced \" quote at column 4 of \"cc \"-DX=1\"");
    CHECK(split_failure("cc \\") == "command \"cc \\\" ends with a lone backslash");
    CHECK(split_failure("   ") == "empty command");
}

TEST_CASE("parse_cc_spec reads TARGET=CMD", "[cc]") {
    CcOverride simple = override_of("linux/arm64=aarch64-linux-gnu-gcc");
    CHECK(simple.language == CcLanguage::c);
    CHECK(simple.target == make_target("linux", "arm64"));
    CHECK(simple.command == std::vector<std::string>{"aarch64-linux-gnu-gcc"});
    CHECK(simple.origin == "--cc");

    CcOverride zig =
        override_of("linux/arm/v7=zig c++ -target 'arm-linux-gnueabihf'", CcLanguage::cxx);
    CHECK(zig.language == CcLanguage::cxx);
    CHECK(zig.origin == "--cxx");
    CHECK(zig.target == make_target("linux", "arm", "v7"));
    CHECK(zig.command == std::vector<std::string>{"zig", "c++", "-target", "arm-linux-gnueabihf"});

    auto failure = [](std::string_view spec, CcLanguage language = CcLanguage::c) {
        auto parsed = parse_cc_spec(spec, language);
        REQUIRE_FALSE(parsed.ok());
        return parsed.error().message;
    };
    CHECK(failure("aarch64-linux-gnu-gcc") ==
          "--cc \"aarch64-linux-gnu-gcc\": expected TARGET=CMD, e.g. --cc "
          "linux/arm64=aarch64-linux-gnu-gcc");
    CHECK(failure("g++", CcLanguage::cxx).find("--cxx \"g++\": expected TARGET=CMD") == 0);
    CHECK(failure("linux=gcc").find("--cc \"linux=gcc\": invalid target \"linux\"") == 0);
    CHECK(failure("linux/arm/hard=gcc").find("--cc \"linux/arm/hard=gcc\": target") == 0);
    CHECK(failure("linux/arm64=zig 'cc") ==
          "--cc linux/arm64: unbalanced ' quote at column 5 of \"zig 'cc\"");
    CHECK(failure("linux/arm64=") == "--cc linux/arm64: empty command");
}

TEST_CASE("select_cc prefers explicit configuration over discovery", "[cc]") {
    CcRegistry registry = real_registry();
    StubPath stubs;
    stubs.add("aarch64-linux-gnu-gcc");
    stubs.add("aarch64-linux-gnu-g++");
    stubs.add("zig");
    stubs.add("my-gcc");
    stubs.add("gcc");
    FakeProber prober;
    prober.builds_for = {{"gcc", "amd64"}, {"my-gcc", "arm64"}};
    CcSettings settings;
    settings.env = {{"PATH", "/nonexistent:" + stubs.path()}};
    settings.host = make_target("linux", "amd64");
    const Target arm64 = make_target("linux", "arm64");

    auto select = [&](const Target& target) {
        auto selection = select_cc(registry, settings, target, prober);
        INFO((selection ? std::string() : selection.error().message));
        REQUIRE(selection.ok());
        return *selection;
    };
    auto failure = [&](const Target& target) {
        auto selection = select_cc(registry, settings, target, prober);
        REQUIRE_FALSE(selection.ok());
        return selection.error().message;
    };

    SECTION("discovered from the registry") {
        CcSelection selection = select(arm64);
        REQUIRE(selection.choice);
        CHECK(selection.choice->cc == std::vector<std::string>{"aarch64-linux-gnu-gcc"});
        CHECK(selection.choice->cxx == std::vector<std::string>{"aarch64-linux-gnu-g++"});
        CHECK(selection.choice->origin == "discovered");
        CHECK(selection.choice->cxx_origin == "discovered");
        CHECK(selection.choice->resolved_path == stubs.file("aarch64-linux-gnu-gcc"));
        REQUIRE(selection.choice->probe);
        CHECK(selection.choice->probe->matches);
        CHECK(prober.calls ==
              std::vector<std::string>{"aarch64-linux-gnu-gcc @ " +
                                       stubs.file("aarch64-linux-gnu-gcc") + " for linux/arm64"});
        // CC is only for the host.
        settings.env["CC"] = "my-gcc";
        CHECK(select(arm64).choice->origin == "discovered");
    }
    SECTION("a candidate that fails its probe is skipped") {
        prober.builds_for["aarch64-linux-gnu-gcc"] = "amd64";
        CcSelection selection = select(arm64);
        REQUIRE(selection.choice);
        CHECK(selection.choice->cc ==
              std::vector<std::string>{"zig", "cc", "-target", "aarch64-linux-gnu"});
        CHECK(selection.choice->cxx ==
              std::vector<std::string>{"zig", "c++", "-target", "aarch64-linux-gnu"});
        REQUIRE(selection.tried.size() == 2);
        CHECK(selection.tried[0].found_on_path);
        CHECK_FALSE(selection.tried[0].probe->matches);
        CHECK(describe_tried(selection.tried) ==
              "aarch64-linux-gnu-gcc does not target linux/arm64: it builds ELF 64-bit amd64 "
              "objects; zig cc -target aarch64-linux-gnu: matches");
    }
    SECTION("CC_FOR_<os>_<arch> beats discovery") {
        settings.env["CC_FOR_linux_arm64"] = "my-gcc -O1 '-DX=a b'";
        settings.env["CC_FOR_LINUX_ARM64"] = "gcc";  // not Go's spelling: ignored
        CcSelection selection = select(arm64);
        REQUIRE(selection.choice);
        CHECK(selection.choice->cc == std::vector<std::string>{"my-gcc", "-O1", "-DX=a b"});
        CHECK(selection.choice->origin == "CC_FOR_linux_arm64");
        CHECK(selection.choice->resolved_path == stubs.file("my-gcc"));
        CHECK(selection.choice->cxx.empty());

        settings.env["CXX_FOR_linux_arm64"] = "aarch64-linux-gnu-g++";
        CcSelection with_cxx = select(arm64);
        CHECK(with_cxx.choice->cxx == std::vector<std::string>{"aarch64-linux-gnu-g++"});
        CHECK(with_cxx.choice->cxx_origin == "CXX_FOR_linux_arm64");

        settings.env["CC_FOR_linux_arm64"] = "my-gcc 'oops";
        CHECK(failure(arm64) ==
              "CC_FOR_linux_arm64: unbalanced ' quote at column 8 of \"my-gcc 'oops\"");
    }
    SECTION("--cc beats CC_FOR_<os>_<arch>") {
        settings.env["CC_FOR_linux_arm64"] = "aarch64-linux-gnu-gcc";
        settings.overrides.push_back(override_of("linux/arm64=gcc"));
        settings.overrides.push_back(override_of("linux/arm64=my-gcc -g"));
        CcSelection selection = select(arm64);
        REQUIRE(selection.choice);
        CHECK(selection.choice->cc == std::vector<std::string>{"my-gcc", "-g"});
        CHECK(selection.choice->origin == "--cc");
        CHECK(selection.tried.size() == 1);
    }
    SECTION("an exact variant beats the plain target") {
        const Target v7 = make_target("linux", "arm", "v7");
        prober.builds_for["my-gcc"] = "arm";
        prober.builds_for["zig"] = "arm";
        settings.overrides.push_back(override_of("linux/arm/v7=zig cc"));
        settings.overrides.push_back(override_of("linux/arm=my-gcc"));
        settings.overrides.push_back(override_of("linux/arm/v6=gcc"));
        CHECK(select(v7).choice->cc == std::vector<std::string>{"zig", "cc"});
        CHECK(select(make_target("linux", "arm", "v5")).choice->cc ==
              std::vector<std::string>{"my-gcc"});
        CHECK(select(make_target("linux", "arm")).choice->cc == std::vector<std::string>{"my-gcc"});
    }
    SECTION("a broken explicit compiler is an error, not skipped") {
        settings.overrides.push_back(override_of("linux/arm64=gcc -O2"));
        CHECK(failure(arm64) ==
              "--cc linux/arm64: gcc -O2 does not target linux/arm64: it builds ELF 64-bit amd64 "
              "objects");
        settings.overrides.push_back(override_of("linux/arm64=aarch64-linux-musl-gcc"));
        CHECK(failure(arm64) ==
              "--cc linux/arm64: aarch64-linux-musl-gcc not found on PATH; install it or give "
              "its full path");
        settings.overrides.clear();
        settings.overrides.push_back(override_of("linux/arm64=missing-g++", CcLanguage::cxx));
        CHECK(failure(arm64) ==
              "--cxx linux/arm64: missing-g++ not found on PATH; install it or give its full "
              "path");
    }
    SECTION("a full path needs no PATH") {
        settings.overrides.push_back(override_of("linux/arm64=" + stubs.file("my-gcc")));
        settings.env["PATH"] = "/nonexistent";
        CcSelection selection = select(arm64);
        REQUIRE(selection.choice);
        CHECK(selection.choice->resolved_path == stubs.file("my-gcc"));
    }
    SECTION("nothing found") {
        settings.env["PATH"] = "/nonexistent";
        CcSelection selection = select(arm64);
        CHECK_FALSE(selection.choice);
        CHECK(prober.calls.empty());
        CHECK(describe_tried(selection.tried) ==
              "aarch64-linux-gnu-gcc: not on PATH; zig cc -target aarch64-linux-gnu: not on PATH; "
              "clang --target=aarch64-linux-gnu: not on PATH");
    }
}

TEST_CASE("select_cc uses CC or the system compiler for the host", "[cc]") {
    CcRegistry registry = real_registry();
    StubPath stubs;
    stubs.add("gcc");
    stubs.add("g++");
    stubs.add("clang");
    stubs.add("my-cc");
    FakeProber prober;
    CcSettings settings;
    settings.env = {{"PATH", stubs.path()}};
    settings.host = make_target("linux", "amd64");
    const Target host = make_target("linux", "amd64", "v3");

    auto selection = select_cc(registry, settings, host, prober);
    REQUIRE(selection.ok());
    REQUIRE(selection->choice);
    CHECK(selection->choice->cc == std::vector<std::string>{"gcc"});  // no cc stub
    CHECK(selection->choice->cxx == std::vector<std::string>{"g++"});
    CHECK(selection->choice->origin == "system");
    CHECK(selection->tried.size() == 2);
    CHECK_FALSE(selection->tried[0].found_on_path);

    settings.env["CC"] = "my-cc -m64";
    settings.env["CXX"] = "clang";
    auto with_cc = select_cc(registry, settings, host, prober);
    REQUIRE(with_cc.ok());
    CHECK(with_cc->choice->cc == std::vector<std::string>{"my-cc", "-m64"});
    CHECK(with_cc->choice->origin == "CC");
    CHECK(with_cc->choice->cxx == std::vector<std::string>{"clang"});
    CHECK(with_cc->choice->cxx_origin == "CXX");

    settings.env["CC"] = "";  // empty reads as unset
    prober.builds_for["gcc"] = "arm64";
    prober.builds_for["clang"] = "arm64";
    auto fallback = select_cc(registry, settings, host, prober);
    REQUIRE(fallback.ok());
    CHECK_FALSE(fallback->choice);
}

TEST_CASE("install_hint names a package or the alternatives", "[cc]") {
    CcRegistry registry = real_registry();
    CHECK(install_hint(registry, make_target("linux", "arm64")) ==
          "install gcc-aarch64-linux-gnu libc6-dev-arm64-cross (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)");
    CHECK(install_hint(registry, make_target("windows", "amd64")) ==
          "install gcc-mingw-w64-x86-64 (apt-get install gcc-mingw-w64-x86-64)");
    CHECK(install_hint(registry, make_target("linux", "arm", "v5")) ==
          "install gcc-arm-linux-gnueabi libc6-dev-armel-cross (apt-get install gcc-arm-linux-gnueabi libc6-dev-armel-cross)");
    CHECK(install_hint(registry, make_target("linux", "arm", "v7")) ==
          "install gcc-arm-linux-gnueabihf libc6-dev-armhf-cross (apt-get install gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)");
    CHECK(install_hint(registry, make_target("darwin", "arm64")) ==
          "no Debian package provides a C compiler for darwin/arm64; install osxcross "
          "(oa64-clang) or zig, or pass --cc darwin/arm64=CMD");
    CHECK(install_hint(registry, make_target("plan9", "amd64")) ==
          "xbuild knows no C compiler for plan9/amd64; pass --cc plan9/amd64=CMD");

    auto bare = parse_cc_registry(
        R"({"schema_version": 1, "targets": {"freebsd/amd64": [{"cc": ["clang"]}]}})", "x");
    REQUIRE(bare.ok());
    CHECK(install_hint(*bare, make_target("freebsd", "amd64")) ==
          "no Debian package provides a C compiler for freebsd/amd64; pass --cc "
          "freebsd/amd64=CMD");
}

}  // namespace xbuild
