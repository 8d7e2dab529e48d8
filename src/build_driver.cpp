#include <xbuild/build_driver.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <memory>

#include <fmt/format.h>

#include <xbuild/bootstrap.hpp>
#include <xbuild/build_task.hpp>

namespace xbuild {

namespace {

// Tells a BuildProgress about bootstraps: a line as each step starts and
// ends (a bootstrap takes long enough to be worth announcing), and the
// bootstrap stage for the live line and the event stream.
class BootstrapPrinter final : public ProgressObserver {
public:
    BootstrapPrinter(BuildProgress& progress, const std::vector<std::unique_ptr<BootstrapTask>>& tasks)
        : ProgressObserver(progress), m_tasks(tasks) {}

    void process_started(std::size_t task, const ProcessSpec& spec) override {
        const std::string target = m_tasks[task]->target().str();
        if (m_started.insert(task).second) m_progress.stage_started(target, Stage::bootstrap);
        const bool waiting = spec.argv.size() > 1 && spec.argv[1] == "__wait-lock";
        if (waiting) {
            m_progress.note(fmt::format("bootstrap  {:<16} waiting for another xbuild that is bootstrapping it", target));
        } else if (spec.argv.size() > 2 && spec.argv[2] == "std") {
            m_progress.note(fmt::format("bootstrap  {:<16} building the standard library", target));
        } else if (spec.argv.size() > 2 && spec.argv[1] == "build" && spec.argv[2] == "-o") {
            m_progress.note(fmt::format("bootstrap  {:<16} building and checking a probe program", target));
        }
    }

    void task_finished(std::size_t task) override {
        const BootstrapTask& bootstrap = *m_tasks[task];
        const BootstrapResult& result = bootstrap.result();
        const std::string target = bootstrap.target().str();
        if (m_started.count(task)) {
            m_progress.stage_finished(target, Stage::bootstrap, result.ok, result.duration_ms, result.error);
        }
        if (result.ok) {
            m_progress.note(fmt::format("bootstrap  {:<16} {} in {}", target,
                                        result.ran ? "ready" : "ready (another xbuild did it)",
                                        format_duration_ms(result.duration_ms)));
        } else {
            std::string text = fmt::format("bootstrap  {:<16} FAILED: {}", target, result.error);
            if (!result.log.empty()) text += "\n" + result.log;
            m_progress.note(text, Tone::plain, true);
        }
    }

