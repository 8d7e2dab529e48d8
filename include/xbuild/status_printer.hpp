#pragma once

#include <filesystem>
#include <set>
#include <vector>

#include <xbuild/build_progress.hpp>
#include <xbuild/report.hpp>
#include <xbuild/scheduler.hpp>

namespace xbuild {

struct StatusOptions {
    bool verbose = false;         // -v: say when each target starts
    bool print_commands = false;  // -x: echo commands, show every job's output
};

// Tells a BuildProgress what the build scheduler does: a job's build stage
// starts with its first process and ends with the task, when its line is
// printed (a failure's output whole beneath it, so parallel output never
// interleaves). The reports are the tasks' reports.
class StatusPrinter final : public ProgressObserver {
public:
    // `task_reports[i]` is the index in `reports` of scheduler task i;
    // empty means the identity.
    StatusPrinter(BuildProgress& progress, const std::vector<TargetReport>& reports, StatusOptions options,
                  std::vector<std::size_t> task_reports = {});

    void process_started(std::size_t task, const ProcessSpec& spec) override;
    void task_finished(std::size_t task) override;
    void interrupted(int signal) override;

private:
    const std::vector<TargetReport>& m_reports;
    StatusOptions m_options;
    std::vector<std::size_t> m_task_reports;
    std::set<std::size_t> m_started;

    const TargetReport& report_for(std::size_t task) const;
};

// "xbuild: SIGINT received, stopping builds".
std::string interrupted_line(int signal, std::string_view what);

}  // namespace xbuild
