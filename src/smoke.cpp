#include <xbuild/smoke.hpp>

#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/artifact.hpp>
#include <xbuild/status_printer.hpp>

namespace xbuild {

namespace fs = std::filesystem;

std::string SmokeResult::summary() const {
    if (!ran) return reason;
    std::string how = runner == "native" ? "natively" : "under " + fs::path(runner).filename().string();
    std::string status = timed_out ? "timed out"
                         : signal != 0 ? fmt::format("killed by signal {}", signal)
                                       : fmt::format("exit {}", exit_code);
    std::string line = fmt::format("{} {}", status, how);
    const std::string first = first_lines(output, 1);
    if (!first.empty()) line += ": " + first.substr(0, first.find('\n'));
    return line;
}

nlohmann::json smoke_to_json(const SmokeResult& result) {
    return {{"ran", result.ran},
            {"runner", result.runner},
            {"reason", result.reason},
            {"exit_code", result.ran && !result.timed_out && result.signal == 0 ? nlohmann::json(result.exit_code)
                                                                                 : nlohmann::json(nullptr)},
            {"signal", result.signal},
            {"timed_out", result.timed_out},
            {"passed", result.passed()},
            {"output", result.output}};
}

std::string first_lines(const std::string& output, std::size_t max_lines, std::size_t max_width) {
    std::string kept;
    std::size_t start = 0;
    for (std::size_t line = 0; line < max_lines && start < output.size(); ++line) {
        std::size_t end = output.find('\n', start);
        if (end == std::string::npos) end = output.size();
        std::string text = output.substr(start, std::min(end - start, max_width));
        if (end - start > max_width) text += "...";
        kept += text;
        kept += '\n';
        start = end + 1;
    }
    while (!kept.empty() && kept.back() == '\n') kept.pop_back();
    return kept;
}

std::optional<ProcessSpec> smoke_command(const Target& target, const Target& host, const fs::path& artifact,
                                         const std::vector<std::string>& args, const Environment& env,
                                         const fs::path& cwd, SmokeResult& result) {
    const RunCapability capability = run_capability(target, host, env);
    std::vector<std::string> argv;
    switch (capability.how) {
        case RunCapability::How::native:
            result.runner = "native";
            break;
        case RunCapability::How::emulated:
            result.runner = capability.emulator;
            argv.push_back(capability.emulator);
            break;
        case RunCapability::How::no:
            result.ran = false;
            result.reason = "not runnable here";
            if (!capability.hint.empty()) result.reason += " (" + capability.hint + ")";
            return std::nullopt;
    }
    argv.push_back(artifact.string());
    argv.insert(argv.end(), args.begin(), args.end());
    Environment child_env = env;
    // wine would otherwise open windows and set up ~/.wine interactively.
    if (capability.how == RunCapability::How::emulated && fs::path(capability.emulator).filename().string().starts_with("wine")) {
        child_env.try_emplace("WINEDEBUG", "-all");
        child_env.try_emplace("DISPLAY", "");
    }
    return ProcessSpec{std::move(argv), std::move(child_env), cwd};
}

std::optional<ProcessSpec> SmokeTask::next_process() {
    if (m_started) return std::nullopt;
    m_started = true;
    return m_spec;
}

void SmokeTask::on_exit(const ProcessExit& exit) {
    m_result.ran = true;
    m_result.exit_code = exit.exit_code;
    m_result.signal = exit.signal;
    m_result.output = first_lines(exit.output);
    m_done = true;
}

void SmokeTask::on_abandoned(AbandonReason reason) {
    m_done = true;
    if (reason == AbandonReason::timed_out) {
        m_result.ran = true;
        m_result.timed_out = true;
    } else {
        m_result.ran = false;
        m_result.reason = reason == AbandonReason::interrupted ? "interrupted" : "skipped";
    }
}

namespace {

// The smoke stage of each run binary, for the live line and the event stream.
class SmokeObserver final : public ProgressObserver {
public:
    SmokeObserver(BuildProgress& progress, const std::vector<TargetReport*>& targets, const Clock& clock)
        : ProgressObserver(progress), m_targets(targets), m_clock(clock), m_started_at(targets.size()) {}

    void process_started(std::size_t task, const ProcessSpec&) override {
        m_started_at[task] = m_clock.now();
        m_progress.stage_started(m_targets[task]->target.str(), Stage::smoke, m_targets[task]->package);
    }
    void task_finished(std::size_t task) override {
        const SmokeResult& result = *m_targets[task]->smoke;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.now() - m_started_at[task]);
        m_progress.stage_finished(m_targets[task]->target.str(), Stage::smoke, result.passed(), ms.count(),
                                  result.passed() ? std::string() : result.summary(), m_targets[task]->package);
    }
    void interrupted(int signal) override {
        m_progress.note(interrupted_line(signal, "smoke runs"), Tone::failed, true);
    }

private:
    const std::vector<TargetReport*>& m_targets;
    const Clock& m_clock;
    std::vector<std::chrono::steady_clock::time_point> m_started_at;
};

}  // namespace

int smoke_targets(RunReport& report, const SmokeOptions& options, ProcessRunner& runner,
                  const Clock& clock, BuildProgress& progress) {
    std::vector<std::unique_ptr<SmokeTask>> tasks;
    std::vector<TargetReport*> task_targets;
    for (TargetReport& target : report.targets) {
        if (target.status != TargetStatus::ok) continue;
        target.smoke = SmokeResult{};
        auto spec = smoke_command(target.target, options.host, target.output, options.args, options.env,
                                  options.cwd, *target.smoke);
        if (spec) {
            tasks.push_back(std::make_unique<SmokeTask>(std::move(*spec), *target.smoke));
            task_targets.push_back(&target);
        }
    }
    int interrupt_signal = 0;
    if (!tasks.empty()) {
        std::vector<Task*> pointers;
        for (auto& task : tasks) pointers.push_back(task.get());
        SchedulerOptions scheduling;
        scheduling.slots = options.slots;
        scheduling.task_timeout = options.timeout;
        scheduling.grace = options.grace;
        SmokeObserver observer(progress, task_targets, clock);
        Scheduler scheduler(runner, clock, scheduling, &observer);
        interrupt_signal = scheduler.run(pointers).interrupt_signal;
    }
    for (TargetReport& target : report.targets) {
        if (!target.smoke) continue;
        const SmokeResult& smoke = *target.smoke;
        std::string text = fmt::format("{:<12} {:<16} {}{}", "smoke", target.target.str(),
                                       smoke.passed() ? "" : "FAILED: ", smoke.summary());
        if (!smoke.passed() && smoke.ran) {
            if (!smoke.output.empty()) text += "\n" + smoke.output;
            target.status = TargetStatus::failed;
            target.error = "smoke run failed: " + smoke.summary();
            remove_quietly(target.output);
        }
        progress.note(text, smoke.passed() ? Tone::plain : Tone::failed, !smoke.passed());
    }
    return interrupt_signal;
}

}  // namespace xbuild
