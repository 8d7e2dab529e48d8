#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/cc_probe.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// toolchains/cc.json, schema_version 1:
//   { "schema_version": 1,
//     "targets": { "os/arch": [ candidate, ... ], ... } }
// Candidates are tried in order. A candidate is an object with
//   "cc":         argv of the C compiler (non-empty array of strings; argv[0] on PATH)
//   "cxx":        argv of the matching C++ compiler (optional)
//   "variants":   offer it only for these variants of the arch, e.g. ["v7"]
//                 (optional; a target given without a variant is offered every candidate)
//   "debian":     the Debian packages (space-separated) to install for "cc": the
//                 compiler and, for a cross gcc, the target's C library headers,
//                 which apt does not pull in without Recommends (optional)
//   "debian_cxx": the Debian package providing "cxx" (optional)
//   "install":    what to install when no Debian package exists, e.g. "osxcross" (optional)
//   "note":       a remark for people (optional)
// Keys starting with "_" are comments, anywhere; any other unknown key is an error.
struct CcCandidate {
    std::vector<std::string> cc;
    std::vector<std::string> cxx;
    std::vector<std::string> variants;
    std::string debian;
    std::string debian_cxx;
    std::string install;
    std::string note;
};

struct CcRegistry {
    int schema_version = 1;
    std::map<std::string, std::vector<CcCandidate>> targets;  // "os/arch" -> candidates

    // The candidates offered for `target`, in order: its os/arch entry less
    // those restricted to other variants. Empty when the registry has none.
    std::vector<CcCandidate> candidates_for(const Target& target) const;
};

// Parses registry JSON; `origin` (a file name) prefixes errors, and syntax
// errors carry "origin:line:column".
Result<CcRegistry> parse_cc_registry(std::string_view json, const std::string& origin);

// Reads and parses `file`.
Result<CcRegistry> load_cc_registry(const std::filesystem::path& file);

// Where the registry may live, in order: beside an installed binary
// (<exe dir>/../share/xbuild/toolchains/cc.json), then the source tree xbuild
// was built from (XBUILD_SOURCE_DIR/toolchains/cc.json).
std::vector<std::filesystem::path> cc_registry_search_paths(const std::filesystem::path& self_exe);

// Loads the first of cc_registry_search_paths that exists; an error naming
// every place looked at when none does.
Result<CcRegistry> locate_cc_registry(const std::filesystem::path& self_exe);

// Splits a command line into argv with simple shell rules: whitespace
// separates words; '...' is literal; "..." is literal except for \" \\ \$ \`;
// outside quotes a backslash escapes the next character. No expansions.
// Errors for an unbalanced quote (with its column), a trailing backslash or
// an empty command.
Result<std::vector<std::string>> split_command(std::string_view command);

enum class CcLanguage { c, cxx };

// One explicitly configured compiler: `--cc TARGET=CMD` / `--cxx TARGET=CMD`
// or its config-file equivalent.
struct CcOverride {
    CcLanguage language = CcLanguage::c;
    Target target;  // a target without variant applies to all its variants
    std::vector<std::string> command;
    std::string origin;  // "--cc", "--cxx", "xbuild.json"; prefixes messages
};

// Parses the value of --cc / --cxx ("os/arch[/variant]=CMD"); origin is
// "--cc" or "--cxx". Errors name the offending text.
Result<CcOverride> parse_cc_spec(std::string_view spec, CcLanguage language);

// Everything explicit that selection looks at besides the registry.
struct CcSettings {
    std::vector<CcOverride>
        overrides;    // in command-line order: a later one for the same target wins
    Environment env;  // CC_FOR_<os>_<arch>, CXX_FOR_*, CC, CXX, PATH
    Target host;      // CC, CXX and the system cc apply to the host's os/arch only
};

// The compilers chosen for a target. `cxx` is empty when none is known; Go
// then falls back to its default.
struct CcChoice {
    std::vector<std::string> cc;
    std::vector<std::string> cxx;
    std::string origin;         // "--cc", "CC_FOR_linux_arm64", "CC", "system", "discovered"
    std::string cxx_origin;     // likewise for cxx; empty when cxx is
    std::string resolved_path;  // where cc's argv[0] was found
    std::optional<CcProbeResult> probe;
};

// One compiler looked at during selection, for messages.
struct CcCandidateResult {
    CcCandidate candidate;
    std::string origin;
    bool found_on_path = false;
    std::string resolved_path;
    std::optional<CcProbeResult> probe;  // set when it was found and probed
};

struct CcSelection {
    std::optional<CcChoice> choice;  // nullopt: no usable compiler (see tried, install_hint)
    std::vector<CcCandidateResult> tried;
};

// Picks the C compiler for `target`: an override for the target (exact
// variant first), then CC_FOR_<os>_<arch> (Go's make.bash spelling, e.g.
// CC_FOR_linux_arm64); for the host's os/arch, CC, then cc, gcc, clang on
// PATH; then the registry's candidates whose argv[0] is on env's PATH. Each
// compiler must pass `prober`. An explicit choice (override, CC_FOR_*, CC)
// that is missing or fails the probe is an error, never skipped; discovered
// ones that fail are recorded in `tried` and the next is tried.
Result<CcSelection> select_cc(const CcRegistry& registry, const CcSettings& settings,
                              const Target& target, CcProber& prober);

// One line on what was tried: "aarch64-linux-gnu-gcc: not on PATH; clang
// --target=aarch64-linux-gnu: cannot compile ...". Empty when nothing was.
std::string describe_tried(const std::vector<CcCandidateResult>& tried);

// What to install to get a C compiler for `target`, e.g. "install
// gcc-aarch64-linux-gnu (apt-get install gcc-aarch64-linux-gnu)", or, when no
// Debian package has one, the alternatives the registry names and --cc.
std::string install_hint(const CcRegistry& registry, const Target& target);

}  // namespace xbuild
