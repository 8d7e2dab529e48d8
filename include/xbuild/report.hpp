#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <xbuild/binary_header.hpp>
#include <xbuild/cgo_policy.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/smoke_result.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

enum class TargetStatus { ok, failed, skipped, interrupted, timed_out, refused };

// "ok", "failed", "skipped", "interrupted", "timed out", "refused".
const char* to_string(TargetStatus status);

// The JSON report's spelling: as to_string, but "timed_out".
const char* to_json_string(TargetStatus status);

// How the target was made ready before its build (bootstrap.hpp).
struct BootstrapInfo {
    bool ran = false;     // this run bootstrapped the target
    bool waited = false;  // it waited for another xbuild that did
    std::int64_t duration_ms = 0;
};

struct TargetReport {
    Target target;
    std::string package;  // import path of the main package
    TargetStatus status = TargetStatus::skipped;
    std::string output;   // final path (also set for failures: where it would have gone)
    std::uint64_t size = 0;
    std::string sha256;
    std::optional<BinaryInfo> binary;
    std::int64_t duration_ms = 0;
    std::vector<std::string> command;
    Environment env;      // what xbuild set for the target
    std::string error;    // one line, empty on success
    std::string log;      // the build's captured output
    std::optional<BootstrapInfo> bootstrap;  // unset when the build never got that far
    std::optional<CgoDecision> cgo;          // unset when xbuild never looked
    // The recorded artifact was still good, so this run did not build it
    // (build_manifest.hpp); status is ok.
    bool up_to_date = false;
    std::optional<SmokeResult> smoke;  // --smoke: the run of the built binary
};

struct RunReport {
    std::string xbuild_version;
    std::string go_version;
    std::string goroot;
    std::string host;
    std::chrono::system_clock::time_point started_at;
    std::int64_t duration_ms = 0;
    int interrupt_signal = 0;
    // xbuild's own cost (getrusage of itself, children not counted), for the
    // benchmark's overhead figures; negative when unknown.
    std::int64_t self_cpu_ms = -1;
    std::int64_t self_max_rss_kb = -1;
    std::vector<TargetReport> targets;

    std::size_t count(TargetStatus status) const;
};

// The documented JSON report (README.md, "JSON report"). Strings that are not
// valid UTF-8 (a build's log may hold anything) have the bad bytes replaced by
// U+FFFD, so that dump() never throws.
nlohmann::json report_to_json(const RunReport& report);

// One entry of the report's "targets".
nlohmann::json target_to_json(const TargetReport& target);

// One line for a finished target: status, target, then output and size (ok)
// or the error (otherwise), then time. An output under `cwd` is shown
// relative to it; pass an empty `cwd` to show paths as they are.
std::string format_target_line(const TargetReport& target, const std::filesystem::path& cwd);

// "8 targets: 7 ok, 1 failed in 12.3s": ok always, other statuses when not
// zero, and " (interrupted by SIGINT)" when a signal stopped the run.
std::string format_summary(const RunReport& report);

// 1024 -> "1.0 KiB"; 0 -> "0 B".
std::string format_size(std::uint64_t bytes);

// 1234 ms -> "1.2s"; 61000 -> "1m1s"; 12 -> "12ms".
std::string format_duration_ms(std::int64_t ms);

// "2026-12-04T05:30:00Z": the report's timestamps, to the second, in UTC.
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

// 128+signal when interrupted; else k_exit_failed when any target failed,
// timed out, was refused or interrupted; else k_exit_ok (skipped targets alone
// do not fail a run).
int exit_code_for(const RunReport& report);

}  // namespace xbuild
