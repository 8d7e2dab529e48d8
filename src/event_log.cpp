#include <xbuild/event_log.hpp>

#include <fmt/format.h>

#include <xbuild/json_text.hpp>

namespace xbuild {

EventLog::EventLog(std::FILE* out, const Clock& clock) : m_out(out), m_clock(clock), m_started(clock.now()) {}

void EventLog::emit(const char* event, nlohmann::json fields) {
    nlohmann::json line = nlohmann::json::object();
    line["event"] = event;
    line["time"] = rfc3339_utc(m_clock.wall_now());
    line["elapsed_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.now() - m_started).count();
    for (auto& [key, value] : fields.items()) line[key] = std::move(value);
    // One write per line, flushed: a follower reading a pipe sees whole events.
    fmt::print(m_out, "{}\n", json_text(line));
    std::fflush(m_out);
}

void EventLog::run_started(const std::vector<std::string>& targets, std::size_t jobs) {
    emit("run_started", {{"targets", targets}, {"jobs", jobs}});
}

void EventLog::target_started(const std::string& target, const std::string& package) {
    emit("target_started", {{"target", target}, {"package", package}});
}

void EventLog::stage_started(const std::string& target, const std::string& stage) {
    emit("stage_started", {{"target", target}, {"stage", stage}});
}

void EventLog::stage_finished(const std::string& target, const std::string& stage, bool ok,
                              std::int64_t duration_ms, const std::string& error) {
    nlohmann::json fields = {{"target", target}, {"stage", stage}, {"ok", ok}, {"duration_ms", duration_ms}};
    if (!ok) fields["error"] = error;
    emit("stage_finished", std::move(fields));
}

void EventLog::target_finished(const nlohmann::json& target) {
    nlohmann::json fields = nlohmann::json::object();
    for (const char* key : {"target", "package", "status", "up_to_date", "output", "size", "sha256",
                            "duration_ms", "error"}) {
        if (target.contains(key)) fields[key] = target[key];
    }
    emit("target_finished", std::move(fields));
}

void EventLog::run_finished(const nlohmann::json& report) {
    nlohmann::json fields = nlohmann::json::object();
    for (const char* key : {"counts", "duration_ms", "exit_code", "interrupted", "up_to_date"}) {
        if (report.contains(key)) fields[key] = report[key];
    }
    emit("run_finished", std::move(fields));
}

}  // namespace xbuild
