#include <xbuild/query_cache.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include "fake_command_runner.hpp"
#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) { test::write_file(path, text); }

}  // namespace

TEST_CASE("go_file_header ends at the first top-level declaration", "[query_cache]") {
    const std::string header =
        "//go:build linux\n\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n";
    CHECK(go_file_header(header + "func main() { fmt.Println(os.Args) }\n") == header);
    CHECK(go_file_header(header + "var x = 1\n") == header);
    CHECK(go_file_header(header + "const (\n\ta = 1\n)\n") == header);
    CHECK(go_file_header(header + "type T struct{}\n") == header);
    CHECK(go_file_header(header) == header);  // no declarations: all of it
    SECTION("a cgo preamble's C lines do not end it") {
        const std::string cgo =
            "package db\n\n/*\n#include <stdio.h>\nconst int n = 1;\nvoid f(void) {}\n*/\nimport \"C\"\n\n";
        CHECK(go_file_header(cgo + "func F() { C.f() }\n") == cgo);
    }
    SECTION("names that only start like keywords do not end it") {
        const std::string text = "package p\n\nimport \"fmt\"\n\nfunctional := 1\n";
        CHECK(go_file_header(text) == text);
    }
    SECTION("a // comment mentioning /* does not open a block comment") {
        const std::string text = "package p // see /* here\n\nimport \"fmt\"\n\n";
        CHECK(go_file_header(text + "func f() {}\n") == text);
    }
}

TEST_CASE("import_graph_key follows headers, listed file names and module files", "[query_cache]") {
    test::TempDir dir;
    const fs::path root = dir.path();
    write(root / "go.mod", "module m\n");
    write(root / "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n");
    write(root / "README.md", "hello\n");
    auto paths = [&] {
        std::vector<fs::path> all;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (entry.is_regular_file()) all.push_back(entry.path());
        }
        std::sort(all.begin(), all.end());
        return all;
    };
    const std::string first = *import_graph_key(paths(), "sdk");

    write(root / "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(2) }\n");
    CHECK(*import_graph_key(paths(), "sdk") == first);  // a function body
    write(root / "README.md", "changed\n");
    CHECK(*import_graph_key(paths(), "sdk") == first);  // not a file go list reports
    CHECK(*import_graph_key(paths(), "another sdk") != first);

    SECTION("a new import") {
        write(root / "main.go", "package main\n\nimport (\"fmt\"; \"os\")\n\nfunc main() { fmt.Println(os.Args) }\n");
        CHECK(*import_graph_key(paths(), "sdk") != first);
    }
    SECTION("import \"C\" with a preamble") {
        write(root / "main.go", "package main\n\n// #include <stdio.h>\nimport \"C\"\nimport \"fmt\"\n\nfunc main() { fmt.Println(2) }\n");
        CHECK(*import_graph_key(paths(), "sdk") != first);
    }
    SECTION("go.mod and go.sum") {
        write(root / "go.mod", "module m\n\ngo 1.19\n");
        CHECK(*import_graph_key(paths(), "sdk") != first);
    }
    SECTION("a C file, a .syso") {
        write(root / "native.c", "int f(void) { return 1; }\n");
        const std::string with_c = *import_graph_key(paths(), "sdk");
        CHECK(with_c != first);
        write(root / "native.c", "int f(void) { return 2; }\n");
        CHECK(*import_graph_key(paths(), "sdk") == with_c);  // contents do not change the graph
    }
    SECTION("an unreadable file means no key") {
        auto with_missing = paths();
        with_missing.push_back(root / "gone.go");
        CHECK_FALSE(import_graph_key(with_missing, "sdk"));
    }
}

TEST_CASE("CachingGoQueryRunner answers repeated go list queries from the store", "[query_cache]") {
    test::TempDir dir;
    test::FakeCommandRunner inner;
    inner.reply("list -e -deps -json .", "{\"ImportPath\":\"m\"}");
    inner.reply("env -json GOARM", "{\"GOARM\":\"7\"}");
    inner.reply("list -e broken", "go: no", 1);
    const ProcessSpec list{{"go", "list", "-e", "-deps", "-json", "."}, {{"GOOS", "linux"}}, "/m"};

    {
        CachingGoQueryRunner runner(inner, dir.path() / "queries", "graph-1");
        CHECK(runner.run(list)->output == "{\"ImportPath\":\"m\"}");
        CHECK(runner.run(list)->output == "{\"ImportPath\":\"m\"}");
        CHECK(runner.hits() == 1);
        CHECK(inner.calls.size() == 1);
    }
    SECTION("another run with the same graph asks nothing") {
        CachingGoQueryRunner runner(inner, dir.path() / "queries", "graph-1");
        CHECK(runner.run(list)->success());
        CHECK(inner.calls.size() == 1);
    }
    SECTION("another graph, environment or directory asks go") {
        CachingGoQueryRunner other_graph(inner, dir.path() / "queries", "graph-2");
        CHECK(other_graph.run(list)->success());
        CHECK(inner.calls.size() == 2);
        CachingGoQueryRunner runner(inner, dir.path() / "queries", "graph-1");
        ProcessSpec arm = list;
        arm.env["GOARCH"] = "arm";
        CHECK(runner.run(arm)->success());
        ProcessSpec elsewhere = list;
        elsewhere.cwd = "/other";
        CHECK(runner.run(elsewhere)->success());
        CHECK(inner.calls.size() == 4);
    }
    SECTION("a variant check is cached; other commands and failures never are") {
        CachingGoQueryRunner runner(inner, dir.path() / "queries", "graph-1");
        const ProcessSpec variant{{"go", "env", "-json", "GOARM"}, {{"GOARM", "7"}}, {}};
        CHECK(runner.run(variant)->output == "{\"GOARM\":\"7\"}");
        CHECK(runner.run(variant)->output == "{\"GOARM\":\"7\"}");
        CHECK(runner.hits() == 1);
        inner.reply("env -json", "{}");
        const ProcessSpec whole_env{{"go", "env", "-json"}, {}, {}};
        CHECK(runner.run(whole_env)->success());
        CHECK(runner.run(whole_env)->success());
        const ProcessSpec broken{{"go", "list", "-e", "broken"}, {}, {}};
        CHECK_FALSE(runner.run(broken)->success());
        CHECK_FALSE(runner.run(broken)->success());
        CHECK(inner.calls.size() == 6);
        CHECK(runner.hits() == 1);
    }
}
