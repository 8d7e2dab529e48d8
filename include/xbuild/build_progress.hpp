#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <xbuild/console.hpp>
#include <xbuild/event_log.hpp>
#include <xbuild/report.hpp>
#include <xbuild/scheduler.hpp>

namespace xbuild {

// The parts of one target's way to an artifact that take time.
enum class Stage { bootstrap, build, smoke };

// "bootstrap", "build", "smoke".
const char* to_string(Stage stage);

// What a run tells as it goes: to people through the Console (lines, the
// live status line) and, with --json-events, to programs through the
// EventLog. The bootstrap, build and smoke phases all report here, so the
// two views never disagree.
class BuildProgress {
public:
    // `events` may be null (no --json-events). Paths under `cwd` are shown
    // relative to it.
    BuildProgress(Console& console, EventLog* events, std::filesystem::path cwd);

    Console& console() { return m_console; }
    const std::filesystem::path& cwd() const { return m_cwd; }

    // `total`: the targets (target x package) this run reports on.
    void run_started(const std::vector<std::string>& targets, std::size_t jobs, std::size_t total);

    // A stage of `target` (its "os/arch[/variant]") began. The build stage of
    // a job also starts the target (target_started); `package` tells a
    // target's jobs apart when a run builds several main packages.
    void stage_started(const std::string& target, Stage stage, const std::string& package = {});
    void stage_finished(const std::string& target, Stage stage, bool ok, std::int64_t duration_ms,
                        const std::string& error = {}, const std::string& package = {});

    // A target's line (and, with `show_log`, its captured output); counts it
    // done. Failures are shown under -q too.
    void target_finished(const TargetReport& report, bool show_log);
    // The same for a target of a recorded report (no-op runs).
    void recorded_target_finished(const nlohmann::json& target, std::string_view line);

    // A line for people only.
    void note(std::string_view line, Tone tone = Tone::plain, bool essential = false);
    void tick() { m_console.tick(); }

    // Clears the live line, prints the summary, ends the event stream.
    void run_finished(const nlohmann::json& report, std::string_view summary);

private:
    Console& m_console;
    EventLog* m_events;
    std::filesystem::path m_cwd;
    std::size_t m_done = 0;
    std::size_t m_total = 0;

    void count_done();
};

// A scheduler observer that reports to a BuildProgress, whose live line's
// clocks then tick with the scheduler. The bootstrap, build and smoke
// observers derive from it.
class ProgressObserver : public SchedulerObserver {
public:
    explicit ProgressObserver(BuildProgress& progress) : m_progress(progress) {}

    std::optional<std::chrono::milliseconds> tick_interval() const override {
        return m_progress.console().tick_interval();
    }
    void tick() override { m_progress.tick(); }

protected:
    BuildProgress& m_progress;
};

// The tone of a target's status word.
Tone tone_for(TargetStatus status);

}  // namespace xbuild
