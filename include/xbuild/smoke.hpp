#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xbuild/build_progress.hpp>
#include <xbuild/clock.hpp>
#include <xbuild/doctor.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/process.hpp>
#include <xbuild/report.hpp>
#include <xbuild/scheduler.hpp>
#include <xbuild/smoke_result.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// How to run `artifact` here (natively, under qemu-user or wine, see
// run_capability) with `args`, in `cwd`; nullopt with `result` saying why
// when the target cannot run here.
std::optional<ProcessSpec> smoke_command(const Target& target, const Target& host,
                                         const std::filesystem::path& artifact,
                                         const std::vector<std::string>& args, const Environment& env,
                                         const std::filesystem::path& cwd, SmokeResult& result);

// Runs one smoke command through the scheduler (so it is stopped on a
// signal or a timeout like any job) and records the outcome in `result`.
class SmokeTask final : public Task {
public:
    SmokeTask(ProcessSpec spec, SmokeResult& result) : m_spec(std::move(spec)), m_result(result) {}

    std::optional<ProcessSpec> next_process() override;
    void on_exit(const ProcessExit& exit) override;
    void on_abandoned(AbandonReason reason) override;
    bool failed() const override { return m_done && !m_result.passed(); }

private:
    ProcessSpec m_spec;
    SmokeResult& m_result;
    bool m_started = false;
    bool m_done = false;
};

struct SmokeOptions {
    Target host;
    Environment env;                     // the binaries' environment
    std::filesystem::path cwd;           // where they run
    std::vector<std::string> args;       // --smoke-args
    std::chrono::milliseconds timeout{30000};
    std::chrono::milliseconds grace{5000};
    std::size_t slots = 1;
};

// --smoke: runs each ok target's artifact where this machine can (at most
// `slots` at once, each stopped past the timeout), records the result on the
// target and prints a line for it to `out`. A target whose binary fails
// (non-zero exit, a signal, the timeout) fails: status failed, the smoke
// summary as its error, and its artifact removed, since a failed target
// leaves nothing at its path. Returns the signal that interrupted the
// runs, or 0.
int smoke_targets(RunReport& report, const SmokeOptions& options, ProcessRunner& runner,
                  const Clock& clock, BuildProgress& progress);

}  // namespace xbuild
