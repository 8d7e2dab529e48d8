#include <xbuild/scheduler.hpp>

#include <algorithm>
#include <csignal>
#include <map>
#include <vector>

namespace xbuild {

namespace {

using TimePoint = std::chrono::steady_clock::time_point;

struct TaskState {
    std::optional<TimePoint> first_start;    // the timeout counts from here
    std::optional<TimePoint> terminated_at;  // SIGTERM sent for the timeout
    bool killed = false;                     // SIGKILL sent for the timeout
};

std::optional<TimePoint> earliest(std::optional<TimePoint> a, std::optional<TimePoint> b) {
    if (!a) {
        return b;
    }
    if (!b) {
        return a;
    }
    return std::min(*a, *b);
}

// One run() call's state; Scheduler itself only holds the configuration.
class Run {
public:
    Run(ProcessRunner& runner, const Clock& clock, const SchedulerOptions& options,
        SchedulerObserver* observer, std::span<Task* const> tasks)
        : m_runner(runner),
          m_clock(clock),
          m_options(options),
          m_observer(observer),
          m_tasks(tasks),
          m_states(tasks.size()) {}

    SchedulerOutcome execute() {
        m_last_tick = m_clock.now();
        for (;;) {
            fill_slots();
            if (m_by_process.empty()) {
                break;
            }
            enforce_deadlines();
            const ProcessRunner::Event event = m_runner.wait(earliest(next_deadline(), next_tick()));
            switch (event.kind) {
                case ProcessRunner::Event::Kind::exited:
                    process_ended(event.id, event.exit);
                    break;
                case ProcessRunner::Event::Kind::interrupted:
                    interrupted(event.signal);
                    break;
                case ProcessRunner::Event::Kind::deadline:
                    break;
            }
            tick_if_due();
            enforce_deadlines();
        }
        return SchedulerOutcome{m_interrupt_signal};
    }

private:
    bool starting_allowed() const { return m_interrupt_signal == 0 && !m_failed_fast; }

    void fill_slots() {
        while (starting_allowed() && m_next_task < m_tasks.size() &&
               m_by_process.size() < std::max<std::size_t>(1, m_options.slots)) {
            const std::size_t index = m_next_task++;
            advance(index);
        }
        // Tasks that will never start hear so at once, not when the run ends.
        if (!starting_allowed()) {
            abandon_waiting(m_interrupt_signal != 0 ? AbandonReason::interrupted
                                                    : AbandonReason::skipped);
        }
    }

    // Starts the task's next process, or finishes the task. A process that
    // cannot start ends at once with 127, as a shell reports it.
    void advance(std::size_t index) {
        Task& task = *m_tasks[index];
        TaskState& state = m_states[index];
        for (;;) {
            std::optional<ProcessSpec> spec = task.next_process();
            if (!spec) {
                note_failure(task);
                if (m_observer != nullptr) {
                    m_observer->task_finished(index);
                }
                return;
            }
            if (!state.first_start) {
                state.first_start = m_clock.now();
            }
            Result<ProcessId> id = m_runner.start(*spec);
            if (id) {
                m_by_process.emplace(*id, index);
                if (m_observer != nullptr) {
                    m_observer->process_started(index, *spec);
                }
                return;
            }
            ProcessExit exit;
            exit.exit_code = 127;
            exit.output = id.error().message;
            task.on_exit(exit);
            note_failure(task);
        }
    }

    void note_failure(const Task& task) {
        if (m_options.fail_fast && task.failed()) {
            m_failed_fast = true;
        }
    }

    void process_ended(ProcessId id, const ProcessExit& exit) {
        const auto it = m_by_process.find(id);
        if (it == m_by_process.end()) {
            return;
        }
        const std::size_t index = it->second;
        m_by_process.erase(it);
        TaskState& state = m_states[index];
        Task& task = *m_tasks[index];
        // A task stopped mid-process ends here; its line is worth printing
        // (the ones that never started are covered by the summary).
        if (state.terminated_at || m_interrupt_signal != 0) {
            task.on_abandoned(state.terminated_at ? AbandonReason::timed_out
                                                  : AbandonReason::interrupted);
            if (m_observer != nullptr) {
                m_observer->task_finished(index);
            }
            return;
        }
        task.on_exit(exit);
        note_failure(task);
        advance(index);
    }

