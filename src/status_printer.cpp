#include <xbuild/status_printer.hpp>

#include <string.h>

#include <fmt/core.h>

#include <xbuild/plan.hpp>

namespace xbuild {

StatusPrinter::StatusPrinter(std::FILE* out, const std::vector<TargetReport>& reports,
                             StatusOptions options, std::vector<std::size_t> task_reports)
    : m_out(out),
      m_reports(reports),
      m_options(std::move(options)),
      m_task_reports(std::move(task_reports)) {}

const TargetReport& StatusPrinter::report_for(std::size_t task) const {
    return m_reports[m_task_reports.empty() ? task : m_task_reports[task]];
}

void StatusPrinter::process_started(std::size_t task, const ProcessSpec& spec) {
    const TargetReport& report = report_for(task);
    if (m_options.print_commands) {
        std::string env;
        for (const auto& [key, value] : report.env) env += fmt::format("{}={} ", key, value);
        fmt::print(m_out, "[{}] {}{}\n", report.target.str(), env, shell_quote(spec.argv));
    } else if (m_options.verbose) {
        fmt::print(m_out, "started {}\n", report.target.str());
    }
    std::fflush(m_out);
}

void StatusPrinter::task_finished(std::size_t task) {
    const TargetReport& report = report_for(task);
    fmt::print(m_out, "{}\n", format_target_line(report, m_options.cwd));
    if (report.cgo && !report.cgo->warning.empty()) {
        fmt::print(m_out, "warning: {}: {}\n", report.target.str(), report.cgo->warning);
    }
    const bool show_log = report.status == TargetStatus::failed || m_options.print_commands ||
                          (m_options.verbose && !report.log.empty());
    if (show_log && !report.log.empty()) {
        fmt::print(m_out, "{}", report.log);
        if (report.log.back() != '\n') fmt::print(m_out, "\n");
    }
    std::fflush(m_out);
}

void StatusPrinter::interrupted(int signal) {
    fmt::print(m_out, "xbuild: SIG{} received, stopping builds\n", ::sigabbrev_np(signal));
    std::fflush(m_out);
}

}  // namespace xbuild