    void interrupted(int signal) override {
        m_progress.note(interrupted_line(signal, "bootstraps"), Tone::failed, true);
    }

private:
    const std::vector<std::unique_ptr<BootstrapTask>>& m_tasks;
    std::set<std::size_t> m_started;
};

BootstrapInfo info_from(const BootstrapResult& result) {
    return BootstrapInfo{result.ran, result.waited, result.duration_ms};
}

SchedulerOptions scheduling_for(const DriverOptions& options) {
    SchedulerOptions scheduling;
    scheduling.slots = options.slots;
    scheduling.fail_fast = options.fail_fast;
    scheduling.task_timeout = options.timeout;
    scheduling.grace = options.grace;
    return scheduling;
}

// `env` with GOTMPDIR pointing into xbuild's run directory, unless the user
// chose a GOTMPDIR of their own.
Environment with_go_tmpdir(Environment env, const std::filesystem::path& dir) {
    if (!dir.empty() && !env.count("GOTMPDIR")) env["GOTMPDIR"] = dir.string();
    return env;
}

}  // namespace

BootstrapPhase bootstrap_targets(const std::vector<Target>& targets, const Toolchain& toolchain,
                                 const Store& store, const Environment& env,
                                 const DriverOptions& options, ProcessRunner& runner,
                                 const Clock& clock, BuildProgress& progress) {
    BootstrapPhase phase;
    std::vector<std::unique_ptr<BootstrapTask>> bootstraps;
    for (const Target& target : targets) {
        if (phase.info.count(target) || phase.not_ready.count(target)) continue;
        const Readiness readiness = target_readiness(store, toolchain, target, options.bootstrap_depth);
        if (readiness == Readiness::ready) {
            phase.info[target] = BootstrapInfo{};
            continue;
        }
        if (options.no_bootstrap) {
            phase.not_ready[target] = fmt::format(
                "{} is not bootstrapped for {} ({}{}); run 'xbuild toolchain bootstrap {}' or drop "
                "--no-bootstrap",
                target.str(), toolchain.env.version, toolchain.go.string(),
                readiness == Readiness::stale ? ", its stamp is stale" : "", target.str());
            continue;
        }
        phase.info[target] = BootstrapInfo{};
        bootstraps.push_back(
            std::make_unique<BootstrapTask>(store, toolchain, target, env, options.self_exe, clock,
                                            options.bootstrap_depth));
    }
    if (bootstraps.empty()) return phase;

    std::vector<Task*> pointers;
    for (auto& task : bootstraps) pointers.push_back(task.get());
    BootstrapPrinter printer(progress, bootstraps);
    Scheduler scheduler(runner, clock, scheduling_for(options), &printer);
    phase.interrupt_signal = scheduler.run(pointers).interrupt_signal;
    for (const auto& task : bootstraps) {
        phase.info[task->target()] = info_from(task->result());
        if (!task->result().ok) phase.not_ready[task->target()] = task->result().error;
    }
    return phase;
}

std::vector<std::optional<int>> gomaxprocs_plan(std::size_t count, std::size_t slots, std::size_t cores) {
    std::vector<std::optional<int>> plan(count);
    if (count < 2 || slots < 2 || cores == 0) return plan;
    const int share = static_cast<int>(std::max<std::size_t>(1, cores / slots));
    const std::size_t last_alone = std::min(count, slots - 1);
    for (std::size_t i = 0; i + last_alone < count; ++i) plan[i] = share;
    return plan;
}

void drive_build(const std::vector<BuildJob>& jobs, const Toolchain& toolchain, const Store& store,
                 const Environment& env, const DriverOptions& options, ProcessRunner& runner,
                 const Clock& clock, BuildProgress& progress, RunReport& report) {
    report.targets.clear();
    for (const BuildJob& job : jobs) report.targets.push_back(initial_report(job));

    // Phase 1: make each distinct target ready. Builds wait for this phase so
    // that two jobs of one target never race to bootstrap it.
    std::vector<Target> targets;
    for (const BuildJob& job : jobs) {
        // A refused target is never built, so it need not be ready either.
        if (job.cgo.refusal.empty() && job.setup_error.empty()) targets.push_back(job.target);
    }
    BootstrapPhase phase = bootstrap_targets(targets, toolchain, store,
                                             with_go_tmpdir(env, options.go_tmpdir), options,
                                             runner, clock, progress);
    auto& not_ready = phase.not_ready;
    auto& bootstrap_info = phase.info;
    SchedulerOutcome outcome;
    outcome.interrupt_signal = phase.interrupt_signal;

    // Phase 2: build what is ready, into directories no other xbuild is
    // writing to. Locking waits for other runs, so it comes after the
    // bootstrap phase, which needs no output directory.
    std::vector<BuildJob> runnable = jobs;
    std::vector<std::filesystem::path> output_dirs;
    for (BuildJob& job : runnable) {
        job.command.env = with_go_tmpdir(std::move(job.command.env), options.go_tmpdir);
        const bool will_build = job.setup_error.empty() && job.cgo.refusal.empty() &&
                                !not_ready.count(job.target);
        if (will_build) output_dirs.push_back(job.output_path.parent_path());
    }
    OutputLocks locks;
    if (outcome.interrupt_signal == 0 && !output_dirs.empty()) {
        progress.console().clear();
        locks = lock_output_dirs(std::move(output_dirs), progress.console().stream(), options.sleep);
        outcome.interrupt_signal = locks.interrupt_signal;
    }

    std::vector<std::unique_ptr<BuildTask>> builds;
    std::vector<Task*> pointers;
    std::vector<std::size_t> report_index;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        TargetReport& target_report = report.targets[i];
        target_report.cgo = jobs[i].cgo;
        if (!jobs[i].setup_error.empty()) {
            target_report.status = TargetStatus::failed;
            target_report.error = jobs[i].setup_error;
            continue;
        }
        if (!jobs[i].cgo.refusal.empty()) {
            target_report.status = TargetStatus::refused;
            target_report.error = jobs[i].cgo.refusal;
            continue;
        }
        target_report.bootstrap = bootstrap_info[jobs[i].target];
        if (outcome.interrupt_signal != 0) {
            target_report.status = TargetStatus::interrupted;
            target_report.error = "not started: interrupted";
            continue;
        }
        if (const auto it = not_ready.find(jobs[i].target); it != not_ready.end()) {
            target_report.status = TargetStatus::failed;
            target_report.error = it->second;
            continue;
        }
        const auto unusable = locks.unusable.find(output_dir_key(jobs[i].output_path.parent_path()));
        if (unusable != locks.unusable.end()) {
            target_report.status = TargetStatus::failed;
            target_report.error = unusable->second;
            continue;
        }
        if (options.fail_fast && !not_ready.empty()) {
            target_report.status = TargetStatus::skipped;
            target_report.error = "not started: an earlier target failed (--fail-fast)";
            continue;
        }
        builds.push_back(std::make_unique<BuildTask>(runnable[i], target_report, clock));
        pointers.push_back(builds.back().get());
        report_index.push_back(i);
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const TargetReport& target_report = report.targets[i];
        if (target_report.status == TargetStatus::failed || target_report.status == TargetStatus::refused) {
            progress.target_finished(target_report, false);
        }
    }
    // A GOMAXPROCS of the user's own is left alone.
    const auto shares = gomaxprocs_plan(report_index.size(), options.slots, options.cores);
    for (std::size_t k = 0; k < report_index.size(); ++k) {
        Environment& job_env = runnable[report_index[k]].command.env;
        if (shares[k] && !job_env.count("GOMAXPROCS")) job_env["GOMAXPROCS"] = std::to_string(*shares[k]);
    }
    if (outcome.interrupt_signal == 0 && !pointers.empty()) {
        StatusPrinter printer(progress, report.targets, options.status, report_index);
        Scheduler scheduler(runner, clock, scheduling_for(options), &printer);
        outcome = scheduler.run(pointers);
    }
    report.interrupt_signal = outcome.interrupt_signal;
}

}  // namespace xbuild
