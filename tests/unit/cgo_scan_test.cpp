#include <xbuild/cgo_scan.hpp>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <utility>

#include <catch2/catch.hpp>

#include <xbuild/environment.hpp>
#include <xbuild/process.hpp>

#include "test_data.hpp"

// The fixtures under fixtures/go/cgo/ are real `go <cgo_scan_args(main)>`
// output from Go 1.19.8 with GOOS=linux GOARCH=arm64 CGO_ENABLED=1:
//   module_store: a copy of fixtures/cgo_dep (module example.com/cgodep) in /tmp;
//   std_cgo: module example.com/stdcgo whose main uses net/http and os/user;
//   gopath_sqlite3 / gopath_pointer: GO111MODULE=off GOPATH=/tmp/gp:/usr/share/gocode,
//   example.com/usesqlite and example.com/usepointer importing Debian's
//   golang-github-mattn-go-sqlite3-dev and golang-github-mattn-go-pointer-dev.
// Dir values point into /tmp and /usr and are not asserted on.

using namespace xbuild;

namespace {

CgoScan scan_fixture(const std::string& name, std::string_view main) {
    const std::string text = test::read_test_data("fixtures/go/cgo/" + name);
    REQUIRE_FALSE(text.empty());
    Result<CgoScan> scan = scan_cgo(text, main);
    INFO((scan ? std::string() : scan.error().message));
    REQUIRE(scan.ok());
    return std::move(scan).value();
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("cgo_scan_args lists the dependencies of one package with the fields scan_cgo reads",
          "[cgo_scan]") {
    CHECK(cgo_scan_args("example.com/app") ==
          Strings{"list", "-e", "-deps",
                  "-json=ImportPath,Name,Dir,Standard,CgoFiles,SwigFiles,SwigCXXFiles,Imports,"
                  "Error,DepsErrors",
                  "example.com/app"});
}

TEST_CASE("scan_cgo reads recorded go list output", "[cgo_scan]") {
    SECTION("a module package with a cgo file and a !cgo stub") {
        const CgoScan scan = scan_fixture("module_store_linux_arm64.json", "example.com/cgodep");
        CHECK(scan.needs_cgo());
        REQUIRE(scan.packages.size() == 1);
        const CgoPackage& store = scan.packages[0];
        CHECK(store.import_path == "example.com/cgodep/store");
        CHECK(store.cgo_files == Strings{"store.go"});
        CHECK(store.dir.filename() == "store");
        CHECK(store.import_chain == Strings{"example.com/cgodep", "example.com/cgodep/store"});
        CHECK(format_import_chain(store.import_chain) ==
              "example.com/cgodep \u2192 example.com/cgodep/store");
        CHECK(scan.std_cgo == Strings{"runtime/cgo"});
    }
    SECTION("standard packages with cgo files never count") {
        const CgoScan scan = scan_fixture("std_cgo_linux_arm64.json", "example.com/stdcgo");
        CHECK_FALSE(scan.needs_cgo());
        CHECK(scan.packages.empty());
        CHECK(scan.std_cgo == Strings{"net", "os/user", "runtime/cgo"});
    }
    SECTION("GOPATH mode: Debian's go-sqlite3") {
        const CgoScan scan =
            scan_fixture("gopath_sqlite3_linux_arm64.json", "example.com/usesqlite");
        REQUIRE(scan.packages.size() == 1);
        const CgoPackage& sqlite = scan.packages[0];
        CHECK(sqlite.import_path == "github.com/mattn/go-sqlite3");
        CHECK(sqlite.cgo_files.size() == 10);
        CHECK(sqlite.cgo_files.front() == "backup.go");
        CHECK(std::find(sqlite.cgo_files.begin(), sqlite.cgo_files.end(), "sqlite3.go") !=
              sqlite.cgo_files.end());
        CHECK(sqlite.dir == "/usr/share/gocode/src/github.com/mattn/go-sqlite3");
        CHECK(sqlite.import_chain ==
              Strings{"example.com/usesqlite", "github.com/mattn/go-sqlite3"});
        CHECK(scan.std_cgo == Strings{"runtime/cgo"});
    }
    SECTION("GOPATH mode: Debian's go-pointer") {
        const CgoScan scan =
            scan_fixture("gopath_pointer_linux_arm64.json", "example.com/usepointer");
        REQUIRE(scan.packages.size() == 1);
        CHECK(scan.packages[0].import_path == "github.com/mattn/go-pointer");
        CHECK(scan.packages[0].cgo_files == Strings{"pointer.go"});
        CHECK(scan.packages[0].import_chain ==
              Strings{"example.com/usepointer", "github.com/mattn/go-pointer"});
    }
    SECTION("a main package absent from the output is an error") {
        const std::string text =
            test::read_test_data("fixtures/go/cgo/module_store_linux_arm64.json");
        Result<CgoScan> scan = scan_cgo(text, "example.com/other");
        REQUIRE_FALSE(scan.ok());
        CHECK(scan.error().message ==
              "go list printed no package \"example.com/other\"; expected the main package in its "
              "-deps output (is the import path right?)");
    }
}

TEST_CASE("scan_cgo finds shortest, deterministic import chains", "[cgo_scan]") {
    // main imports a and b; both reach the cgo package d, through c on a's side.
    const std::string diamond = R"({"ImportPath": "m", "Name": "main", "Imports": ["a", "b"]}
{"ImportPath": "a", "Name": "a", "Imports": ["c"]}
{"ImportPath": "b", "Name": "b", "Imports": ["C", "d", "x"]}
{"ImportPath": "c", "Name": "c", "Imports": ["d"]}
{"ImportPath": "d", "Name": "d", "CgoFiles": ["d.go"], "Imports": ["C", "e"]}
{"ImportPath": "e", "CgoFiles": ["e.go"], "SwigFiles": ["e.swig"], "SwigCXXFiles": ["e.swigcxx"]}
{"ImportPath": "x", "Name": "x", "CgoFiles": ["x.go"], "Imports": ["d"]}
)";
    SECTION("the shortest path wins over the first-listed one") {
        Result<CgoScan> scan = scan_cgo(diamond, "m");
        REQUIRE(scan.ok());
        REQUIRE(scan->packages.size() == 3);
        CHECK(scan->packages[0].import_path == "d");
        CHECK(scan->packages[0].import_chain == Strings{"m", "b", "d"});
        CHECK(scan->packages[1].import_path == "e");
        CHECK(scan->packages[1].import_chain == Strings{"m", "b", "d", "e"});
        CHECK(scan->packages[1].cgo_files == Strings{"e.go", "e.swig", "e.swigcxx"});
        CHECK(scan->packages[2].import_chain == Strings{"m", "b", "x"});
    }
    SECTION("among equally short paths, the first import listed wins") {
        const std::string tie = R"({"ImportPath": "m", "Name": "main", "Imports": ["b", "a"]}
{"ImportPath": "a", "Name": "a", "Imports": ["d"]}
{"ImportPath": "b", "Name": "b", "Imports": ["d"]}
{"ImportPath": "d", "Name": "d", "CgoFiles": ["d.go"]}
)";
        for (int run = 0; run < 3; ++run) {
            Result<CgoScan> scan = scan_cgo(tie, "m");
            REQUIRE(scan.ok());
            REQUIRE(scan->packages.size() == 1);
            CHECK(scan->packages[0].import_chain == Strings{"m", "b", "d"});
        }
    }
    SECTION("the order go prints packages in does not change the result") {
        Result<CgoScan> forward = scan_cgo(diamond, "m");
        std::string reversed;
        std::vector<std::string> lines;
        std::string line;
        for (const char c : diamond) {
            line += c;
            if (c == '\n') lines.push_back(std::exchange(line, {}));
        }
        for (auto it = lines.rbegin(); it != lines.rend(); ++it) reversed += *it;
        Result<CgoScan> backward = scan_cgo(reversed, "m");
        REQUIRE(forward.ok());
        REQUIRE(backward.ok());
        REQUIRE(forward->packages.size() == backward->packages.size());
        for (std::size_t i = 0; i < forward->packages.size(); ++i) {
            CHECK(forward->packages[i].import_path == backward->packages[i].import_path);
            CHECK(forward->packages[i].import_chain == backward->packages[i].import_chain);
        }
    }
    SECTION("a main package with cgo files is its own one-element chain") {
        Result<CgoScan> scan = scan_cgo(R"({"ImportPath": "command-line-arguments",
            "Name": "main", "CgoFiles": ["main.go"]})",
                                        "command-line-arguments");
        REQUIRE(scan.ok());
        REQUIRE(scan->packages.size() == 1);
        CHECK(scan->packages[0].import_chain == Strings{"command-line-arguments"});
        CHECK(format_import_chain(scan->packages[0].import_chain) == "main");
    }
    SECTION("a cgo package no import reaches has an empty chain") {
        Result<CgoScan> scan = scan_cgo(R"({"ImportPath": "m", "Name": "main"}
{"ImportPath": "orphan", "Name": "orphan", "CgoFiles": ["o.go"]})",
                                        "m");
        REQUIRE(scan.ok());
        REQUIRE(scan->packages.size() == 1);
        CHECK(scan->packages[0].import_chain.empty());
        CHECK(format_import_chain(scan->packages[0].import_chain).empty());
    }
}

