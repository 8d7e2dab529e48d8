#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <variant>

#include <xbuild/clock.hpp>
#include <xbuild/error.hpp>
#include <xbuild/process.hpp>
#include <xbuild/sdk_registry.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>

namespace xbuild {

struct SdkBuildRequest {
    std::filesystem::path source;  // a Go source tree: src/make.bash and VERSION
    std::string name;              // empty: the tree's VERSION ("go1.19.8")
    const Toolchain* bootstrap = nullptr;  // becomes GOROOT_BOOTSTRAP
    Environment env;               // xbuild's environment
};

// Reported every few seconds while make.bash runs: elapsed time and the
// log's last line, so a long step shows it is alive.
using SdkBuildProgress = std::function<void(std::chrono::steady_clock::duration elapsed,
                                            const std::string& last_line)>;

// Failure of an SDK build: the message plus where the full log is.
struct SdkBuildFailure {
    std::string message;
    std::filesystem::path log;
    std::string log_tail;  // its last lines
    int interrupt_signal = 0;
};

// Copies the tree into the store (sdks/<name>), runs its own src/make.bash
// with GOROOT_BOOTSTRAP, logging to logs/<name>.make.log, and registers the
// SDK only when make.bash succeeded and the new go runs. On failure or
// interruption nothing is registered and the partial tree is removed.
std::variant<BuiltSdk, SdkBuildFailure> build_sdk(const Store& store, const SdkBuildRequest& request,
                                                  ProcessRunner& runner, const Clock& clock,
                                                  const SdkBuildProgress& progress);

// The first line of a Go tree's VERSION file ("go1.19.8"), or an error.
Result<std::string> read_go_source_version(const std::filesystem::path& source);

}  // namespace xbuild
