#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/process.hpp>
#include <xbuild/store.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// A Go release number; go1.19.8 -> {1, 19, 8}. "devel" builds compare newest.
struct GoVersion {
    int major = 0;
    int minor = 0;
    int patch = 0;
    bool devel = false;
    auto operator<=>(const GoVersion&) const = default;
};

// Parses "go1.19.8", "1.21", "go1.22rc1", "devel go1.23-abc"...
std::optional<GoVersion> parse_go_version(std::string_view text);

// The fields of `go env -json` that identify an SDK.
struct GoEnv {
    std::string goroot;
    std::string version;  // GOVERSION, e.g. "go1.19.8"
    std::string host_os;
    std::string host_arch;
    std::string gocache;
};

Result<GoEnv> parse_go_env_json(std::string_view json);

// A usable Go SDK: the go binary, what it says about itself and its targets.
struct Toolchain {
    std::filesystem::path go;  // absolute path of the go binary
    GoEnv env;
    std::vector<Platform> platforms;
    std::string found_by;  // "--go", "XBUILD_GO", "GOROOT", "PATH", "store"
    FileIdentity identity; // of `go`: bootstrap stamps and caches key on it

    Target host() const { return Target{env.host_os, env.host_arch, {}}; }
    const Platform* find_platform(const Target& target) const;
};

// The environment every go command runs with: `base` plus GOTOOLCHAIN=local
// unless the user set GOTOOLCHAIN, so go never downloads another toolchain.
Environment go_command_environment(const Environment& base);

// Finds the go binary and learns what it is. Order: `go_flag` (the name of
// an SDK built into the store, a version such as "1.19.8"/"go1.19" that
// selects the newest matching SDK found, or a path),
// XBUILD_GO, $GOROOT/bin/go, `go` on PATH, then SDKs built into `store`.
// Errors (exit 2 material) when none is found or it is not Go.
Result<Toolchain> resolve_toolchain(const std::optional<std::string>& go_flag,
                                    const Environment& env, CommandRunner& runner,
                                    const Store* store = nullptr);

// What `go` is: `go env -json` and `go tool dist list -json`, read from the
// store's cache when it has them for this very binary (path, size, mtime),
// else run and cached there.
Result<Toolchain> load_toolchain(const std::filesystem::path& go, std::string found_by,
                                 const Environment& env, CommandRunner& runner, const Store* store);

// Every SDK that resolve_toolchain could pick without --go, in its order.
// Binaries that are not usable Go toolchains are left out.
std::vector<Toolchain> discover_toolchains(const Environment& env, CommandRunner& runner,
                                           const Store* store);

// Whether --go's value names a version ("1.19", "go1.19.8") rather than a path.
bool looks_like_go_version(std::string_view text);

// "1.19" matches go1.19 and go1.19.x; "1.19.8" and "go1.19.8" match only go1.19.8.
bool version_matches(std::string_view wanted, std::string_view version);

// Asks the toolchain whether it knows each distinct variant of `targets`
// (`go env` with the variant variable set: go rejects unknown values, and a
// variable it does not know is absent from its output). Errors name the
// target and list the values go accepts when it says.
Result<void> validate_variants(const std::vector<Target>& targets, const Toolchain& toolchain,
                               const Environment& env, CommandRunner& runner);

// The go.mod that governs `cwd` (searching upwards) and its `go` directive
// ("1.21"; empty when it has none), or nullopt outside a module.
std::optional<std::pair<std::filesystem::path, std::string>> find_go_mod_directive(
    const std::filesystem::path& cwd);

// Errors when the module in `cwd` needs a newer Go than `toolchain`.
Result<void> check_module_go_version(const std::filesystem::path& cwd, const Toolchain& toolchain);

// A main package to build, from `go list`.
struct MainPackage {
    std::string import_path;
    std::filesystem::path dir;
    std::string name() const { return dir.filename().string(); }  // {{.Dir}}
};

// Resolves package patterns (default ".") to main packages with `go list -e -json`,
// run in `cwd`. Non-main packages are dropped; no main package at all is an error.
Result<std::vector<MainPackage>> list_main_packages(const Toolchain& toolchain,
                                                    const std::vector<std::string>& patterns,
                                                    const std::filesystem::path& cwd,
                                                    const Environment& env, CommandRunner& runner);

}  // namespace xbuild