TEST_CASE("scan_cgo keeps GOPATH vendored paths and tolerates load errors", "[cgo_scan]") {
    SECTION("vendored import paths are reported as go prints them") {
        Result<CgoScan> scan = scan_cgo(
            R"({"ImportPath": "app", "Name": "main", "Imports": ["app/vendor/github.com/x/db"]}
{"ImportPath": "app/vendor/github.com/x/db", "Name": "db",
 "Dir": "/gp/src/app/vendor/github.com/x/db", "CgoFiles": ["db.go"]})",
            "app");
        REQUIRE(scan.ok());
        REQUIRE(scan->packages.size() == 1);
        CHECK(scan->packages[0].import_path == "app/vendor/github.com/x/db");
        CHECK(scan->packages[0].import_chain == Strings{"app", "app/vendor/github.com/x/db"});
    }
    SECTION("a dependency go could not load is not fatal") {
        // Shaped like Go 1.19's output for a package whose only file is //go:build !cgo.
        Result<CgoScan> scan = scan_cgo(R"({"ImportPath": "example.com/excl", "Name": "main",
  "Imports": ["example.com/excl/lib"],
  "DepsErrors": [{"ImportStack": ["example.com/excl", "example.com/excl/lib"], "Pos": "",
                  "Err": "no Go files in /tmp/excl/lib"}]}
{"ImportPath": "example.com/excl/lib", "Dir": "/tmp/excl/lib",
  "Error": {"ImportStack": [], "Pos": "", "Err": "no Go files in /tmp/excl/lib"}})",
                                        "example.com/excl");
        REQUIRE(scan.ok());
        CHECK(scan->packages.empty());
    }
    SECTION("a main package go could not load is an error carrying go's message on one line") {
        Result<CgoScan> scan = scan_cgo(R"({
	"ImportPath": "example.com/cgodep/nope",
	"Error": {
		"ImportStack": [],
		"Pos": "",
		"Err": "no required module provides package example.com/cgodep/nope; to add it:\n\tgo get example.com/cgodep/nope"
	}
})",
                                        "example.com/cgodep/nope");
        REQUIRE_FALSE(scan.ok());
        CHECK(scan.error().message ==
              "cannot load example.com/cgodep/nope: no required module provides package "
              "example.com/cgodep/nope; to add it: go get example.com/cgodep/nope");
    }
    SECTION("a main package with an error but a name is still scanned") {
        Result<CgoScan> scan = scan_cgo(R"({"ImportPath": "m", "Name": "main", "Imports": ["d"],
  "Error": {"Err": "m/main.go:3:8: something odd"}}
{"ImportPath": "d", "Name": "d", "CgoFiles": ["d.go"]})",
                                        "m");
        REQUIRE(scan.ok());
        REQUIRE(scan->packages.size() == 1);
        CHECK(scan->packages[0].import_chain == Strings{"m", "d"});
    }
    SECTION("a package marked standard never counts") {
        Result<CgoScan> scan = scan_cgo(R"({"ImportPath": "m", "Name": "main", "Imports": ["net"]}
{"ImportPath": "net", "Name": "net", "Standard": true, "CgoFiles": ["cgo_unix.go"]}
{"ImportPath": "plugin", "Name": "plugin", "Standard": true, "CgoFiles": ["plugin_dlopen.go"]})",
                                        "m");
        REQUIRE(scan.ok());
        CHECK(scan->packages.empty());
        CHECK(scan->std_cgo == Strings{"net", "plugin"});
    }
}

