#include <xbuild/report_merge.hpp>

#include <algorithm>
#include <map>

#include <xbuild/exit_codes.hpp>

namespace xbuild {

namespace {

constexpr const char* k_statuses[] = {"ok", "failed", "skipped", "interrupted", "timed_out", "refused"};

Result<void> check_report(const std::string& name, const nlohmann::json& report) {
    if (!report.is_object() || report.value("schema_version", 0) != 1 || !report.contains("targets") ||
        !report["targets"].is_array()) {
        return make_error("{}: not an xbuild report (expected a JSON object with schema_version 1 "
                          "and a targets array)",
                          name);
    }
    for (const auto& target : report["targets"]) {
        if (!target.is_object() || !target.contains("target") || !target["target"].is_string() ||
            !target.contains("status") || !target["status"].is_string()) {
            return make_error("{}: a targets entry lacks \"target\" or \"status\"", name);
        }
    }
    return {};
}

std::int64_t int_or(const nlohmann::json& object, const char* key, std::int64_t fallback) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number_integer()) return fallback;
    return object[key].get<std::int64_t>();
}

std::string string_or(const nlohmann::json& object, const char* key) {
    if (!object.contains(key) || !object[key].is_string()) return {};
    return object[key].get<std::string>();
}

}  // namespace

Result<nlohmann::json> merge_reports(const std::vector<std::pair<std::string, nlohmann::json>>& reports) {
    if (reports.empty()) return make_error("no reports to merge");
    for (const auto& [name, report] : reports) {
        if (auto valid = check_report(name, report); !valid) return valid.error();
    }

    nlohmann::json merged = reports.front().second;
    nlohmann::json targets = nlohmann::json::array();
    nlohmann::json names = nlohmann::json::array();
    std::map<std::string, std::string> seen;  // target identity -> report name
    std::string started_at = string_or(merged, "started_at");
    std::int64_t duration_ms = 0;
    std::int64_t cpu_ms = 0;
    std::int64_t max_rss_kb = -1;
    bool cpu_known = true;
    bool up_to_date = true;
    nlohmann::json interrupted = false;
    int interrupt_exit = 0;

    for (const auto& [name, report] : reports) {
        names.push_back(name);
        for (const auto& target : report["targets"]) {
            const std::string identity = target["target"].get<std::string>() + " " +
                                         string_or(target, "package") + " " + string_or(target, "output");
            if (auto [it, inserted] = seen.emplace(identity, name); !inserted) {
                return make_error("{}: {} is also in {}; merge the reports of disjoint shards",
                                  name, target["target"].get<std::string>(), it->second);
            }
            targets.push_back(target);
        }
        const std::string started = string_or(report, "started_at");
        if (!started.empty() && (started_at.empty() || started < started_at)) started_at = started;
        duration_ms = std::max(duration_ms, int_or(report, "duration_ms", 0));
        up_to_date = up_to_date && report.value("up_to_date", false) == true;
        if (interrupted == false && report.contains("interrupted") && report["interrupted"].is_string()) {
            interrupted = report["interrupted"];
            interrupt_exit = static_cast<int>(int_or(report, "exit_code", k_exit_failed));
        }
        const nlohmann::json self = report.value("xbuild_self", nlohmann::json::object());
        const std::int64_t cpu = int_or(self, "cpu_ms", -1);
        if (cpu < 0) cpu_known = false;
        else cpu_ms += cpu;
        max_rss_kb = std::max(max_rss_kb, int_or(self, "max_rss_kb", -1));
    }

    nlohmann::json counts = {{"total", targets.size()}};
    for (const char* status : k_statuses) counts[status] = 0;
    bool failed = false;
    for (const auto& target : targets) {
        const std::string status = target["status"].get<std::string>();
        if (counts.contains(status)) counts[status] = counts[status].get<std::size_t>() + 1;
        failed = failed || status == "failed" || status == "timed_out" || status == "refused" ||
                 status == "interrupted";
    }

    merged["targets"] = std::move(targets);
    merged["counts"] = std::move(counts);
    merged["started_at"] = started_at;
    merged["duration_ms"] = duration_ms;
    merged["up_to_date"] = up_to_date;
    merged["interrupted"] = interrupted;
    merged["exit_code"] = interrupt_exit != 0 ? interrupt_exit : failed ? k_exit_failed : k_exit_ok;
    merged["xbuild_self"] = {{"cpu_ms", cpu_known ? cpu_ms : -1}, {"max_rss_kb", max_rss_kb}};
    merged["merged_from"] = std::move(names);
    return merged;
}

}  // namespace xbuild
