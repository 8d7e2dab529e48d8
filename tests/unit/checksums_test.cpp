#include <xbuild/checksums.hpp>

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

TEST_CASE("format_checksums writes sha256sum's format, relative and sorted", "[checksums]") {
    const std::string a(64, 'a');
    const std::string b(64, 'b');
    const std::vector<ChecksumEntry> entries = {{"/w/dist/linux/app", b}, {"/w/dist/app.exe", a}};
    CHECK(format_checksums(entries, "/w/dist/SHA256SUMS") ==
          a + "  app.exe\n" + b + "  linux/app\n");
    CHECK(format_checksums(entries, "/w/SHA256SUMS") ==
          a + "  dist/app.exe\n" + b + "  dist/linux/app\n");
    CHECK(format_checksums(entries, "/w/release/SHA256SUMS") ==
          a + "  ../dist/app.exe\n" + b + "  ../dist/linux/app\n");
    SECTION("odd names are escaped as sha256sum does") {
        CHECK(format_checksums({{"/w/a\nb", a}}, "/w/SHA256SUMS") == "\\" + a + "  a\\nb\n");
        CHECK(format_checksums({{"/w/a\\b", a}}, "/w/SHA256SUMS") == "\\" + a + "  a\\\\b\n");
    }
}

TEST_CASE("default_checksums_path is the directory holding every artifact", "[checksums]") {
    const std::string h(64, '0');
    CHECK(default_checksums_path({{"/w/dist/a", h}, {"/w/dist/b", h}}) == "/w/dist/SHA256SUMS");
    CHECK(default_checksums_path({{"/w/dist/linux/a", h}, {"/w/dist/windows/b", h}}) ==
          "/w/dist/SHA256SUMS");
    CHECK(default_checksums_path({{"/w/dist/linux/a", h}, {"/w/dist/b", h}}) == "/w/dist/SHA256SUMS");
    CHECK(default_checksums_path({{"/w/out/a", h}, {"/x/b", h}}) == "/SHA256SUMS");
}

TEST_CASE("write_checksums replaces the file atomically", "[checksums]") {
    test::TempDir dir;
    const fs::path file = dir.path() / "dist" / "SHA256SUMS";
    REQUIRE(write_checksums({{dir.path() / "dist" / "app", std::string(64, 'c')}}, file));
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == std::string(64, 'c') + "  app\n");
    CHECK_FALSE(write_checksums({}, "/proc/forbidden/SHA256SUMS"));
}