TEST_CASE("scan_cgo rejects malformed input and survives arbitrary bytes", "[cgo_scan]") {
    SECTION("malformed JSON") {
        Result<CgoScan> scan = scan_cgo("{\"ImportPath\": \"m\", \"Name\": }", "m");
        REQUIRE_FALSE(scan.ok());
        CHECK_THAT(scan.error().message, Catch::StartsWith("go list printed malformed JSON: "));
    }
    SECTION("an object that never closes") {
        Result<CgoScan> scan = scan_cgo("{\"ImportPath\": \"m\"", "m");
        REQUIRE_FALSE(scan.ok());
        CHECK_THAT(scan.error().message, Catch::Contains("ends inside"));
    }
    SECTION("empty output has no main package") {
        CHECK_FALSE(scan_cgo("", "m").ok());
    }
    SECTION("fields of the wrong type are ignored") {
        Result<CgoScan> scan = scan_cgo(R"({"ImportPath": "m", "Name": "main", "Imports": "d",
  "CgoFiles": [1, null, "ok.go"], "Standard": "yes"}
{"ImportPath": 7, "CgoFiles": ["x.go"]})",
                                        "m");
        REQUIRE(scan.ok());
        REQUIRE(scan->packages.size() == 1);
        CHECK(scan->packages[0].cgo_files == Strings{"ok.go"});
    }
    SECTION("random and mutated input never crashes") {
        const std::string seed =
            test::read_test_data("fixtures/go/cgo/module_store_linux_arm64.json");
        std::mt19937 rng(20240601);
        const std::string alphabet = "{}[]\":,\\ \n\tabcCgoFiles\x01\xff";
        for (int round = 0; round < 400; ++round) {
            std::string input;
            if (round % 2 == 0) {
                const std::size_t length = rng() % 200;
                for (std::size_t i = 0; i < length; ++i) {
                    input += alphabet[rng() % alphabet.size()];
                }
            } else {
                input = seed;
                for (int flips = 0; flips < 8; ++flips) {
                    input[rng() % input.size()] = static_cast<char>(rng() % 256);
                }
                input.resize(rng() % (input.size() + 1));
            }
            Result<CgoScan> scan = scan_cgo(input, "example.com/cgodep");
            if (scan.ok()) {
                for (const CgoPackage& package : scan->packages) {
                    CHECK_FALSE(package.import_path.empty());
                }
            } else {
                CHECK_FALSE(scan.error().message.empty());
            }
        }
    }
}

