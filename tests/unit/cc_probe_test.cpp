#include <xbuild/cc_probe.hpp>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <xbuild/cc_registry.hpp>

#include "test_data.hpp"

namespace xbuild {
namespace {

namespace fs = std::filesystem;

using Bytes = std::string;

void put(Bytes& bytes, std::size_t offset, std::uint64_t value, std::size_t width,
         bool big_endian = false) {
    if (bytes.size() < offset + width) bytes.resize(offset + width);
    for (std::size_t i = 0; i < width; ++i) {
        std::size_t shift = 8 * (big_endian ? width - 1 - i : i);
        bytes[offset + i] = static_cast<char>((value >> shift) & 0xff);
    }
}

// The header of what `gcc -c` writes: ELF ET_REL (1) or, with type 2, ET_EXEC.
Bytes elf(int bits, std::uint16_t machine, std::uint16_t type = 1) {
    Bytes bytes(bits == 64 ? 64 : 52, '\0');
    put(bytes, 0, 0x7f454c46, 4, true);
    put(bytes, 4, bits == 64 ? 2 : 1, 1);
    put(bytes, 5, 1, 1);
    put(bytes, 6, 1, 1);
    put(bytes, 16, type, 2);
    put(bytes, 18, machine, 2);
    return bytes;
}

Bytes coff(std::uint16_t machine) {
    Bytes bytes(20, '\0');
    put(bytes, 0, machine, 2);
    put(bytes, 2, 7, 2);
    return bytes;
}

constexpr std::uint16_t k_aarch64 = 183;
constexpr std::uint16_t k_x86_64 = 62;

// Plays a compiler: records each command and writes `object` at its -o path.
class ObjectWritingRunner final : public CommandRunner {
public:
    Result<ProcessExit> run(const ProcessSpec& spec) override {
        calls.push_back(spec);
        for (std::size_t i = 0; i + 1 < spec.argv.size(); ++i) {
            if (spec.argv[i] == "-c") {
                std::ifstream in(spec.argv[i + 1]);
                std::ostringstream text;
                text << in.rdbuf();
                sources.push_back(text.str());
            }
        }
        if (cannot_start) return make_error("no such file or directory");
        ProcessExit exit;
        exit.exit_code = exit_code;
        exit.output = output;
        for (std::size_t i = 0; i + 1 < spec.argv.size(); ++i) {
            if (spec.argv[i] == "-o" && exit_code == 0 && !object.empty()) {
                std::ofstream(spec.argv[i + 1], std::ios::binary) << object;
            }
        }
        return exit;
    }

