#pragma once

#include <cstdio>
#include <filesystem>
#include <vector>

#include <xbuild/report.hpp>
#include <xbuild/scheduler.hpp>

namespace xbuild {

struct StatusOptions {
    bool verbose = false;         // -v: say when each target starts
    bool print_commands = false;  // -x: echo commands, show every job's output
    std::filesystem::path cwd;    // paths under it are shown relative
};

// What to say as a build goes: one line per finished target (a failure's
// output printed whole beneath it, so parallel output never interleaves).
// Writes to `out` (stderr in the CLI); the reports are the tasks' reports.
class StatusPrinter final : public SchedulerObserver {
public:
    // `task_reports[i]` is the index in `reports` of scheduler task i;
    // empty means the identity.
    StatusPrinter(std::FILE* out, const std::vector<TargetReport>& reports, StatusOptions options,
                  std::vector<std::size_t> task_reports = {});

    void process_started(std::size_t task, const ProcessSpec& spec) override;
    void task_finished(std::size_t task) override;
    void interrupted(int signal) override;

private:
    std::FILE* m_out;
    const std::vector<TargetReport>& m_reports;
    StatusOptions m_options;
    std::vector<std::size_t> m_task_reports;

    const TargetReport& report_for(std::size_t task) const;
};

}  // namespace xbuild
