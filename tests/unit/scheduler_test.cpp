#include <xbuild/scheduler.hpp>

#include <csignal>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fake_process_runner.hpp"

namespace xbuild {
namespace {

using namespace std::chrono_literals;
using test::FakeBehavior;
using test::FakeClock;
using test::FakeProcessRunner;

// A task that runs a fixed list of commands one after another, stops at the
// first failure, and records what the scheduler told it.
class ScriptedTask final : public Task {
public:
    ScriptedTask(const FakeClock& clock, std::vector<std::string> commands)
        : m_clock(clock), m_commands(std::move(commands)) {}

    std::optional<ProcessSpec> next_process() override {
        REQUIRE_FALSE(m_awaiting_exit);  // never asked again before on_exit
        REQUIRE_FALSE(abandoned);
        if (m_failed || m_next == m_commands.size()) {
            return std::nullopt;
        }
        m_awaiting_exit = true;
        ProcessSpec spec;
        spec.argv = {m_commands[m_next++]};
        spec.env = {{"TASK", spec.argv[0]}};
        return spec;
    }

    void on_exit(const ProcessExit& exit) override {
        REQUIRE(m_awaiting_exit);
        m_awaiting_exit = false;
        exits.push_back(exit);
        m_failed = m_failed || !exit.success();
    }

    void on_abandoned(AbandonReason reason) override {
        REQUIRE_FALSE(abandoned);
        abandoned = reason;
        abandoned_after = m_clock.elapsed();
    }

    bool failed() const override { return m_failed; }

    std::vector<ProcessExit> exits;
    std::optional<AbandonReason> abandoned;
    FakeClock::Duration abandoned_after{};

private:
    const FakeClock& m_clock;
    std::vector<std::string> m_commands;
    std::size_t m_next = 0;
    bool m_awaiting_exit = false;
    bool m_failed = false;
};

class RecordingObserver final : public SchedulerObserver {
public:
    void process_started(std::size_t task, const ProcessSpec& spec) override {
        started.push_back({task, spec.argv.at(0)});
    }
    void task_finished(std::size_t task) override { finished.push_back(task); }
    void interrupted(int signal) override { signals.push_back(signal); }

    std::vector<std::pair<std::size_t, std::string>> started;
    std::vector<std::size_t> finished;
    std::vector<int> signals;
};

struct Fixture {
    FakeClock clock;
    FakeProcessRunner runner{clock};
    RecordingObserver observer;
    std::vector<std::unique_ptr<ScriptedTask>> tasks;

    ScriptedTask& add(std::vector<std::string> commands) {
        tasks.push_back(std::make_unique<ScriptedTask>(clock, std::move(commands)));
        return *tasks.back();
    }

    SchedulerOutcome run(SchedulerOptions options) {
        std::vector<Task*> pointers;
        for (auto& task : tasks) {
            pointers.push_back(task.get());
        }
        Scheduler scheduler(runner, clock, options, &observer);
        return scheduler.run(pointers);
    }

