#include <xbuild/artifact.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "test_data.hpp"

#include <xbuild/sha256.hpp>

namespace xbuild {
namespace {

using test::TempDir;

namespace fs = std::filesystem;

// A minimal little-endian ELF64 header for `machine`, padded to `size` bytes.
std::string elf64(std::uint16_t machine, std::size_t size = 4096) {
    std::string bytes(size, '\0');
    bytes.replace(0, 4,
                  "\x7f"
                  "ELF");
    bytes[4] = 2;  // ELFCLASS64
    bytes[5] = 1;  // ELFDATA2LSB
    bytes[6] = 1;
    bytes[16] = 2;  // ET_EXEC
    bytes[18] = static_cast<char>(machine & 0xff);
    bytes[19] = static_cast<char>(machine >> 8);
    for (std::size_t i = 64; i < size; ++i) bytes[i] = static_cast<char>(i * 7);
    return bytes;
}

void write_file(const fs::path& path, const std::string& data) {
    std::ofstream(path, std::ios::binary) << data;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

const Target k_linux_arm64{"linux", "arm64", ""};

}  // namespace

TEST_CASE("place_artifact verifies, hashes and renames", "[artifact]") {
    TempDir dir;
    fs::path final_path = dir.path() / "app";
    fs::path temp = temp_path_for(final_path, "linux-arm64");
    std::string data = elf64(183);
    write_file(temp, data);

    SECTION("success") {
        Result<Artifact> artifact = place_artifact(temp, final_path, k_linux_arm64);
        INFO((artifact ? std::string() : artifact.error().message));
        REQUIRE(artifact.ok());
        CHECK(artifact->path == final_path);
        CHECK(artifact->size == data.size());
        CHECK(artifact->sha256 == sha256_hex(data));
        CHECK(artifact->binary.machines == std::vector<std::string>{"arm64"});
        CHECK_FALSE(fs::exists(temp));
        CHECK(read_file(final_path) == data);
    }
    SECTION("success replaces a previous artifact") {
        write_file(final_path, "old");
        REQUIRE(place_artifact(temp, final_path, k_linux_arm64).ok());
        CHECK(read_file(final_path) == data);
        CHECK_FALSE(fs::exists(temp));
    }
    SECTION("a mismatch removes the temp file and places nothing") {
        Result<Artifact> artifact = place_artifact(temp, final_path, Target{"linux", "amd64", ""});
        REQUIRE_FALSE(artifact.ok());
        CHECK(artifact.error().message ==
              "linux/amd64: expected an ELF amd64 binary, got ELF 64-bit arm64");
        CHECK_FALSE(fs::exists(temp));
        CHECK_FALSE(fs::exists(final_path));
    }
    SECTION("a mismatch leaves a previous artifact alone") {
        write_file(final_path, "old");
        REQUIRE_FALSE(place_artifact(temp, final_path, Target{"windows", "arm64", ""}).ok());
        CHECK_FALSE(fs::exists(temp));
        CHECK(read_file(final_path) == "old");
    }
    SECTION("a file that is not an executable is removed") {
        write_file(temp, "#!/bin/sh\n");
        Result<Artifact> artifact = place_artifact(temp, final_path, k_linux_arm64);
        REQUIRE_FALSE(artifact.ok());
        CHECK(artifact.error().message.find("not an executable") != std::string::npos);
        CHECK_FALSE(fs::exists(temp));
        CHECK_FALSE(fs::exists(final_path));
    }
    SECTION("a rename failure removes the temp file") {
        fs::path missing_dir_target = dir.path() / "no-such-dir" / "app";
        Result<Artifact> artifact = place_artifact(temp, missing_dir_target, k_linux_arm64);
        REQUIRE_FALSE(artifact.ok());
        CHECK(artifact.error().message.rfind("cannot move ", 0) == 0);
        CHECK_FALSE(fs::exists(temp));
        CHECK_FALSE(fs::exists(missing_dir_target));
        CHECK_FALSE(fs::exists(dir.path() / "no-such-dir"));
    }
    SECTION("a missing temp file is an error") {
        fs::remove(temp);
        Result<Artifact> artifact = place_artifact(temp, final_path, k_linux_arm64);
        REQUIRE_FALSE(artifact.ok());
        CHECK(artifact.error().message.find(temp.string()) != std::string::npos);
        CHECK_FALSE(fs::exists(final_path));
    }
}

TEST_CASE("temp_path_for stays hidden beside the final path", "[artifact]") {
    std::string pid = std::to_string(::getpid());
    CHECK(temp_path_for("dist/app.exe", "windows-amd64") ==
          fs::path("dist/.app.exe.xbuild-tmp-" + pid + "-windows-amd64"));
    CHECK(temp_path_for("app", "7") == fs::path(".app.xbuild-tmp-" + pid + "-7"));
    SECTION("separators in the unique part cannot escape the directory") {
        fs::path temp = temp_path_for("/out/app", "linux/arm/v7");
        CHECK(temp.parent_path() == fs::path("/out"));
        CHECK(temp.filename() == fs::path(".app.xbuild-tmp-" + pid + "-linux_arm_v7"));
    }
    SECTION("different unique parts differ") {
        CHECK(temp_path_for("app", "a") != temp_path_for("app", "b"));
    }
}

TEST_CASE("remove_quietly ignores missing files", "[artifact]") {
    TempDir dir;
    write_file(dir.path() / "x", "x");
    remove_quietly(dir.path() / "x");
    CHECK_FALSE(fs::exists(dir.path() / "x"));
    remove_quietly(dir.path() / "x");
    remove_quietly(dir.path() / "missing" / "deeper");
    CHECK(fs::exists(dir.path()));
}

}  // namespace xbuild
