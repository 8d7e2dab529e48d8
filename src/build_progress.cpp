#include <xbuild/build_progress.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace xbuild {

namespace {

std::string step_key(const std::string& target, Stage stage, const std::string& package) {
    return fmt::format("{} {} {}", target, to_string(stage), package);
}

}  // namespace

const char* to_string(Stage stage) {
    switch (stage) {
        case Stage::bootstrap: return "bootstrap";
        case Stage::build: return "build";
        case Stage::smoke: return "smoke";
    }
    return "?";
}

Tone tone_for(TargetStatus status) {
    switch (status) {
        case TargetStatus::ok: return Tone::ok;
        case TargetStatus::skipped:
        case TargetStatus::refused: return Tone::warning;
        case TargetStatus::failed:
        case TargetStatus::interrupted:
        case TargetStatus::timed_out: return Tone::failed;
    }
    return Tone::plain;
}

BuildProgress::BuildProgress(Console& console, EventLog* events, std::filesystem::path cwd)
    : m_console(console), m_events(events), m_cwd(std::move(cwd)) {}

void BuildProgress::run_started(const std::vector<std::string>& targets, std::size_t jobs, std::size_t total) {
    m_total = total;
    m_done = 0;
    m_console.set_progress(m_done, m_total);
    if (m_events) m_events->run_started(targets, jobs);
}

void BuildProgress::stage_started(const std::string& target, Stage stage, const std::string& package) {
    m_console.begin_step(step_key(target, stage, package), fmt::format("{} {}", target, to_string(stage)));
    if (m_events) {
        if (stage == Stage::build) m_events->target_started(target, package);
        m_events->stage_started(target, to_string(stage));
    }
}

void BuildProgress::stage_finished(const std::string& target, Stage stage, bool ok, std::int64_t duration_ms,
                                   const std::string& error, const std::string& package) {
    m_console.end_step(step_key(target, stage, package));
    if (m_events) m_events->stage_finished(target, to_string(stage), ok, duration_ms, error);
}

void BuildProgress::count_done() {
    ++m_done;
    m_console.set_progress(m_done, m_total);
}

void BuildProgress::target_finished(const TargetReport& report, bool show_log) {
    const bool failed = report.status != TargetStatus::ok && report.status != TargetStatus::skipped;
    std::string text = format_target_line(report, m_cwd);
    // The line shows the error's first line; a refusal is worth reading whole.
    if (!show_log && report.error.find('\n') != std::string::npos) {
        text += fmt::format("\n  {}: {}", report.target.str(), report.error);
    }
    if (show_log && !report.log.empty()) {
        text += "\n" + report.log;
        if (text.back() == '\n') text.pop_back();
    }
    m_console.print(text, report.up_to_date ? Tone::plain : tone_for(report.status), failed);
    if (report.cgo && !report.cgo->warning.empty()) {
        m_console.print(fmt::format("warning: {}: {}", report.target.str(), report.cgo->warning), Tone::warning);
    }
    if (m_events) m_events->target_finished(target_to_json(report));
    count_done();
}

void BuildProgress::recorded_target_finished(const nlohmann::json& target, std::string_view line) {
    m_console.print(line);
    if (m_events) m_events->target_finished(target);
    count_done();
}

void BuildProgress::note(std::string_view line, Tone tone, bool essential) { m_console.print(line, tone, essential); }

void BuildProgress::run_finished(const nlohmann::json& report, std::string_view summary) {
    m_console.clear();
    const bool failed = report.value("exit_code", 0) != 0;
    m_console.print(summary, failed ? Tone::failed : Tone::plain, true);
    if (m_events) m_events->run_finished(report);
}

}  // namespace xbuild