    std::vector<std::string> launched() const {
        std::vector<std::string> names;
        for (const auto& launch : runner.launches()) {
            names.push_back(launch.spec.argv.at(0));
        }
        return names;
    }
};

SchedulerOptions with_slots(std::size_t slots) {
    SchedulerOptions options;
    options.slots = slots;
    return options;
}

TEST_CASE("scheduler runs tasks in order within the slot limit", "[scheduler]") {
    Fixture f;
    f.runner.set_default(FakeBehavior{.runtime = 1s});
    for (int i = 0; i < 5; ++i) {
        f.add({"t" + std::to_string(i)});
    }

    SECTION("two slots") {
        const SchedulerOutcome outcome = f.run(with_slots(2));
        CHECK(outcome.interrupt_signal == 0);
        CHECK(f.runner.max_running() == 2);
        CHECK(f.launched() == std::vector<std::string>{"t0", "t1", "t2", "t3", "t4"});
        CHECK(f.clock.elapsed() == 3s);
        CHECK(f.observer.finished == std::vector<std::size_t>{0, 1, 2, 3, 4});
        CHECK(f.observer.started.size() == 5);
        CHECK(f.runner.launches()[4].spec.env.at("TASK") == "t4");
    }
    SECTION("one slot runs them one by one") {
        f.run(with_slots(1));
        CHECK(f.runner.max_running() == 1);
        CHECK(f.clock.elapsed() == 5s);
    }
    SECTION("more slots than tasks") {
        f.run(with_slots(16));
        CHECK(f.runner.max_running() == 5);
        CHECK(f.clock.elapsed() == 1s);
    }
    for (const auto& task : f.tasks) {
        CHECK(task->exits.size() == 1);
        CHECK_FALSE(task->abandoned);
    }
}

TEST_CASE("scheduler runs a task's processes one after another", "[scheduler]") {
    Fixture f;
    f.runner.set_default(FakeBehavior{.runtime = 1s, .output = "ok"});
    ScriptedTask& multi = f.add({"scan", "build", "verify"});
    ScriptedTask& single = f.add({"other"});

    f.run(with_slots(4));

    REQUIRE(f.runner.launches().size() == 4);
    CHECK(f.runner.max_running() == 2);
    CHECK(f.clock.elapsed() == 3s);
    CHECK(multi.exits.size() == 3);
    CHECK(multi.exits[2].output == "ok");
    CHECK(single.exits.size() == 1);
    // Each next process starts only when the previous one has ended.
    const auto& launches = f.runner.launches();
    CHECK(launches[0].spec.argv[0] == "scan");
    CHECK(launches[1].spec.argv[0] == "other");
    CHECK(f.runner.launch(3).spec.argv[0] == "build");
    CHECK(f.runner.launch(3).started == FakeClock::at(1s));
    CHECK(f.runner.launch(4).started == FakeClock::at(2s));
    CHECK(f.observer.finished == std::vector<std::size_t>{1, 0});
}

TEST_CASE("scheduler reports a process that cannot start as exit 127", "[scheduler]") {
    Fixture f;
    f.runner.push(FakeBehavior{.start_error = "cannot run \"gox\": not found in PATH"});
    f.runner.set_default(FakeBehavior{.runtime = 1s});
    ScriptedTask& broken = f.add({"gox", "never"});
    ScriptedTask& fine = f.add({"go"});

    f.run(with_slots(1));

    REQUIRE(broken.exits.size() == 1);
    CHECK(broken.exits[0].exit_code == 127);
    CHECK(broken.exits[0].signal == 0);
    CHECK(broken.exits[0].output == "cannot run \"gox\": not found in PATH");
    CHECK(broken.failed());
    CHECK(fine.exits.size() == 1);
    CHECK(f.launched() == std::vector<std::string>{"gox", "go"});
    CHECK(f.observer.finished == std::vector<std::size_t>{0, 1});
}

TEST_CASE("scheduler with fail-fast skips tasks after a failure", "[scheduler]") {
    Fixture f;
    SchedulerOptions options = with_slots(2);
    options.fail_fast = true;
    f.runner.push(FakeBehavior{.runtime = 1s, .exit_code = 1});  // t0 fails at 1s
    f.runner.push(FakeBehavior{.runtime = 3s});                  // t1 is running then
    f.runner.set_default(FakeBehavior{.runtime = 1s});
    ScriptedTask& t0 = f.add({"t0"});
    ScriptedTask& t1 = f.add({"t1a", "t1b"});
    ScriptedTask& t2 = f.add({"t2"});
    ScriptedTask& t3 = f.add({"t3"});

    SECTION("with fail-fast") {
        f.run(options);
        CHECK(t0.failed());
        CHECK_FALSE(t0.abandoned);
        // A started task finishes normally, including its later processes.
        CHECK(t1.exits.size() == 2);
        CHECK_FALSE(t1.abandoned);
        CHECK(t2.abandoned == AbandonReason::skipped);
        CHECK(t3.abandoned == AbandonReason::skipped);
        CHECK(t2.abandoned_after == 1s);
        CHECK(f.launched() == std::vector<std::string>{"t0", "t1a", "t1b"});
    }
    SECTION("without fail-fast") {
        options.fail_fast = false;
        f.run(options);
        CHECK(f.launched().size() == 5);
        CHECK_FALSE(t2.abandoned);
        CHECK(t3.exits.size() == 1);
    }
}

TEST_CASE("scheduler terminates a task that runs past its timeout", "[scheduler]") {
    Fixture f;
    SchedulerOptions options = with_slots(2);
    options.task_timeout = 10s;
    options.grace = 2s;

    SECTION("SIGTERM, then SIGKILL after the grace period") {
        f.runner.push(FakeBehavior{.hangs = true, .ignored_signals = {SIGTERM}});
        ScriptedTask& stuck = f.add({"stuck"});
        f.runner.set_default(FakeBehavior{.runtime = 1s});
        ScriptedTask& quick = f.add({"quick"});

        f.run(options);

        const auto& signals = f.runner.signals();
        REQUIRE(signals.size() == 2);
        CHECK(signals[0].id == 1);
        CHECK(signals[0].signal == SIGTERM);
        CHECK(signals[0].at == FakeClock::at(10s));
        CHECK(signals[1].id == 1);
        CHECK(signals[1].signal == SIGKILL);
        CHECK(signals[1].at == FakeClock::at(12s));
        CHECK(stuck.abandoned == AbandonReason::timed_out);
        CHECK(stuck.abandoned_after == 12s);
        CHECK(stuck.exits.empty());
        CHECK(quick.exits.size() == 1);
        // The timed-out task gets its line too, when its process is gone.
        CHECK(f.observer.finished == std::vector<std::size_t>{1, 0});
    }
    SECTION("a process that honours SIGTERM gets no SIGKILL") {
        f.runner.push(FakeBehavior{.hangs = true});
        ScriptedTask& stuck = f.add({"stuck"});

        f.run(options);

        REQUIRE(f.runner.signals().size() == 1);
        CHECK(f.runner.signals()[0].signal == SIGTERM);
        CHECK(stuck.abandoned == AbandonReason::timed_out);
        CHECK(stuck.abandoned_after == 10s);
    }
    SECTION("the timeout counts from the task's first process") {
        f.runner.set_default(FakeBehavior{.runtime = 6s});
        ScriptedTask& slow = f.add({"first", "second"});

        f.run(options);

        REQUIRE(f.runner.signals().size() == 1);
        CHECK(f.runner.signals()[0].id == 2);
        CHECK(f.runner.signals()[0].at == FakeClock::at(10s));
        CHECK(slow.exits.size() == 1);
        CHECK(slow.abandoned == AbandonReason::timed_out);
    }
    SECTION("a task within its timeout is left alone") {
        f.runner.set_default(FakeBehavior{.runtime = 9s});
        ScriptedTask& task = f.add({"fits"});
        f.run(options);
        CHECK(f.runner.signals().empty());
        CHECK(task.exits.size() == 1);
        CHECK_FALSE(task.abandoned);
    }
}

TEST_CASE("scheduler forwards an interrupt and escalates to SIGKILL", "[scheduler]") {
    Fixture f;
    SchedulerOptions options = with_slots(2);
    options.grace = 5s;
    f.runner.set_default(FakeBehavior{.hangs = true, .ignored_signals = {SIGINT}});
    ScriptedTask& t0 = f.add({"t0"});
    ScriptedTask& t1 = f.add({"t1"});
    ScriptedTask& t2 = f.add({"t2"});
    f.runner.interrupt_at(FakeClock::at(1s), SIGINT);

    SECTION("SIGKILL after the grace period") {
        const SchedulerOutcome outcome = f.run(options);

        CHECK(outcome.interrupt_signal == SIGINT);
        CHECK(f.observer.signals == std::vector<int>{SIGINT});
        const auto& signals = f.runner.signals();
        REQUIRE(signals.size() == 2);
        CHECK(signals[0].id == 0);
        CHECK(signals[0].signal == SIGINT);
        CHECK(signals[0].at == FakeClock::at(1s));
        CHECK(signals[1].id == 0);
        CHECK(signals[1].signal == SIGKILL);
        CHECK(signals[1].at == FakeClock::at(6s));
        // Running tasks hear of it only once their process has ended.
        CHECK(t0.abandoned == AbandonReason::interrupted);
        CHECK(t0.abandoned_after == 5s + 1s);
        CHECK(t1.abandoned == AbandonReason::interrupted);
        CHECK(t1.abandoned_after == 6s);
        CHECK(t2.abandoned == AbandonReason::interrupted);
        CHECK(t2.abandoned_after == 1s);
        CHECK(f.launched() == std::vector<std::string>{"t0", "t1"});
        CHECK(f.runner.running() == 0);
        // Started tasks are reported as their processes end; t2 never started.
        CHECK(f.observer.finished == std::vector<std::size_t>{0, 1});
    }
    SECTION("a second interrupt skips the grace period") {
        f.runner.interrupt_at(FakeClock::at(2s), SIGINT);
        const SchedulerOutcome outcome = f.run(options);

        CHECK(outcome.interrupt_signal == SIGINT);
        const auto& signals = f.runner.signals();
        REQUIRE(signals.size() == 2);
        CHECK(signals[1].signal == SIGKILL);
        CHECK(signals[1].at == FakeClock::at(2s));
        CHECK(t0.abandoned_after == 2s);
        CHECK(t2.abandoned == AbandonReason::interrupted);
    }
    SECTION("children that exit on the signal need no SIGKILL") {
        f.runner.set_default(FakeBehavior{.hangs = true});
        f.runner.interrupt_at(FakeClock::at(0s), SIGTERM);
        const SchedulerOutcome outcome = f.run(options);

        CHECK(outcome.interrupt_signal == SIGTERM);
        REQUIRE(f.runner.signals().size() == 1);
        CHECK(f.runner.signals()[0].signal == SIGTERM);
        CHECK(t0.abandoned_after == 0s);
        CHECK(t1.abandoned == AbandonReason::interrupted);
        CHECK(t2.abandoned == AbandonReason::interrupted);
        CHECK(f.runner.launch(1).signals == std::vector<int>{SIGTERM});
    }
    CHECK(t0.exits.empty());
    CHECK(t1.exits.empty());
}

TEST_CASE("scheduler ticks an observer that asks for it while processes run", "[scheduler]") {
    class TickingObserver final : public SchedulerObserver {
    public:
        explicit TickingObserver(const FakeClock& clock) : m_clock(clock) {}
        std::optional<std::chrono::milliseconds> tick_interval() const override { return 1000ms; }
        void tick() override { ticks.push_back(m_clock.elapsed()); }
        std::vector<FakeClock::Duration> ticks;

    private:
        const FakeClock& m_clock;
    };
    FakeClock clock;
    FakeProcessRunner runner(clock);
    runner.set_default(FakeBehavior{.runtime = 3500ms});
    ScriptedTask task(clock, {"long"});
    std::vector<Task*> tasks{&task};
    TickingObserver observer(clock);
    Scheduler scheduler(runner, clock, with_slots(1), &observer);
    scheduler.run(tasks);
    CHECK(observer.ticks == std::vector<FakeClock::Duration>{1s, 2s, 3s});
}

}  // namespace
}  // namespace xbuild
