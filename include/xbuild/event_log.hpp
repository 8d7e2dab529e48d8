#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <xbuild/clock.hpp>
#include <xbuild/report.hpp>

namespace xbuild {

// --json-events: one JSON object per line, written (and flushed) as things
// happen, for tools that follow a build live. Every object has "event",
// "time" (RFC 3339, UTC, milliseconds) and "elapsed_ms" since the run
// started; the rest depends on the event:
//   run_started     targets (array of "os/arch[/variant]"), jobs
//   target_started  target, package
//   stage_started   target, stage ("bootstrap", "build", "smoke")
//   stage_finished  target, stage, ok, duration_ms, error (when not ok)
//   target_finished target, package, status, up_to_date, output, size,
//                   sha256, duration_ms, error (when not ok)
//   run_finished    summary (per-status counts), duration_ms, exit_code,
//                   interrupt_signal
// The full report stays with --json / --report.
class EventLog {
public:
    EventLog(std::FILE* out, const Clock& clock);

    void run_started(const std::vector<std::string>& targets, std::size_t jobs);
    void target_started(const std::string& target, const std::string& package);
    void stage_started(const std::string& target, const std::string& stage);
    void stage_finished(const std::string& target, const std::string& stage, bool ok,
                        std::int64_t duration_ms, const std::string& error);
    // `target` is an entry of the JSON report's "targets" (target_to_json,
    // or a recorded report's on a no-op run).
    void target_finished(const nlohmann::json& target);
    // `report` is the whole JSON report (report_to_json).
    void run_finished(const nlohmann::json& report);

private:
    std::FILE* m_out;
    const Clock& m_clock;
    std::chrono::steady_clock::time_point m_started;

    void emit(const char* event, nlohmann::json fields);
};

}  // namespace xbuild
