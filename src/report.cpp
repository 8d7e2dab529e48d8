#include <xbuild/report.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <ctime>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/cc_probe.hpp>

#include <xbuild/exit_codes.hpp>

namespace xbuild {

namespace {

constexpr TargetStatus k_all_statuses[] = {TargetStatus::ok,          TargetStatus::failed,
                                           TargetStatus::skipped,     TargetStatus::interrupted,
                                           TargetStatus::timed_out,   TargetStatus::refused};

// Column widths including the gap after them. The status column fits the
// longest label ("interrupted"), so targets line up whatever the status; most
// targets ("windows/amd64", "linux/arm/v7") fit theirs, and longer ones push
// the rest of their line right rather than being cut.
constexpr std::size_t k_status_width = 13;
constexpr std::size_t k_target_width = 17;

const char* signal_name(int signal) {
    switch (signal) {
        case SIGHUP: return "SIGHUP";
        case SIGINT: return "SIGINT";
        case SIGQUIT: return "SIGQUIT";
        case SIGKILL: return "SIGKILL";
        case SIGPIPE: return "SIGPIPE";
        case SIGALRM: return "SIGALRM";
        case SIGTERM: return "SIGTERM";
        case SIGUSR1: return "SIGUSR1";
        case SIGUSR2: return "SIGUSR2";
        default: return nullptr;
    }
}

std::string signal_text(int signal) {
    const char* name = signal_name(signal);
    return name ? name : fmt::format("signal {}", signal);
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

// nlohmann::json::dump throws on invalid UTF-8, and a build log can hold
// anything a compiler printed, so every string is cleaned on the way in.
std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t length = utf8_sequence_length(s, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, length));
            i += length;
        }
    }
    return out;
}


nlohmann::json binary_to_json(const BinaryInfo& info) {
    nlohmann::json machines = nlohmann::json::array();
    for (const auto& machine : info.machines) machines.push_back(valid_utf8(machine));
    return {
        {"format", to_string(info.format)},
        {"machines", std::move(machines)},
        {"bits", info.bits},
        {"description", valid_utf8(info.description())},
    };
}

nlohmann::json cgo_to_json(const CgoDecision& cgo) {
    nlohmann::json packages = nlohmann::json::array();
    for (const CgoPackage& package : cgo.needs) {
        nlohmann::json files = nlohmann::json::array();
        for (const auto& file : package.cgo_files) files.push_back(valid_utf8(file));
        packages.push_back({{"package", valid_utf8(package.import_path)},
                            {"files", files},
                            {"chain", valid_utf8(format_import_chain(package.import_chain))}});
    }
    auto text_or_null = [](const std::string& text) {
        return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(valid_utf8(text));
    };
    return {{"mode", to_string(cgo.mode)},
            {"enabled", cgo.enabled},
            {"packages", packages},
            {"cc", cgo.cc ? text_or_null(display_command(cgo.cc->cc)) : nlohmann::json(nullptr)},
            {"cc_origin", cgo.cc ? text_or_null(cgo.cc->origin) : nlohmann::json(nullptr)},
            {"warning", text_or_null(cgo.warning)}};
}

}  // namespace

