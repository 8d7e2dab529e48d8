#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>

namespace xbuild {

// One build target: a GOOS/GOARCH pair plus an optional variant, written
// like an OCI platform: "linux/arm/v7", "linux/amd64/v3", "windows/386/sse2".
struct Target {
    std::string os;
    std::string arch;
    std::string variant;  // empty when none

    // "os/arch" or "os/arch/variant".
    std::string str() const;
    auto operator<=>(const Target&) const = default;
};

// One row of `go tool dist list -json`: the toolchain's own truth.
struct Platform {
    std::string os;
    std::string arch;
    bool cgo_supported = false;
    bool first_class = false;
};

// The Go environment variable that carries an architecture's variant, with
// the value a variant spelling maps to ("v7" -> GOARM=7, "v3" -> GOAMD64=v3).
struct VariantSetting {
    std::string variable;
    std::string value;
};

// Which variable an arch's variant sets (GOARM, GOAMD64, GO386, GOMIPS,
// GOMIPS64, GOPPC64, GOARM64, GORISCV64), or nullopt when the arch has none.
// Which values are valid is the toolchain's business (see toolchain.hpp).
std::optional<std::string> variant_variable(std::string_view arch);

// The setting for target.variant; an error when the arch takes no variant or
// the spelling is not of its variable's shape ("v7" for riscv64). GOARM drops
// the "v" (v7 -> 7); other variants pass verbatim. nullopt when no variant.
Result<std::optional<VariantSetting>> variant_setting(const Target& target);

// Parses an exact "os/arch[/variant]" (no globs, no exclusions). Checks syntax
// and the variant (as variant_setting); whether the pair exists is up to
// expand_targets.
Result<Target> parse_target(std::string_view spec);

// What the user asked for on the command line.
struct TargetSelection {
    std::vector<std::string> os_list;    // --os, already split
    std::vector<std::string> arch_list;  // --arch, already split
    std::vector<std::string> specs;      // -t items: "os/arch[/v]", globs, "all", "first-class", "!…"
};

// Expands a selection against the toolchain's platforms: the cross product
// of --os x --arch (unsupported pairs dropped silently; none at all is an
// error; only --os means all its arches, only --arch all oses with it), then
// -t inclusions, then exclusions, whatever their order. A spec is an exact
// "os/arch[/variant]" (the pair must exist), a glob of os/arch (`linux/*`,
// `*/arm64`; never yields variants), a bare os name or glob meaning all its
// arches, "all" or "first-class". "!spec" excludes; an exclusion without a
// variant removes every variant of its pairs. Exclusions alone start from
// "all". An empty selection yields `host`. Unknown names and patterns that
// match nothing get an error with a "did you mean" suggestion, and so does an
// empty result. The result is sorted and unique.
Result<std::vector<Target>> expand_targets(const TargetSelection& selection,
                                           const std::vector<Platform>& platforms,
                                           const Target& host);

// Whether `target` is among `specs` read as -t reads them: some inclusion
// matches it (with exclusions alone, everything does) and no exclusion does.
// A spec without a variant (an os, a glob, os/arch, "all", "first-class",
// per `platforms`) matches every variant of its pairs; os/arch/variant only
// that variant. Nothing is validated here (expand_targets does that): a
// malformed spec matches nothing.
bool selection_matches(const std::vector<std::string>& specs, const Target& target,
                       const std::vector<Platform>& platforms);

// Parses `go tool dist list -json` output, sorted by os/arch with duplicates
// dropped. Malformed JSON, wrong field types or an empty list are errors.
Result<std::vector<Platform>> parse_dist_list_json(std::string_view json);

}  // namespace xbuild
