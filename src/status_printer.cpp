#include <xbuild/status_printer.hpp>

#include <string.h>

#include <fmt/core.h>

#include <xbuild/plan.hpp>

namespace xbuild {

std::string interrupted_line(int signal, std::string_view what) {
    return fmt::format("xbuild: SIG{} received, stopping {}", ::sigabbrev_np(signal), what);
}

StatusPrinter::StatusPrinter(BuildProgress& progress, const std::vector<TargetReport>& reports,
                             StatusOptions options, std::vector<std::size_t> task_reports)
    : ProgressObserver(progress),
      m_reports(reports),
      m_options(options),
      m_task_reports(std::move(task_reports)) {}

const TargetReport& StatusPrinter::report_for(std::size_t task) const {
    return m_reports[m_task_reports.empty() ? task : m_task_reports[task]];
}

void StatusPrinter::process_started(std::size_t task, const ProcessSpec& spec) {
    const TargetReport& report = report_for(task);
    if (m_options.print_commands) {
        std::string env;
        for (const auto& [key, value] : report.env) env += fmt::format("{}={} ", key, value);
        m_progress.note(fmt::format("[{}] {}{}", report.target.str(), env, shell_quote(spec.argv)));
    } else if (m_options.verbose) {
        m_progress.note(fmt::format("started {}", report.target.str()));
    }
    if (m_started.insert(task).second) {
        m_progress.stage_started(report.target.str(), Stage::build, report.package);
    }
}

void StatusPrinter::task_finished(std::size_t task) {
    const TargetReport& report = report_for(task);
    if (m_started.count(task)) {
        m_progress.stage_finished(report.target.str(), Stage::build, report.status == TargetStatus::ok,
                                  report.duration_ms, report.error, report.package);
    }
    const bool show_log = report.status == TargetStatus::failed || m_options.print_commands ||
                          (m_options.verbose && !report.log.empty());
    m_progress.target_finished(report, show_log);
}

void StatusPrinter::interrupted(int signal) {
    m_progress.note(interrupted_line(signal, "builds"), Tone::failed, true);
}

}  // namespace xbuild
