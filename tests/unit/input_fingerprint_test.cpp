#include <xbuild/input_fingerprint.hpp>

#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) { test::write_file(path, text); }

// Moves a file's mtime without changing its contents (as `touch` does).
void touch(const fs::path& path) {
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
}

}  // namespace

TEST_CASE("module_input_scope finds the module root and local replacements", "[input_fingerprint]") {
    test::TempDir temp;
    const fs::path root = temp.path() / "app";
    write(root / "go.mod",
          "module example.com/app\n\ngo 1.19\n\nreplace example.com/lib => ../lib // local\n"
          "replace (\n\texample.com/other v1.0.0 => example.com/fork v1.0.1\n"
          "\texample.com/abs => \"/opt/abs\"\n)\n");
    write(root / "cmd" / "tool" / "main.go", "package main\n");

    SECTION("from a subdirectory") {
        auto scope = module_input_scope(root / "cmd" / "tool", std::nullopt);
        REQUIRE(scope);
        REQUIRE(scope->roots.size() == 3);
        CHECK(scope->roots[0] == root);
        CHECK(scope->roots[1] == temp.path() / "lib");
        CHECK(scope->roots[2] == "/opt/abs");
    }
    SECTION("a workspace is go's business") {
        write(temp.path() / "go.work", "go 1.19\nuse ./app\n");
        auto scope = module_input_scope(root, std::nullopt);
        REQUIRE_FALSE(scope);
        CHECK(scope.error().message.find("go.work") != std::string::npos);
        CHECK(module_input_scope(root, std::string("off")));
        CHECK_FALSE(module_input_scope(root, std::string("/x/go.work")));
    }
    SECTION("GOPATH mode") {
        auto scope = module_input_scope(temp.path(), std::nullopt);
        REQUIRE_FALSE(scope);
        CHECK(scope.error().message.find("GOPATH mode") != std::string::npos);
    }
}

TEST_CASE("list_inputs lists every file but .git, exclusions and xbuild scratch", "[input_fingerprint]") {
    test::TempDir temp;
    const fs::path root = temp.path();
    write(root / "go.mod", "module m\n");
    write(root / "main.go", "package main\n");
    write(root / "a-c.go", "package main\n");
    write(root / "a" / "b.go", "package a\n");
    write(root / "static" / "index.html", "<p>embedded</p>\n");
    write(root / ".git" / "HEAD", "ref\n");
    write(root / "dist" / "app_linux_amd64", "binary");
    write(root / "app_windows_amd64.exe", "binary");
    write(root / ".app.xbuild-tmp-1-linux_amd64", "partial");
    write(root / "report.json", "{}");

    InputScope scope{{root}, {root / "dist", root / "app_windows_amd64.exe", root / "report.json"}};
    auto files = list_inputs(scope);
    REQUIRE(files);
    std::vector<std::string> names;
    for (const fs::path& file : *files) names.push_back(file.lexically_relative(root).string());
    // Sorted by text, as the manifest compares them.
    CHECK(names == std::vector<std::string>{"a-c.go", "a/b.go", "go.mod", "main.go", "static/index.html"});
}

TEST_CASE("inputs_changed sees edits, additions and removals, not touches", "[input_fingerprint]") {
    test::TempDir temp;
    const fs::path root = temp.path();
    write(root / "go.mod", "module m\n");
    write(root / "main.go", "package main\n");
    const InputScope scope{{root}, {}};
    auto paths = list_inputs(scope);
    REQUIRE(paths);
    auto recorded = fingerprint_inputs(*paths, nullptr);
    REQUIRE(recorded);
    REQUIRE(recorded->files.size() == 2);
    CHECK(recorded->files[1].sha256.size() == 64);

    auto now = [&] {
        auto listed = list_inputs(scope);
        REQUIRE(listed);
        return inputs_changed(*recorded, *listed);
    };
    CHECK(now() == std::nullopt);

    SECTION("a touched file with the same contents is no change") {
        touch(root / "main.go");
        CHECK(now() == std::nullopt);
    }
    SECTION("an edit of the same size is") {
        write(root / "main.go", "package mein\n");
        touch(root / "main.go");
        CHECK(now() == (root / "main.go").string() + " changed");
    }
    SECTION("a new file") {
        write(root / "extra.go", "package main\n");
        CHECK(now() == (root / "extra.go").string() + " is new");
    }
    SECTION("a removed file") {
        fs::remove(root / "main.go");
        CHECK(now() == (root / "main.go").string() + " was removed");
    }
    SECTION("the stored form reads back the same") {
        auto back = input_set_from_json(nlohmann::json::parse(to_json(*recorded).dump()));
        REQUIRE(back);
        CHECK(*back == *recorded);
        CHECK_FALSE(input_set_from_json(nlohmann::json::parse("[[1,2,3,4]]")));
        CHECK_FALSE(input_set_from_json(nlohmann::json::parse("{}")));
    }
    SECTION("fingerprint_inputs reuses hashes whose stat data match") {
        InputSet doctored = *recorded;
        doctored.files[1].sha256 = "not-read-again";
        auto again = fingerprint_inputs(*paths, &doctored);
        REQUIRE(again);
        CHECK(again->files[1].sha256 == "not-read-again");
        touch(root / "main.go");
        again = fingerprint_inputs(*paths, &doctored);
        REQUIRE(again);
        CHECK(again->files[1].sha256 == recorded->files[1].sha256);
    }
}
