#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/process.hpp>
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
    std::string found_by;  // "--go", "XBUILD_GO", "GOROOT", "PATH"

    Target host() const { return Target{env.host_os, env.host_arch, {}}; }
    const Platform* find_platform(const Target& target) const;
};

// The environment every go command runs with: `base` plus GOTOOLCHAIN=local
// unless the user set GOTOOLCHAIN, so go never downloads another toolchain.
Environment go_command_environment(const Environment& base);

// Finds the go binary: `go_flag` (a path), XBUILD_GO, $GOROOT/bin/go, then
// `go` on PATH; runs `go env -json` and `go tool dist list -json` to learn
// what it is. Errors (exit 2 material) when none is found or it is not Go.
Result<Toolchain> resolve_toolchain(const std::optional<std::string>& go_flag,
                                    const Environment& env, CommandRunner& runner);

// Asks the toolchain whether it knows each distinct variant of `targets`
// (`go env` with the variant variable set: go rejects unknown values, and a
// variable it does not know is absent from its output). Errors name the
// target and list the values go accepts when it says.
Result<void> validate_variants(const std::vector<Target>& targets, const Toolchain& toolchain,
                               const Environment& env, CommandRunner& runner);

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
