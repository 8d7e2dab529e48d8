#include <xbuild/build_manifest.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include <xbuild/sha256.hpp>

#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("why_rebuild checks request, SDK, compilers, artifacts and inputs", "[build_manifest]") {
    test::TempDir temp;
    const fs::path root = temp.path() / "app";
    write(root / "go.mod", "module m\n");
    write(root / "main.go", "package main\n");
    write(root / "dist" / "app", "ELF...");
    write(temp.path() / "go", "#!/bin/sh\n");
    write(temp.path() / "cc", "#!/bin/sh\n");

    BuildManifest manifest;
    manifest.request = "{\"targets\":[\"linux/amd64\"]}";
    manifest.go = *identify_file(temp.path() / "go");
    manifest.tools.push_back(*identify_file(temp.path() / "cc"));
    manifest.scope = InputScope{{root}, {root / "dist"}};
    manifest.inputs = *fingerprint_inputs(*list_inputs(manifest.scope), nullptr);
    manifest.outputs.push_back(*record_output(root / "dist" / "app", sha256_hex("ELF...")));
    manifest.report = {{"targets", nlohmann::json::array()}};

    const fs::path file = manifest_path(Store(temp.path() / "store"), manifest.request);
    CHECK(file.parent_path() == temp.path() / "store" / "manifests");
    REQUIRE(write_manifest(file, manifest));
    auto read = read_manifest(file);
    REQUIRE(read);
    CHECK(why_rebuild(*read, manifest.request, manifest.go) == std::nullopt);

    SECTION("another request") {
        CHECK(why_rebuild(*read, "{}", manifest.go) == "the flags, environment or xbuild changed");
    }
    SECTION("another go") {
        FileIdentity other = manifest.go;
        other.mtime_ns += 1;
        CHECK(why_rebuild(*read, manifest.request, other).value().starts_with("the Go SDK"));
    }
    SECTION("a changed C compiler") {
        write(temp.path() / "cc", "#!/bin/sh\nexec gcc \"$@\"\n");
        CHECK(why_rebuild(*read, manifest.request, manifest.go).value().starts_with("the C compiler"));
    }
    SECTION("an artifact deleted, modified, or only touched") {
        fs::last_write_time(root / "dist" / "app",
                            fs::last_write_time(root / "dist" / "app") + std::chrono::seconds(3));
        CHECK(why_rebuild(*read, manifest.request, manifest.go) == std::nullopt);
        write(root / "dist" / "app", "ELF!!!");
        CHECK(why_rebuild(*read, manifest.request, manifest.go).value().ends_with("was modified"));
        fs::remove(root / "dist" / "app");
        CHECK(why_rebuild(*read, manifest.request, manifest.go).value().ends_with("is missing"));
    }
    SECTION("an input edited; files in excluded output directories do not count") {
        write(root / "dist" / "other_artifact", "from another run");
        CHECK(why_rebuild(*read, manifest.request, manifest.go) == std::nullopt);
        write(root / "main.go", "package main // edited\n");
        CHECK(why_rebuild(*read, manifest.request, manifest.go).value().ends_with("main.go changed"));
    }
    SECTION("a damaged manifest is an error, never a crash") {
        write(file, "{\"request\": 3}");
        CHECK_FALSE(read_manifest(file));
        write(file, "not json");
        CHECK_FALSE(read_manifest(file));
        CHECK_FALSE(read_manifest(temp.path() / "missing.json"));
    }
}
