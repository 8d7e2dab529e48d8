#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>

#include <xbuild/clock.hpp>
#include <xbuild/process.hpp>

namespace xbuild {

// Why the scheduler stopped a task before it finished on its own.
enum class AbandonReason {
    skipped,      // never started: --fail-fast after another task failed
    interrupted,  // SIGINT/SIGTERM/SIGHUP
    timed_out,    // ran past the per-task timeout
};

// One target's work as a small state machine of processes (bootstrap, cgo
// scan, build...). The scheduler asks for the next process, runs it, and
// hands back how it ended; C++-side steps (verify, place) happen in on_exit.
class Task {
public:
    virtual ~Task() = default;
    // The next process to run, or nullopt when the task has finished.
    virtual std::optional<ProcessSpec> next_process() = 0;
    // The process returned by the last next_process() ended (or could not be
    // started: then exit.exit_code is 127 and output holds the reason).
    virtual void on_exit(const ProcessExit& exit) = 0;
    // The scheduler gave up on the task; after this it is never asked again.
    // A task must remove any temporary file it owns here.
    virtual void on_abandoned(AbandonReason reason) = 0;
    // True once the task has finished in failure (drives --fail-fast).
    virtual bool failed() const = 0;
};

// Hooks for progress output; every method is optional.
class SchedulerObserver {
public:
    virtual ~SchedulerObserver() = default;
    virtual void process_started(std::size_t /*task*/, const ProcessSpec& /*spec*/) {}
    virtual void task_finished(std::size_t /*task*/) {}
    virtual void interrupted(int /*signal*/) {}
    // Called about every tick_interval() while processes run (a live status
    // line redraws its clocks); never when tick_interval() is nullopt.
    virtual std::optional<std::chrono::milliseconds> tick_interval() const { return std::nullopt; }
    virtual void tick() {}
};

struct SchedulerOptions {
    std::size_t slots = 1;  // processes at once
    bool fail_fast = false;
    std::optional<std::chrono::steady_clock::duration> task_timeout;
    // After an interrupt: how long children get to exit before SIGKILL.
    std::chrono::steady_clock::duration grace = std::chrono::seconds(5);
};

struct SchedulerOutcome {
    int interrupt_signal = 0;  // the first interrupting signal, 0 when none
};

// Runs tasks with at most `slots` processes at once, in task order.
class Scheduler {
public:
    Scheduler(ProcessRunner& runner, const Clock& clock, SchedulerOptions options,
              SchedulerObserver* observer = nullptr);

    // Returns when every task has finished or been abandoned.
    SchedulerOutcome run(std::span<Task* const> tasks);

private:
    ProcessRunner& m_runner;
    const Clock& m_clock;
    SchedulerOptions m_options;
    SchedulerObserver* m_observer;
};

}  // namespace xbuild
