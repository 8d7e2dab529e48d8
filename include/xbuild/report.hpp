#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <xbuild/binary_header.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

enum class TargetStatus { ok, failed, skipped, interrupted, timed_out, refused };

// "ok", "failed", "skipped", "interrupted", "timed out", "refused".
const char* to_string(TargetStatus status);

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
};

struct RunReport {
    std::string xbuild_version;
    std::string go_version;
    std::string goroot;
    std::string host;
    std::chrono::system_clock::time_point started_at;
    std::int64_t duration_ms = 0;
    int interrupt_signal = 0;
    std::vector<TargetReport> targets;

    std::size_t count(TargetStatus status) const;
};

// The documented JSON report (README.md, "JSON report").
nlohmann::json report_to_json(const RunReport& report);

// One line for a finished target: status, target, output, size, time.
std::string format_target_line(const TargetReport& target);

// "8 targets: 7 ok, 1 failed in 12.3s".
std::string format_summary(const RunReport& report);

// 1024 -> "1.0 KiB"; 0 -> "0 B".
std::string format_size(std::uint64_t bytes);

// 1234 ms -> "1.2s"; 61000 -> "1m1s"; 12 -> "12ms".
std::string format_duration_ms(std::int64_t ms);

// k_exit_ok, k_exit_failed, or 128+signal when interrupted.
int exit_code_for(const RunReport& report);

}  // namespace xbuild
