#include <xbuild/build_manifest.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include <xbuild/sha256.hpp>

#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) { test::write_file(path, text); }

}  // namespace

TEST_CASE("check_staleness checks request, SDK, compilers, inputs, then each artifact", "[build_manifest]") {
    test::TempDir temp;
    const fs::path root = temp.path() / "app";
    write(root / "go.mod", "module m\n");
    write(root / "main.go", "package main\n");
    write(root / "dist" / "app", "ELF...");
    write(root / "dist" / "app.exe", "MZ...");
    write(temp.path() / "go", "#!/bin/sh\n");
    write(temp.path() / "cc", "#!/bin/sh\n");

    BuildManifest manifest;
    manifest.request = "{\"targets\":[\"linux/amd64\"]}";
    manifest.go = *identify_file(temp.path() / "go");
    manifest.tools.push_back(*identify_file(temp.path() / "cc"));
    manifest.scope = InputScope{{root}, {root / "dist"}};
    manifest.inputs = *fingerprint_inputs(*list_inputs(manifest.scope), nullptr);
    manifest.outputs.push_back(*record_output(root / "dist" / "app", sha256_hex("ELF...")));
    manifest.outputs.push_back(*record_output(root / "dist" / "app.exe", sha256_hex("MZ...")));
    manifest.report = {{"targets", nlohmann::json::array()}};

    const fs::path file = manifest_path(Store(temp.path() / "store"), manifest.request);
    CHECK(file.parent_path() == temp.path() / "store" / "manifests");
    REQUIRE(write_manifest(file, manifest));
    auto read = read_manifest(file);
    REQUIRE(read);
    const auto check = [&](const std::string& request, const FileIdentity& go) {
        return check_staleness(*read, request, go);
    };
    CHECK(check(manifest.request, manifest.go).up_to_date());

    SECTION("another request") {
        CHECK(check("{}", manifest.go).everything == "the flags, environment or xbuild changed");
    }
    SECTION("another go") {
        FileIdentity other = manifest.go;
        other.mtime_ns += 1;
        CHECK(check(manifest.request, other).everything.value().starts_with("the Go SDK"));
    }
    SECTION("a changed C compiler") {
        write(temp.path() / "cc", "#!/bin/sh\nexec gcc \"$@\"\n");
        CHECK(check(manifest.request, manifest.go).everything.value().starts_with("the C compiler"));
    }
    SECTION("an artifact deleted, modified, or only touched: that artifact alone is stale") {
        const std::string app = (root / "dist" / "app").string();
        fs::last_write_time(app, fs::last_write_time(app) + std::chrono::seconds(3));
        CHECK(check(manifest.request, manifest.go).up_to_date());
        write(app, "ELF!!!");
        auto modified = check(manifest.request, manifest.go);
        CHECK_FALSE(modified.everything);
        CHECK(modified.stale_outputs == std::vector<std::string>{app});
        REQUIRE(modified.reasons.size() == 1);
        CHECK(modified.reasons[0].ends_with("was modified"));
        fs::remove(app);
        auto missing = check(manifest.request, manifest.go);
        CHECK(missing.stale_outputs == std::vector<std::string>{app});
        CHECK(missing.reasons.at(0).ends_with("is missing"));
    }
    SECTION("a changed input makes everything stale, whatever the artifacts") {
        fs::remove(root / "dist" / "app");
        write(root / "main.go", "package main // edited\n");
        auto staleness = check(manifest.request, manifest.go);
        CHECK(staleness.everything.value().ends_with("main.go changed"));
    }
    SECTION("an input edited; files in excluded output directories do not count") {
        write(root / "dist" / "other_artifact", "from another run");
        CHECK(check(manifest.request, manifest.go).up_to_date());
        write(root / "main.go", "package main // edited\n");
        CHECK(check(manifest.request, manifest.go).everything.value().ends_with("main.go changed"));
    }
    SECTION("a damaged manifest is an error, never a crash") {
        write(file, "{\"request\": 3}");
        CHECK_FALSE(read_manifest(file));
        write(file, "not json");
        CHECK_FALSE(read_manifest(file));
        CHECK_FALSE(read_manifest(temp.path() / "missing.json"));
    }
}
