#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <xbuild/bootstrap.hpp>
#include <xbuild/build_progress.hpp>
#include <xbuild/clock.hpp>
#include <xbuild/output_lock.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/process.hpp>
#include <xbuild/report.hpp>
#include <xbuild/scheduler.hpp>
#include <xbuild/status_printer.hpp>
#include <xbuild/store.hpp>

namespace xbuild {

struct DriverOptions {
    std::size_t slots = 1;
    std::size_t cores = 0;  // this machine's; 0 leaves GOMAXPROCS to go (see gomaxprocs_plan)
    bool fail_fast = false;
    bool no_bootstrap = false;     // fail targets that are not ready instead of bootstrapping
    BootstrapDepth bootstrap_depth = BootstrapDepth::probe;
    std::filesystem::path self_exe;  // for __wait-lock
    StatusOptions status;
    // Per task (a target's bootstrap, its build): stopped past this, reported timed out.
    std::optional<std::chrono::milliseconds> timeout;
    // Between SIGTERM (interrupt or timeout) and SIGKILL.
    std::chrono::milliseconds grace{5000};
    // When set, every go command runs with GOTMPDIR here (unless the user set
    // GOTMPDIR): go's own work directories then live where xbuild removes
    // them, even after a go that had to be SIGKILLed could not.
    std::filesystem::path go_tmpdir;
    // Waits for another xbuild's output-directory lock; returns a signal to stop.
    InterruptibleSleep sleep = InterruptGuard::sleep_for;
};

// The outcome of making targets ready.
struct BootstrapPhase {
    std::map<Target, BootstrapInfo> info;        // every target that is ready or was tried
    std::map<Target, std::string> not_ready;     // target -> why it cannot be built
    int interrupt_signal = 0;
};

// Bootstraps, in parallel, each distinct target of `targets` that is not
// ready (or, with options.no_bootstrap, records it as not ready).
BootstrapPhase bootstrap_targets(const std::vector<Target>& targets, const Toolchain& toolchain,
                                 const Store& store, const Environment& env,
                                 const DriverOptions& options, ProcessRunner& runner,
                                 const Clock& clock, BuildProgress& progress);

// GOMAXPROCS for each of `count` builds run `slots` at a time on `cores`
// cores, in start order; nullopt leaves go's default (all cores). All but
// the last `slots - 1` get cores / slots (at least 1): go's compile and link
// threads then stop competing with the other slots' (measured: 7-8% less
// CPU, a tenth off an incremental build's wall time), while the last ones
// to start, which finish alone, may use every core.
std::vector<std::optional<int>> gomaxprocs_plan(std::size_t count, std::size_t slots, std::size_t cores);

// Runs a planned build: first makes every distinct target ready (bootstrap,
// in parallel, skipping ready ones), then locks the output directories (see
// lock_output_dirs) and runs the build jobs of the targets that are ready.
// Fills `report.targets` (one per job, in job order) and the interrupt
// signal; tells `progress` as it goes.
void drive_build(const std::vector<BuildJob>& jobs, const Toolchain& toolchain, const Store& store,
                 const Environment& env, const DriverOptions& options, ProcessRunner& runner,
                 const Clock& clock, BuildProgress& progress, RunReport& report);

}  // namespace xbuild
