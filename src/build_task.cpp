#include <xbuild/build_task.hpp>

#include <system_error>

#include <fmt/format.h>

#include <xbuild/artifact.hpp>

namespace xbuild {

namespace fs = std::filesystem;

TargetReport initial_report(const BuildJob& job) {
    TargetReport report;
    report.target = job.target;
    report.package = job.package.import_path;
    report.status = TargetStatus::skipped;
    report.output = job.output_path.string();
    report.command = job.command.argv;
    report.env = job.target_env;
    return report;
}

BuildTask::BuildTask(const BuildJob& job, TargetReport& report, const Clock& clock)
    : m_job(job), m_report(report), m_clock(clock) {}

std::optional<ProcessSpec> BuildTask::next_process() {
    if (m_launched || m_done) return std::nullopt;
    m_started = m_clock.now();
    std::error_code ec;
    fs::create_directories(m_job.output_path.parent_path(), ec);
    if (ec) {
        finish(TargetStatus::failed, fmt::format("cannot create output directory {}: {}",
                                                 m_job.output_path.parent_path().string(),
                                                 ec.message()));
        return std::nullopt;
    }
    m_launched = true;
    return m_job.command;
}

void BuildTask::on_exit(const ProcessExit& exit) {
    m_report.log = exit.output;
    if (!exit.success()) {
        remove_quietly(m_job.temp_path);
        finish(TargetStatus::failed, fmt::format("go build: {}", exit.describe()));
        return;
    }
    std::error_code ec;
    if (!fs::exists(m_job.temp_path, ec)) {
        // A go (or a wrapper standing in for it) that reports success without
        // a binary is broken; say that rather than "cannot open <temp name>".
        finish(TargetStatus::failed,
               fmt::format("go build exited 0 but wrote no output file ({})",
                           m_job.temp_path.filename().string()));
        return;
    }
    auto artifact = place_artifact(m_job.temp_path, m_job.output_path, m_job.target);
    if (!artifact) {
        finish(TargetStatus::failed, artifact.error().message);
        return;
    }
    m_report.size = artifact->size;
    m_report.sha256 = artifact->sha256;
    m_report.binary = artifact->binary;
    finish(TargetStatus::ok, {});
}

void BuildTask::on_abandoned(AbandonReason reason) {
    remove_quietly(m_job.temp_path);
    switch (reason) {
        case AbandonReason::skipped:
            finish(TargetStatus::skipped, "not started: an earlier target failed (--fail-fast)");
            break;
        case AbandonReason::interrupted:
            finish(TargetStatus::interrupted, m_launched ? "interrupted" : "not started: interrupted");
            break;
        case AbandonReason::timed_out:
            finish(TargetStatus::timed_out, "timed out");
            break;
    }
}

bool BuildTask::failed() const {
    return m_done && m_report.status != TargetStatus::ok;
}

void BuildTask::finish(TargetStatus status, std::string error) {
    m_done = true;
    m_report.status = status;
    m_report.error = std::move(error);
    if (m_started) {
        m_report.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   m_clock.now() - *m_started)
                                   .count();
    }
}

}  // namespace xbuild