nlohmann::json target_to_json(const TargetReport& t) {
    bool ok = t.status == TargetStatus::ok;
    nlohmann::json command = nlohmann::json::array();
    for (const auto& arg : t.command) command.push_back(valid_utf8(arg));
    nlohmann::json env = nlohmann::json::object();
    for (const auto& [key, value] : t.env) env[valid_utf8(key)] = valid_utf8(value);

    nlohmann::json j = nlohmann::json::object();
    j["target"] = valid_utf8(t.target.str());
    j["os"] = valid_utf8(t.target.os);
    j["arch"] = valid_utf8(t.target.arch);
    j["variant"] = valid_utf8(t.target.variant);
    j["package"] = valid_utf8(t.package);
    j["status"] = to_json_string(t.status);
    j["output"] = valid_utf8(t.output);
    j["size"] = ok ? nlohmann::json(t.size) : nlohmann::json(nullptr);
    j["sha256"] = ok ? nlohmann::json(valid_utf8(t.sha256)) : nlohmann::json(nullptr);
    j["binary"] = ok && t.binary ? binary_to_json(*t.binary) : nlohmann::json(nullptr);
    j["duration_ms"] = t.duration_ms;
    j["up_to_date"] = t.up_to_date;
    j["smoke"] = t.smoke ? smoke_to_json(*t.smoke) : nlohmann::json(nullptr);
    j["command"] = std::move(command);
    j["env"] = std::move(env);
    j["error"] = t.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(valid_utf8(t.error));
    j["log"] = valid_utf8(t.log);
    j["cgo"] = t.cgo ? cgo_to_json(*t.cgo) : nlohmann::json(nullptr);
    j["bootstrap"] = t.bootstrap ? nlohmann::json{{"ran", t.bootstrap->ran},
                                                  {"waited", t.bootstrap->waited},
                                                  {"duration_ms", t.bootstrap->duration_ms}}
                                 : nlohmann::json(nullptr);
    return j;
}

