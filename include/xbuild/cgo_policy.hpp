#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/cc_registry.hpp>
#include <xbuild/cgo_scan.hpp>
#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// --cgo: auto (cgo only where a package needs it), on (everywhere), off.
enum class CgoMode { automatic, on, off };

Result<CgoMode> parse_cgo_mode(std::string_view text);
const char* to_string(CgoMode mode);

// What xbuild decided about cgo for one target and main package.
struct CgoDecision {
    CgoMode mode = CgoMode::automatic;
    bool enabled = false;            // CGO_ENABLED=1 with `cc`
    std::vector<CgoPackage> needs;   // non-standard packages with cgo files
    std::optional<CcChoice> cc;      // set when enabled
    std::string refusal;             // non-empty: the target must not be built
    std::string warning;             // --cgo off dropped these packages' cgo files
};

// Whether deciding needs a compiler selection at all: only when cgo could be
// turned on (on, or auto with packages that need it).
bool cgo_needs_compiler(CgoMode mode, const CgoScan& scan);

// Decides from the scan and, when cgo_needs_compiler, the outcome of
// select_cc (its error when an explicit compiler failed). `cgo_supported` is
// the toolchain's CgoSupported for the target. Pure: no processes.
CgoDecision decide_cgo(CgoMode mode, const Target& target, const CgoScan& scan,
                       const Result<CcSelection>* selection, const CcRegistry& registry,
                       bool cgo_supported);

// "example.com/app/store (store/sqlite.go; main → example.com/app/store)".
std::string describe_cgo_package(const CgoPackage& package);

}  // namespace xbuild