TEST_CASE("format_import_chain joins with arrows and names a command-line main", "[cgo_scan]") {
    CHECK(format_import_chain({}).empty());
    CHECK(format_import_chain({"example.com/app"}) == "example.com/app");
    CHECK(format_import_chain(
              {"command-line-arguments", "example.com/app/store", "github.com/mattn/go-sqlite3"}) ==
          "main \u2192 example.com/app/store \u2192 github.com/mattn/go-sqlite3");
    CHECK(format_import_chain({"example.com/app", "command-line-arguments"}) ==
          "example.com/app \u2192 command-line-arguments");
}

TEST_CASE("scan_cgo on a real go list of fixtures/cgo_dep", "[cgo_scan][go]") {
    if (std::system("command -v go >/dev/null 2>&1") != 0) {
        WARN("go is not on PATH; skipping");
        return;
    }
    auto list = [](const std::string& cgo_enabled) {
        ProcessSpec spec;
        spec.argv = {"go"};
        for (std::string& arg : cgo_scan_args("example.com/cgodep")) spec.argv.push_back(arg);
        spec.env = current_environment();
        spec.env["GOOS"] = "linux";
        spec.env["GOARCH"] = "arm64";
        spec.env["CGO_ENABLED"] = cgo_enabled;
        // A GOFLAGS=-mod=vendor or GO111MODULE=off from the caller would break the listing.
        spec.env.erase("GOFLAGS");
        spec.env["GO111MODULE"] = "on";
        spec.cwd = std::filesystem::path(XBUILD_TEST_DATA_DIR) / "fixtures" / "cgo_dep";
        PosixCommandRunner runner;
        Result<ProcessExit> exit = runner.run(spec);
        REQUIRE(exit.ok());
        INFO(exit->output);
        REQUIRE(exit->success());
        Result<CgoScan> scan = scan_cgo(exit->output, "example.com/cgodep");
        INFO((scan ? std::string() : scan.error().message));
        REQUIRE(scan.ok());
        return std::move(scan).value();
    };
    SECTION("with CGO_ENABLED=1 the cgo file of store is seen") {
        const CgoScan scan = list("1");
        REQUIRE(scan.packages.size() == 1);
        CHECK(scan.packages[0].import_path == "example.com/cgodep/store");
        CHECK(scan.packages[0].cgo_files == Strings{"store.go"});
        std::error_code ec;
        CHECK(std::filesystem::equivalent(
            scan.packages[0].dir,
            std::filesystem::path(XBUILD_TEST_DATA_DIR) / "fixtures" / "cgo_dep" / "store", ec));
        CHECK(format_import_chain(scan.packages[0].import_chain) ==
              "example.com/cgodep \u2192 example.com/cgodep/store");
        CHECK(std::find(scan.std_cgo.begin(), scan.std_cgo.end(), "runtime/cgo") !=
              scan.std_cgo.end());
    }
    SECTION("with CGO_ENABLED=0 go silently picks the panicking stub") {
        const CgoScan scan = list("0");
        CHECK(scan.packages.empty());
        CHECK(scan.std_cgo.empty());
    }
}
