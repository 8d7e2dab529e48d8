#pragma once

// Test doubles for the process seam: a FakeClock that only moves when told,
// and a FakeProcessRunner that runs nothing, records every ProcessSpec it is
// given, and ends "processes" according to a script, advancing the clock to
// the moment each event happens. Together they let scheduler-level tests run
// hours of fake time in microseconds, deterministically.
//
// Typical use:
//     FakeClock clock;
//     FakeProcessRunner runner(clock);
//     runner.push(FakeBehavior{.runtime = 2s, .exit_code = 1, .output = "boom"});
//     runner.set_default(FakeBehavior{.runtime = 1s});
//     ... code under test calls runner.start()/wait() ...
//     CHECK(runner.launches()[0].spec.argv[0] == "go");

#include <algorithm>
#include <chrono>
#include <csignal>
#include <deque>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <xbuild/clock.hpp>
#include <xbuild/process.hpp>

namespace xbuild::test {

// A steady clock that starts at a fixed arbitrary point and moves only
// through advance()/advance_to(). wall_now() moves with it.
class FakeClock final : public Clock {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    using Duration = std::chrono::steady_clock::duration;

    TimePoint now() const override { return m_now; }
    std::chrono::system_clock::time_point wall_now() const override {
        return std::chrono::system_clock::time_point(std::chrono::hours(480000)) +
               std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed());
    }

    void advance(Duration by) { m_now += by; }
    // Moves to `to`; never backwards.
    void advance_to(TimePoint to) { m_now = std::max(m_now, to); }
    // Fake time passed since construction: the handy thing to assert on.
    Duration elapsed() const { return m_now - k_start; }
    // The clock's reading at construction plus `offset`.
    static TimePoint at(Duration offset) { return k_start + offset; }

private:
    static constexpr TimePoint k_start{std::chrono::hours(1000)};
    TimePoint m_now = k_start;
};

// How one fake process behaves. An aggregate: use designated initializers.
struct FakeBehavior {
    FakeClock::Duration runtime{};  // exits on its own this long after start
    int exit_code = 0;
    std::string output;
    bool hangs = false;  // never exits on its own; only a signal ends it
    // Signals that do not end it (e.g. {SIGTERM} for a child that ignores
    // SIGTERM). SIGKILL always ends it. Any other signal ends it at once,
    // reported as killed by that signal.
    std::set<int> ignored_signals;
    // When set, start() fails with this message and nothing runs.
    std::optional<std::string> start_error;
};

// One call to start(), successful or not.
struct FakeLaunch {
    ProcessSpec spec;
    ProcessId id = 0;  // 0 when start() failed
    FakeBehavior behavior;
    FakeClock::TimePoint started;
    std::optional<FakeClock::TimePoint> ended;  // when wait() reported its exit
    std::vector<int> signals;                   // received, in order (incl. via signal_all)
};

// One call to signal()/signal_all().
struct FakeSignal {
    ProcessId id = 0;  // 0 for signal_all
    int signal = 0;
    FakeClock::TimePoint at;
};

// A ProcessRunner that never spawns. Contract:
// - start() takes the next behaviour from the push() queue, else from the
//   rule, else the default (exit 0 at once, no output); it records the spec.
// - wait() jumps the clock to the earliest of: a scheduled interrupt, the end
//   of a running process, the deadline; ties go in that order, and among
//   processes to the lowest id. With nothing running it returns a deadline
//   event at once without moving the clock. If it would block forever (all
//   hang, no deadline, no interrupt) it throws std::logic_error, failing the
//   test instead of hanging it.
// - A signal that ends a process takes effect at the current clock reading;
//   wait() reports the exit with ProcessExit::signal set.
class FakeProcessRunner final : public ProcessRunner {
public:
    using Rule = std::function<std::optional<FakeBehavior>(const ProcessSpec&)>;

    explicit FakeProcessRunner(FakeClock& clock) : m_clock(clock) {}

