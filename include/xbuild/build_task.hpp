#pragma once

#include <chrono>
#include <optional>

#include <xbuild/clock.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/report.hpp>
#include <xbuild/scheduler.hpp>

namespace xbuild {

// One BuildJob as a scheduler Task: run `go build` into the temp path, then
// verify and place the artifact. Fills `report` as it goes; the report
// outlives the task. A temp file never survives the task, whatever happens.
class BuildTask final : public Task {
public:
    BuildTask(const BuildJob& job, TargetReport& report, const Clock& clock);

    std::optional<ProcessSpec> next_process() override;
    void on_exit(const ProcessExit& exit) override;
    void on_abandoned(AbandonReason reason) override;
    bool failed() const override;

private:
    void finish(TargetStatus status, std::string error);

    const BuildJob& m_job;
    TargetReport& m_report;
    const Clock& m_clock;
    std::optional<std::chrono::steady_clock::time_point> m_started;
    bool m_launched = false;
    bool m_done = false;
};

// The report entry for a job before it runs (status skipped, command and env set).
TargetReport initial_report(const BuildJob& job);

}  // namespace xbuild