    void interrupted(int sig) {
        if (m_interrupt_signal == 0) {
            m_interrupt_signal = sig;
            m_interrupt_at = m_clock.now();
            if (m_observer != nullptr) {
                m_observer->interrupted(sig);
            }
            m_runner.signal_all(sig);
            abandon_waiting(AbandonReason::interrupted);
            return;
        }
        // A second Ctrl-C: the user will not wait out the grace period.
        kill_all();
    }

    void kill_all() {
        if (!m_killed_all) {
            m_killed_all = true;
            m_runner.signal_all(SIGKILL);
        }
    }

    void abandon_waiting(AbandonReason reason) {
        for (; m_next_task < m_tasks.size(); ++m_next_task) {
            m_tasks[m_next_task]->on_abandoned(reason);
        }
    }

    // Sends the signals whose time has come: SIGTERM at a task's timeout,
    // SIGKILL a grace period after that or after an interrupt.
    void enforce_deadlines() {
        const TimePoint now = m_clock.now();
        if (m_interrupt_at && !m_killed_all && *m_interrupt_at + m_options.grace <= now) {
            kill_all();
        }
        for (const auto& [id, index] : m_by_process) {
            TaskState& state = m_states[index];
            if (!state.terminated_at && m_options.task_timeout && state.first_start &&
                *state.first_start + *m_options.task_timeout <= now) {
                state.terminated_at = now;
                m_runner.signal(id, SIGTERM);
            }
            if (state.terminated_at && !state.killed &&
                *state.terminated_at + m_options.grace <= now) {
                state.killed = true;
                m_runner.signal(id, SIGKILL);
            }
        }
    }

    std::optional<TimePoint> next_tick() const {
        if (m_observer == nullptr) return std::nullopt;
        const auto interval = m_observer->tick_interval();
        if (!interval) return std::nullopt;
        return m_last_tick + *interval;
    }

    void tick_if_due() {
        if (m_observer == nullptr || !m_observer->tick_interval()) return;
        const TimePoint now = m_clock.now();
        if (m_last_tick + *m_observer->tick_interval() <= now) {
            m_last_tick = now;
            m_observer->tick();
        }
    }

    std::optional<TimePoint> next_deadline() const {
        std::optional<TimePoint> deadline;
        if (m_interrupt_at && !m_killed_all) {
            deadline = *m_interrupt_at + m_options.grace;
        }
        for (const auto& [id, index] : m_by_process) {
            const TaskState& state = m_states[index];
            if (!state.terminated_at && m_options.task_timeout && state.first_start) {
                deadline = earliest(deadline, *state.first_start + *m_options.task_timeout);
            } else if (state.terminated_at && !state.killed) {
                deadline = earliest(deadline, *state.terminated_at + m_options.grace);
            }
        }
        return deadline;
    }

    ProcessRunner& m_runner;
    const Clock& m_clock;
    const SchedulerOptions& m_options;
    SchedulerObserver* m_observer;
    std::span<Task* const> m_tasks;
    std::vector<TaskState> m_states;
    std::map<ProcessId, std::size_t> m_by_process;  // running processes and their task
    std::size_t m_next_task = 0;
    bool m_failed_fast = false;
    int m_interrupt_signal = 0;
    std::optional<TimePoint> m_interrupt_at;
    TimePoint m_last_tick;
    bool m_killed_all = false;
};

}  // namespace

Scheduler::Scheduler(ProcessRunner& runner, const Clock& clock, SchedulerOptions options,
                     SchedulerObserver* observer)
    : m_runner(runner), m_clock(clock), m_options(std::move(options)), m_observer(observer) {}

SchedulerOutcome Scheduler::run(std::span<Task* const> tasks) {
    return Run(m_runner, m_clock, m_options, m_observer, tasks).execute();
}

}  // namespace xbuild