    // Script.
    void push(FakeBehavior behavior) { m_queue.push_back(std::move(behavior)); }
    // Consulted when the queue is empty; nullopt falls through to the default.
    void set_rule(Rule rule) { m_rule = std::move(rule); }
    void set_default(FakeBehavior behavior) { m_default = std::move(behavior); }
    // wait() reports an interrupt by `signal` once the clock reaches `at`.
    void interrupt_at(FakeClock::TimePoint at, int signal) {
        m_interrupts.push_back({at, signal});
        std::stable_sort(m_interrupts.begin(), m_interrupts.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
    }

    // Records.
    const std::vector<FakeLaunch>& launches() const { return m_launches; }
    const std::vector<FakeSignal>& signals() const { return m_signals; }
    // The launch with this id; throws std::out_of_range for an unknown id.
    const FakeLaunch& launch(ProcessId id) const { return m_launches.at(index_of(id)); }
    // The most processes that were running at once.
    std::size_t max_running() const { return m_max_running; }

    Result<ProcessId> start(const ProcessSpec& spec) override {
        FakeLaunch launch;
        launch.spec = spec;
        launch.behavior = next_behavior(spec);
        launch.started = m_clock.now();
        if (launch.behavior.start_error) {
            m_launches.push_back(launch);
            return Error{*launch.behavior.start_error};
        }
        launch.id = m_next_id++;
        m_launches.push_back(launch);
        m_running.push_back(Running{launch.id, std::nullopt, 0});
        m_max_running = std::max(m_max_running, m_running.size());
        return launch.id;
    }

    Event wait(std::optional<FakeClock::TimePoint> deadline) override {
        if (m_running.empty()) {
            return Event{Event::Kind::deadline};
        }
        if (!m_interrupts.empty() && (!deadline || m_interrupts.front().at <= *deadline) &&
            (!earliest_end() || m_interrupts.front().at <= earliest_end()->first)) {
            const PendingInterrupt interrupt = m_interrupts.front();
            m_interrupts.erase(m_interrupts.begin());
            m_clock.advance_to(interrupt.at);
            Event event;
            event.kind = Event::Kind::interrupted;
            event.signal = interrupt.signal;
            return event;
        }
        const std::optional<std::pair<FakeClock::TimePoint, std::size_t>> end = earliest_end();
        if (end && (!deadline || end->first <= *deadline)) {
            return finish(end->first, end->second);
        }
        if (!deadline) {
            throw std::logic_error("FakeProcessRunner::wait would block forever");
        }
        m_clock.advance_to(*deadline);
        return Event{Event::Kind::deadline};
    }

    void signal(ProcessId id, int sig) override {
        m_signals.push_back({id, sig, m_clock.now()});
        deliver(id, sig);
    }

    void signal_all(int sig) override {
        m_signals.push_back({0, sig, m_clock.now()});
        for (const Running& process : m_running) {
            deliver(process.id, sig);
        }
    }

    std::size_t running() const override { return m_running.size(); }

private:
    struct Running {
        ProcessId id;
        std::optional<FakeClock::TimePoint> killed_at;
        int killed_by;
    };
    struct PendingInterrupt {
        FakeClock::TimePoint at;
        int signal;
    };

    FakeBehavior next_behavior(const ProcessSpec& spec) {
        if (!m_queue.empty()) {
            FakeBehavior behavior = std::move(m_queue.front());
            m_queue.pop_front();
            return behavior;
        }
        if (m_rule) {
            if (std::optional<FakeBehavior> behavior = m_rule(spec)) {
                return std::move(*behavior);
            }
        }
        return m_default;
    }

    std::size_t index_of(ProcessId id) const {
        for (std::size_t i = 0; i < m_launches.size(); ++i) {
            if (m_launches[i].id == id && id != 0) {
                return i;
            }
        }
        throw std::out_of_range("FakeProcessRunner: unknown process id");
    }

    void deliver(ProcessId id, int sig) {
        for (Running& process : m_running) {
            if (process.id != id) {
                continue;
            }
            FakeLaunch& launch = m_launches[index_of(id)];
            launch.signals.push_back(sig);
            const bool ignored = sig != SIGKILL && launch.behavior.ignored_signals.count(sig) > 0;
            // A process whose runtime is over has exited; wait() just has not said so yet.
            const bool exited =
                !launch.behavior.hangs && launch.started + launch.behavior.runtime <= m_clock.now();
            if (!ignored && !exited && !process.killed_at) {
                process.killed_at = m_clock.now();
                process.killed_by = sig;
            }
        }
    }

    // When and which entry of m_running ends first, if any ever does.
    std::optional<std::pair<FakeClock::TimePoint, std::size_t>> earliest_end() const {
        std::optional<std::pair<FakeClock::TimePoint, std::size_t>> best;
        for (std::size_t i = 0; i < m_running.size(); ++i) {
            const Running& process = m_running[i];
            const FakeLaunch& launch = m_launches[index_of(process.id)];
            std::optional<FakeClock::TimePoint> end = process.killed_at;
            if (!end && !launch.behavior.hangs) {
                end = launch.started + launch.behavior.runtime;
            }
            // m_running is in id order, so strict < keeps the lowest id on ties.
            if (end && (!best || *end < best->first)) {
                best = std::make_pair(*end, i);
            }
        }
        return best;
    }

    Event finish(FakeClock::TimePoint at, std::size_t running_index) {
        m_clock.advance_to(at);
        const Running process = m_running[running_index];
        m_running.erase(m_running.begin() + static_cast<std::ptrdiff_t>(running_index));
        FakeLaunch& launch = m_launches[index_of(process.id)];
        launch.ended = m_clock.now();
        Event event;
        event.kind = Event::Kind::exited;
        event.id = process.id;
        if (process.killed_at) {
            event.exit.signal = process.killed_by;
        } else {
            event.exit.exit_code = launch.behavior.exit_code;
        }
        event.exit.output = launch.behavior.output;
        event.exit.elapsed = *launch.ended - launch.started;
        return event;
    }

    FakeClock& m_clock;
    std::deque<FakeBehavior> m_queue;
    Rule m_rule;
    FakeBehavior m_default;
    std::vector<PendingInterrupt> m_interrupts;
    std::vector<FakeLaunch> m_launches;
    std::vector<FakeSignal> m_signals;
    std::vector<Running> m_running;  // in start order
    ProcessId m_next_id = 1;
    std::size_t m_max_running = 0;
};

}  // namespace xbuild::test