    Bytes object;
    int exit_code = 0;
    std::string output;
    bool cannot_start = false;
    std::vector<ProcessSpec> calls;
    std::vector<std::string> sources;
};

Target make_target(std::string os, std::string arch) {
    return Target{std::move(os), std::move(arch), ""};
}

CcProbeResult probe_ok(CcProber& prober, const std::vector<std::string>& cc,
                       const std::string& resolved, const Target& target) {
    auto result = prober.probe(cc, resolved, target);
    INFO((result ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return *result;
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

bool is_empty_dir(const fs::path& dir) {
    return fs::is_directory(dir) && fs::directory_iterator(dir) == fs::directory_iterator();
}

}  // namespace

TEST_CASE("the probe compiles a C file and checks the object", "[cc_probe]") {
    test::TempDir dir;
    ObjectWritingRunner runner;
    const fs::path work = dir.path() / "work";
    CompileCcProber prober(runner, Environment{{"PATH", "/usr/bin"}}, work, std::nullopt);
    const Target arm64 = make_target("linux", "arm64");

    SECTION("an object for the target matches") {
        runner.object = elf(64, k_aarch64);
        CcProbeResult result = probe_ok(prober, {"aarch64-linux-gnu-gcc", "-O2"},
                                        "/usr/bin/aarch64-linux-gnu-gcc", arm64);
        CHECK(result.matches);
        CHECK(result.description == "ELF 64-bit arm64");
        CHECK(result.message.empty());
        CHECK_FALSE(result.cached);

        REQUIRE(runner.calls.size() == 1);
        const ProcessSpec& spec = runner.calls[0];
        REQUIRE(spec.argv.size() == 6);
        CHECK(spec.argv[0] == "aarch64-linux-gnu-gcc");
        CHECK(spec.argv[1] == "-O2");
        CHECK(spec.argv[2] == "-c");
        CHECK(spec.argv[3] == (spec.cwd / "probe.c").string());
        CHECK(spec.argv[4] == "-o");
        CHECK(spec.argv[5] == (spec.cwd / "probe.o").string());
        CHECK(spec.cwd.parent_path() == work);
        CHECK(spec.env == Environment{{"PATH", "/usr/bin"}});
        REQUIRE(runner.sources.size() == 1);
        CHECK(runner.sources[0].find("#include <stdlib.h>") != std::string::npos);
        // The scratch directory goes away with its files.
        CHECK(is_empty_dir(work));
    }
    SECTION("an object for another machine is rejected with what it is") {
        runner.object = elf(64, k_x86_64);
        CcProbeResult result = probe_ok(prober, {"gcc"}, "/usr/bin/gcc", arm64);
        CHECK_FALSE(result.matches);
        CHECK(result.description == "ELF 64-bit amd64");
        CHECK(result.message ==
              "gcc does not target linux/arm64: it builds ELF 64-bit amd64 objects");
    }
    SECTION("windows wants COFF objects") {
        runner.object = coff(0x8664);
        CHECK(probe_ok(prober, {"x86_64-w64-mingw32-gcc"}, "/usr/bin/x86_64-w64-mingw32-gcc",
                       make_target("windows", "amd64"))
                  .matches);
        CcProbeResult i386 =
            probe_ok(prober, {"x86_64-w64-mingw32-gcc"}, "/usr/bin/x86_64-w64-mingw32-gcc",
                     make_target("windows", "386"));
        CHECK(i386.message ==
              "x86_64-w64-mingw32-gcc does not target windows/386: it builds "
              "COFF 64-bit amd64 objects");
        runner.object = elf(64, k_x86_64);
        CHECK(probe_ok(prober, {"gcc"}, "/usr/bin/gcc", make_target("windows", "amd64")).message ==
              "gcc does not target windows/amd64: it builds ELF 64-bit amd64 objects");
    }
    SECTION("a linked file is not an object") {
        runner.object = elf(64, k_aarch64, 2);
        CHECK(probe_ok(prober, {"cc"}, "/usr/bin/cc", arm64).message ==
              "cc -c wrote ELF 64-bit arm64, not an object file");
    }
    SECTION("a compiler that fails says why") {
        runner.exit_code = 1;
        runner.output =
            "In file included from probe.c:1:\n"
            "probe.c:1:10: fatal error: stdlib.h: No such file or directory\n"
            "compilation terminated.\n";
        CcProbeResult result =
            probe_ok(prober, {"clang", "--target=aarch64-linux-gnu"}, "/usr/bin/clang", arm64);
        CHECK_FALSE(result.matches);
        CHECK(result.description.empty());
        CHECK(result.message ==
              "clang --target=aarch64-linux-gnu cannot compile a C file for linux/arm64 (exit "
              "status 1): probe.c:1:10: fatal error: stdlib.h: No such file or directory");
        CHECK(is_empty_dir(work));
    }
    SECTION("a compiler that cannot start or writes nothing") {
        runner.cannot_start = true;
        CHECK(probe_ok(prober, {"zig", "cc"}, "/usr/bin/zig", arm64).message ==
              "zig cc cannot be run: no such file or directory");
        runner.cannot_start = false;
        CHECK(probe_ok(prober, {"true"}, "/usr/bin/true", arm64)
                  .message.find("true -c wrote no object file xbuild can read: cannot open") == 0);
    }
    SECTION("quoted arguments are shown quoted") {
        runner.object = elf(64, k_x86_64);
        CHECK(probe_ok(prober, {"gcc", "-DX=a b"}, "/usr/bin/gcc", arm64).message ==
              "gcc '-DX=a b' does not target linux/arm64: it builds ELF 64-bit amd64 objects");
    }
    SECTION("an unusable work directory is an error") {
        write_file(dir.path() / "file", "x");
        CompileCcProber blocked(runner, {}, dir.path() / "file" / "work", std::nullopt);
        auto result = blocked.probe({"gcc"}, "/usr/bin/gcc", arm64);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("cannot probe gcc: cannot create") == 0);
        CHECK(runner.calls.empty());
    }
}

TEST_CASE("probe results are cached in the store", "[cc_probe]") {
    test::TempDir dir;
    ObjectWritingRunner runner;
    runner.object = elf(64, k_aarch64);
    Store store(dir.path() / "store");
    CompileCcProber prober(runner, {}, dir.path() / "work", store);
    const fs::path compiler = dir.path() / "bin" / "aarch64-linux-gnu-gcc";
    write_file(compiler, "compiler v1");
    const std::vector<std::string> cc{"aarch64-linux-gnu-gcc"};
    const Target arm64 = make_target("linux", "arm64");

    CcProbeResult first = probe_ok(prober, cc, compiler.string(), arm64);
    CHECK(first.matches);
    CHECK_FALSE(first.cached);
    REQUIRE(runner.calls.size() == 1);
    const fs::path cache_file = cc_probe_cache_path(store, compiler.string(), cc, arm64);
    CHECK(cache_file.parent_path() == store.root() / "cc-probes");
    CHECK(fs::exists(cache_file));

    SECTION("a hit does not run the compiler") {
        CcProbeResult second = probe_ok(prober, cc, compiler.string(), arm64);
        CHECK(second.cached);
        CHECK(second.matches);
        CHECK(second.description == "ELF 64-bit arm64");
        CHECK(runner.calls.size() == 1);

        // A fresh prober (another xbuild run) reads the same file.
        ObjectWritingRunner other_runner;
        CompileCcProber other(other_runner, {}, dir.path() / "work", store);
        CHECK(probe_ok(other, cc, compiler.string(), arm64).cached);
        CHECK(other_runner.calls.empty());
    }
    SECTION("mismatches are cached too") {
        const Target riscv = make_target("linux", "riscv64");
        CcProbeResult wrong = probe_ok(prober, cc, compiler.string(), riscv);
        CHECK_FALSE(wrong.matches);
        CcProbeResult again = probe_ok(prober, cc, compiler.string(), riscv);
        CHECK(again.cached);
        CHECK(again.message == wrong.message);
        CHECK(again.message ==
              "aarch64-linux-gnu-gcc does not target linux/riscv64: it builds "
              "ELF 64-bit arm64 objects");
        CHECK(runner.calls.size() == 2);
    }
    SECTION("flags and targets are part of the key") {
        probe_ok(prober, {"aarch64-linux-gnu-gcc", "-m32"}, compiler.string(), arm64);
        CHECK(runner.calls.size() == 2);
        probe_ok(prober, cc, compiler.string(), Target{"linux", "arm64", "v8.1"});
        CHECK(runner.calls.size() == 3);
        probe_ok(prober, cc, compiler.string(), make_target("android", "arm64"));
        CHECK(runner.calls.size() == 4);
    }
    SECTION("a replaced compiler is probed again") {
        write_file(compiler, "compiler version 2");
        runner.object = elf(64, k_x86_64);
        CcProbeResult replaced = probe_ok(prober, cc, compiler.string(), arm64);
        CHECK_FALSE(replaced.cached);
        CHECK_FALSE(replaced.matches);
        CHECK(runner.calls.size() == 2);
        CHECK(probe_ok(prober, cc, compiler.string(), arm64).cached);
        CHECK(runner.calls.size() == 2);
    }
    SECTION("a touched compiler is probed again") {
        fs::last_write_time(compiler, fs::last_write_time(compiler) - std::chrono::hours(1));
        CHECK_FALSE(probe_ok(prober, cc, compiler.string(), arm64).cached);
        CHECK(runner.calls.size() == 2);
    }
    SECTION("a damaged cache file is ignored and rewritten") {
        write_file(cache_file, "{not json");
        CHECK_FALSE(probe_ok(prober, cc, compiler.string(), arm64).cached);
        CHECK(probe_ok(prober, cc, compiler.string(), arm64).cached);
        CHECK(runner.calls.size() == 2);
    }
    SECTION("compile failures are not cached") {
        const fs::path clang = dir.path() / "bin" / "clang";
        write_file(clang, "clang");
        runner.exit_code = 1;
        runner.output = "fatal error: stdlib.h: No such file or directory\n";
        const std::vector<std::string> clang_cc{"clang", "--target=aarch64-linux-gnu"};
        CHECK_FALSE(probe_ok(prober, clang_cc, clang.string(), arm64).matches);
        CHECK_FALSE(probe_ok(prober, clang_cc, clang.string(), arm64).cached);
        CHECK(runner.calls.size() == 3);
        CHECK_FALSE(fs::exists(cc_probe_cache_path(store, clang.string(), clang_cc, arm64)));
    }
}

TEST_CASE("installed cross compilers pass or fail their probe", "[cc_probe][real]") {
    test::TempDir dir;
    PosixCommandRunner runner;
    const Environment env = current_environment();
    CompileCcProber prober(runner, env, dir.path(), Store(dir.path() / "store"));
    auto installed = [](const char* path) {
        if (fs::exists(path)) return true;
        WARN("skipped: " << path << " is not installed");
        return false;
    };

    if (installed("/usr/bin/aarch64-linux-gnu-gcc")) {
        CcProbeResult result =
            probe_ok(prober, {"aarch64-linux-gnu-gcc"}, "/usr/bin/aarch64-linux-gnu-gcc",
                     make_target("linux", "arm64"));
        INFO(result.message);
        CHECK(result.matches);
        CHECK(result.description == "ELF 64-bit arm64");
        CHECK(probe_ok(prober, {"aarch64-linux-gnu-gcc"}, "/usr/bin/aarch64-linux-gnu-gcc",
                       make_target("linux", "arm64"))
                  .cached);
    }
    if (installed("/usr/bin/x86_64-w64-mingw32-gcc")) {
        CcProbeResult result =
            probe_ok(prober, {"x86_64-w64-mingw32-gcc"}, "/usr/bin/x86_64-w64-mingw32-gcc",
                     make_target("windows", "amd64"));
        INFO(result.message);
        CHECK(result.matches);
        CHECK(result.description == "COFF 64-bit amd64");
    }
    if (installed("/usr/bin/gcc")) {
        CcProbeResult result =
            probe_ok(prober, {"gcc"}, "/usr/bin/gcc", make_target("linux", "arm64"));
        INFO(result.message);
#if defined(__x86_64__)
        CHECK(result.message ==
              "gcc does not target linux/arm64: it builds ELF 64-bit amd64 objects");
#elif defined(__aarch64__)
        CHECK(result.matches);
#endif
    }
    if (installed("/usr/bin/aarch64-linux-gnu-gcc")) {
        auto registry =
            load_cc_registry(fs::path(XBUILD_TEST_DATA_DIR) / ".." / "toolchains" / "cc.json");
        REQUIRE(registry.ok());
        CcSettings settings;
        settings.env = env;
        settings.host = make_target("linux", "amd64");
        auto selection = select_cc(*registry, settings, make_target("linux", "arm64"), prober);
        INFO((selection ? describe_tried(selection->tried) : selection.error().message));
        REQUIRE(selection.ok());
        REQUIRE(selection->choice);
        CHECK(selection->choice->cc == std::vector<std::string>{"aarch64-linux-gnu-gcc"});
        CHECK(selection->choice->origin == "discovered");
    }
}

}  // namespace xbuild
