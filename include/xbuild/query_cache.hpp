#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>
#include <xbuild/process.hpp>

namespace xbuild {

// The part of a Go source file that can change what `go list` says about its
// package: build constraints, the package clause and the imports (import "C"
// included), i.e. everything before the first top-level func, type, var or
// const declaration, comments and cgo preambles included. Editing a function
// body leaves it unchanged. Block comments are followed, so a preamble line
// such as "const int n = 1;" does not end the header.
std::string_view go_file_header(std::string_view source);

// A key that changes whenever `go list -deps` on the module can answer
// differently: the header of every .go file, the name of every file go list
// reports (C, C++, assembly, SWIG, .syso...), and the content of go.mod,
// go.sum, go.work and vendor/modules.txt, under the module's input files
// (list_inputs), plus `salt` (the SDK's identity). Errors when a file cannot
// be read: then nothing may be cached.
Result<std::string> import_graph_key(const std::vector<std::filesystem::path>& inputs,
                                     std::string_view salt);

// Answers `go list` queries and `go env -json VAR` variant checks from `dir`
// (in the store) when the same command, environment and directory were
// asked under the same import graph key; asks `inner` and records successful
// answers otherwise. Other commands (compiler probes, other go env queries)
// always go to `inner`. The cache is pruned to its
// newest entries when it grows past a few hundred.
class CachingGoQueryRunner final : public CommandRunner {
public:
    CachingGoQueryRunner(CommandRunner& inner, std::filesystem::path dir, std::string graph_key);
    Result<ProcessExit> run(const ProcessSpec& spec) override;

    std::size_t hits() const { return m_hits; }

private:
    std::string entry_key(const ProcessSpec& spec) const;
    void prune() const;

    CommandRunner& m_inner;
    std::filesystem::path m_dir;
    std::string m_graph_key;
    std::size_t m_hits = 0;
};

}  // namespace xbuild