namespace {

bool is_failure(TargetStatus status) {
    return status == TargetStatus::failed || status == TargetStatus::timed_out ||
           status == TargetStatus::refused || status == TargetStatus::interrupted;
}

const char* status_label(TargetStatus status) {
    switch (status) {
        case TargetStatus::ok: return "ok";
        case TargetStatus::failed: return "FAILED";
        case TargetStatus::skipped: return "skipped";
        case TargetStatus::interrupted: return "interrupted";
        case TargetStatus::timed_out: return "TIMED OUT";
        case TargetStatus::refused: return "REFUSED";
    }
    return "?";
}

std::string display_path(const std::string& output, const std::filesystem::path& cwd) {
    if (cwd.empty() || output.empty()) return output;
    std::filesystem::path path(output);
    if (!path.is_absolute() || !cwd.is_absolute()) return output;
    std::filesystem::path relative =
        path.lexically_normal().lexically_relative(cwd.lexically_normal());
    if (relative.empty() || *relative.begin() == "..") return output;
    return relative.string();
}

// `text` padded to `width`, always followed by at least two spaces so that
// an overlong target still reads as its own column.
std::string padded(std::string_view text, std::size_t width) {
    std::size_t spaces = text.size() + 2 > width ? 2 : width - text.size();
    return std::string(text) + std::string(spaces, ' ');
}

std::string first_line(const std::string& text) {
    auto end = text.find_first_of("\r\n");
    return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
    auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    std::time_t t = std::chrono::system_clock::to_time_t(seconds);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return "1970-01-01T00:00:00Z";
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

const char* to_string(TargetStatus status) {
    switch (status) {
        case TargetStatus::ok: return "ok";
        case TargetStatus::failed: return "failed";
        case TargetStatus::skipped: return "skipped";
        case TargetStatus::interrupted: return "interrupted";
        case TargetStatus::timed_out: return "timed out";
        case TargetStatus::refused: return "refused";
    }
    return "unknown";
}

const char* to_json_string(TargetStatus status) {
    return status == TargetStatus::timed_out ? "timed_out" : to_string(status);
}

std::size_t RunReport::count(TargetStatus status) const {
    return static_cast<std::size_t>(std::count_if(
        targets.begin(), targets.end(), [&](const TargetReport& t) { return t.status == status; }));
}

nlohmann::json report_to_json(const RunReport& report) {
    nlohmann::json counts = nlohmann::json::object();
    counts["total"] = report.targets.size();
    for (TargetStatus status : k_all_statuses) {
        counts[to_json_string(status)] = report.count(status);
    }

    nlohmann::json targets = nlohmann::json::array();
    for (const auto& target : report.targets) targets.push_back(target_to_json(target));

    nlohmann::json j = nlohmann::json::object();
    j["schema_version"] = 1;
    j["xbuild_version"] = valid_utf8(report.xbuild_version);
    j["go_version"] = valid_utf8(report.go_version);
    j["goroot"] = valid_utf8(report.goroot);
    j["host"] = valid_utf8(report.host);
    j["started_at"] = rfc3339_utc(report.started_at);
    j["duration_ms"] = report.duration_ms;
    j["exit_code"] = exit_code_for(report);
    j["up_to_date"] = false;  // a no-op run, which ran no go, says true
    j["xbuild_self"] = {{"cpu_ms", report.self_cpu_ms}, {"max_rss_kb", report.self_max_rss_kb}};
    j["interrupted"] = report.interrupt_signal > 0
                           ? nlohmann::json(signal_text(report.interrupt_signal))
                           : nlohmann::json(false);
    j["counts"] = std::move(counts);
    j["targets"] = std::move(targets);
    return j;
}

std::string format_target_line(const TargetReport& target, const std::filesystem::path& cwd) {
    std::string line =
        padded(target.up_to_date ? "up to date" : status_label(target.status), k_status_width);
    line += padded(target.target.str(), k_target_width);
    std::vector<std::string> fields;
    if (target.status == TargetStatus::ok) {
        fields.push_back(display_path(target.output, cwd));
        fields.push_back(format_size(target.size));
    } else if (!target.error.empty()) {
        fields.push_back(first_line(target.error));
    } else if (!target.output.empty()) {
        fields.push_back(display_path(target.output, cwd));
    }
    // Targets that never ran have no time worth showing.
    bool ran = target.duration_ms > 0 || (target.status != TargetStatus::skipped &&
                                          target.status != TargetStatus::refused &&
                                          !target.up_to_date);
    if (ran) fields.push_back(format_duration_ms(target.duration_ms));
    if (target.bootstrap && target.bootstrap->ran) {
        fields.push_back(
            fmt::format("(bootstrap {})", format_duration_ms(target.bootstrap->duration_ms)));
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += "  ";
        line += fields[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

std::string format_summary(const RunReport& report) {
    std::size_t total = report.targets.size();
    std::string line = fmt::format("{} target{}: {} ok", total, total == 1 ? "" : "s",
                                   report.count(TargetStatus::ok));
    const auto up_to_date = std::count_if(report.targets.begin(), report.targets.end(),
                                          [](const TargetReport& t) { return t.up_to_date; });
    if (up_to_date > 0) line += fmt::format(" ({} up to date)", up_to_date);
    for (TargetStatus status : k_all_statuses) {
        std::size_t n = report.count(status);
        if (status != TargetStatus::ok && n > 0) {
            line += fmt::format(", {} {}", n, to_string(status));
        }
    }
    line += " in " + format_duration_ms(report.duration_ms);
    if (report.interrupt_signal > 0) {
        line += " (interrupted by " + signal_text(report.interrupt_signal) + ")";
    }
    return line;
}

std::string format_size(std::uint64_t bytes) {
    if (bytes < 1024) return fmt::format("{} B", bytes);
    constexpr const char* units[] = {"KiB", "MiB", "GiB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    // Move up a unit when rounding to one decimal would print "1024.0".
    while (unit + 1 < std::size(units) && std::round(value * 10.0) >= 10240.0) {
        value /= 1024.0;
        ++unit;
    }
    return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string format_duration_ms(std::int64_t ms) {
    if (ms < 0) ms = 0;
    if (ms < 1000) return fmt::format("{}ms", ms);
    std::int64_t tenths = ms / 100 + (ms % 100 >= 50 ? 1 : 0);
    if (tenths < 600) return fmt::format("{}.{}s", tenths / 10, tenths % 10);
    std::int64_t seconds = ms / 1000 + (ms % 1000 >= 500 ? 1 : 0);
    std::int64_t hours = seconds / 3600;
    std::int64_t minutes = seconds % 3600 / 60;
    std::int64_t secs = seconds % 60;
    if (hours > 0) return fmt::format("{}h{}m{}s", hours, minutes, secs);
    return fmt::format("{}m{}s", minutes, secs);
}

int exit_code_for(const RunReport& report) {
    if (report.interrupt_signal > 0) return k_exit_signal_base + report.interrupt_signal;
    bool failed = std::any_of(report.targets.begin(), report.targets.end(),
                              [](const TargetReport& t) { return is_failure(t.status); });
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace xbuild
