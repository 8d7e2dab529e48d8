#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>

namespace xbuild {

// A package in a main package's build that needs a C compiler for the target.
struct CgoPackage {
    std::string import_path;             // as go list prints it (GOPATH vendoring: a/vendor/b)
    std::vector<std::string> cgo_files;  // CgoFiles, then SwigFiles, then SwigCXXFiles, as listed
    std::filesystem::path dir;
    // Shortest import path from the main package to this one, main first and
    // this package last. Empty only when no chain of Imports reaches it.
    std::vector<std::string> import_chain;
};

// Which packages of one main package's build use cgo.
struct CgoScan {
    // Non-standard packages with cgo (or SWIG) files, sorted by import path.
    std::vector<CgoPackage> packages;
    // Standard-library packages with cgo files (net, os/user, runtime/cgo...),
    // sorted. They have pure-Go fallbacks, so they never require a C compiler;
    // informational only.
    std::vector<std::string> std_cgo;

    bool needs_cgo() const { return !packages.empty(); }
};

// The arguments after `go` for the listing scan_cgo reads: run it in the
// module (or GOPATH) directory with the target's GOOS/GOARCH/variant and
// CGO_ENABLED=1, so that files guarded by `//go:build cgo` are seen.
std::vector<std::string> cgo_scan_args(const std::string& main_import_path);

// Parses the `go list -e -deps -json` output of cgo_scan_args(main_import_path).
// Standard packages never count, whatever their files. Packages that go could
// not load are scanned like the others. Errors on malformed JSON, when the
// main package is missing, or when go could not load the main package at all.
Result<CgoScan> scan_cgo(std::string_view go_list_json, std::string_view main_import_path);

// "main → example.com/app/store → github.com/mattn/go-sqlite3": the first
// element is shown as "main" when it is "command-line-arguments" (go run x.go).
std::string format_import_chain(const std::vector<std::string>& chain);

}  // namespace xbuild
