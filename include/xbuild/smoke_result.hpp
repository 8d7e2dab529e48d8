#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace xbuild {

// The outcome of running a freshly built binary once (--smoke).
struct SmokeResult {
    bool ran = false;        // false: this machine cannot run the target
    std::string runner;      // "native", or the emulator (qemu-aarch64, wine)
    std::string reason;      // when !ran: "not runnable here" and what would help
    int exit_code = -1;
    int signal = 0;
    bool timed_out = false;
    std::string output;      // its first lines (stdout and stderr)

    // Ran and exited 0; a target that was not runnable here is not a failure.
    bool passed() const { return !ran || (!timed_out && signal == 0 && exit_code == 0); }
    // One line for people: "exit 0 under qemu-aarch64: hello from linux/arm64".
    std::string summary() const;
};

nlohmann::json smoke_to_json(const SmokeResult& result);

// The first `max_lines` lines of `output`, each cut to `max_width` bytes.
std::string first_lines(const std::string& output, std::size_t max_lines = 10, std::size_t max_width = 200);

}  // namespace xbuild
