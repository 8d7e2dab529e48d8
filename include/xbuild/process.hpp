#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>

namespace xbuild {

// What to run: never through a shell.
struct ProcessSpec {
    std::vector<std::string> argv;  // argv[0] is looked up in env's PATH when it has no '/'
    Environment env;                // the child's complete environment
    std::filesystem::path cwd;      // empty: inherit xbuild's
    // When set, stdout and stderr go to this file (created or truncated)
    // instead of being captured: for long logs such as make.bash's.
    std::filesystem::path output_file;
};

// How a process ended, with its combined stdout+stderr.
struct ProcessExit {
    int exit_code = -1;  // meaningful when signal == 0
    int signal = 0;      // the signal that killed it, 0 when it exited
    std::string output;  // stdout and stderr, interleaved as written; bounded (see output_truncated)
    bool output_truncated = false;  // the middle of a flood was dropped, keeping head and tail
    std::chrono::steady_clock::duration elapsed{};

    bool success() const { return signal == 0 && exit_code == 0; }
    // "exit status 2", "killed by signal 9 (SIGKILL)".
    std::string describe() const;
};

// Output kept per process: the first and last halves of this many bytes.
inline constexpr std::size_t k_max_captured_output = 512 * 1024;

using ProcessId = int;

// Starts child processes and reports their ends: the seam between scheduling
// logic and POSIX, with a scripted fake in the tests.
class ProcessRunner {
public:
    struct Event {
        enum class Kind { exited, interrupted, deadline };
        Kind kind = Kind::exited;
        ProcessId id = 0;   // for exited
        ProcessExit exit;   // for exited
        int signal = 0;     // for interrupted: SIGINT, SIGTERM or SIGHUP
    };

    virtual ~ProcessRunner() = default;

    // Starts `spec` in its own process group with stdin from /dev/null.
    // Errors when it cannot be started (e.g. the program does not exist).
    virtual Result<ProcessId> start(const ProcessSpec& spec) = 0;

    // Blocks until a started process ends (exited), an interrupting signal
    // arrives (interrupted), or `deadline` passes (deadline). With nothing
    // running and no deadline it returns a deadline event at once.
    virtual Event wait(std::optional<std::chrono::steady_clock::time_point> deadline) = 0;

    // Sends `signal` to the process group of one running process / of all.
    virtual void signal(ProcessId id, int signal) = 0;
    virtual void signal_all(int signal) = 0;

    virtual std::size_t running() const = 0;
};

// Runs one command to completion: for short queries (go env, go list) made
// before the build starts. The seam lets tests answer them from recordings.
class CommandRunner {
public:
    virtual ~CommandRunner() = default;
    // Errors only when the process could not be started; a non-zero exit is
    // reported in ProcessExit.
    virtual Result<ProcessExit> run(const ProcessSpec& spec) = 0;
};

// Records the number of an interrupting signal (SIGINT/SIGTERM/SIGHUP) from
// its handler; PosixProcessRunner::wait reports it. Installing blocks those
// signals and SIGCHLD for the process, as Ninja's SubprocessSet does, so they
// are delivered only inside ppoll (no lost-wakeup race). One per process.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // The first pending interrupting signal since the last call, or 0.
    static int take_pending();
    // Interrupting signals received since the guard was installed; not reset
    // by take_pending, so a second Ctrl-C can be told from the first.
    static int interrupt_count();
    // The first interrupting signal since the guard was installed, or 0; not
    // reset by take_pending: it picks the exit code (128 + signal).
    static int first_signal();
    // Sleeps up to `duration`, returning early with the signal's number when
    // an interrupting signal arrives (it is also recorded as pending), else 0.
    // For waits outside ppoll, such as for another xbuild's lock.
    static int sleep_for(std::chrono::milliseconds duration);
};

// The real runner: posix_spawnp, one process group and one pipe per child,
// ppoll for output and signals. When a child exits, whatever it left running
// in its process group is killed, so no background straggler outlives its
// job. As PID 1 (a container's init) it also reaps orphans that the kernel
// re-parents to xbuild, so they never pile up as zombies.
class PosixProcessRunner final : public ProcessRunner {
public:
    PosixProcessRunner();
    ~PosixProcessRunner() override;  // kills and reaps anything still running

    Result<ProcessId> start(const ProcessSpec& spec) override;
    Event wait(std::optional<std::chrono::steady_clock::time_point> deadline) override;
    void signal(ProcessId id, int signal) override;
    void signal_all(int signal) override;
    std::size_t running() const override;

private:
    struct Child;
    std::vector<Child*> m_children;
    ProcessId m_next_id = 1;
};

// CommandRunner over a private PosixProcessRunner.
class PosixCommandRunner final : public CommandRunner {
public:
    Result<ProcessExit> run(const ProcessSpec& spec) override;
};

}  // namespace xbuild
