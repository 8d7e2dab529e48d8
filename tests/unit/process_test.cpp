#include <xbuild/process.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace xbuild {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "xbuild-process-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = fs::canonical(pattern);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

ProcessSpec command(std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.env = {{"PATH", "/usr/bin:/bin"}};
    return spec;
}

ProcessSpec shell(const std::string& script) {
    return command({"/bin/sh", "-c", script});
}

// Waits for the next event, failing the test rather than hanging it.
ProcessRunner::Event next_event(ProcessRunner& runner, SteadyClock::duration limit = 20s) {
    return runner.wait(SteadyClock::now() + limit);
}

ProcessExit run_to_exit(PosixProcessRunner& runner, const ProcessSpec& spec) {
    Result<ProcessId> id = runner.start(spec);
    REQUIRE(id.ok());
    ProcessRunner::Event event = next_event(runner);
    REQUIRE(event.kind == ProcessRunner::Event::Kind::exited);
    CHECK(event.id == *id);
    return std::move(event.exit);
}

TEST_CASE("ProcessExit::describe names the exit status or signal", "[process]") {
    ProcessExit exit;
    exit.exit_code = 2;
    CHECK(exit.describe() == "exit status 2");
    CHECK_FALSE(exit.success());
    exit.signal = SIGKILL;
    CHECK(exit.describe() == "killed by signal 9 (SIGKILL)");
}

TEST_CASE("PosixProcessRunner captures output and exit status", "[process]") {
    PosixProcessRunner runner;

    SECTION("echo") {
        const ProcessExit exit = run_to_exit(runner, command({"echo", "hello", "world"}));
        CHECK(exit.success());
        CHECK(exit.output == "hello world\n");
        CHECK_FALSE(exit.output_truncated);
        CHECK(exit.elapsed > 0s);
    }
    SECTION("stdout and stderr share one stream; the exit code is kept") {
        const ProcessExit exit = run_to_exit(runner, shell("echo out; echo err >&2; exit 3"));
        CHECK(exit.exit_code == 3);
        CHECK(exit.signal == 0);
        CHECK(exit.output == "out\nerr\n");
        CHECK(exit.describe() == "exit status 3");
    }
    SECTION("a child killed by a signal") {
        const ProcessExit exit = run_to_exit(runner, shell("kill -TERM $$"));
        CHECK(exit.signal == SIGTERM);
        CHECK_FALSE(exit.success());
        CHECK(exit.describe() == "killed by signal 15 (SIGTERM)");
    }
    SECTION("stdin is /dev/null") {
        const ProcessExit exit = run_to_exit(runner, shell("cat; echo done"));
        CHECK(exit.output == "done\n");
    }
    CHECK(runner.running() == 0);
}

TEST_CASE("PosixProcessRunner gives the child exactly the spec's environment", "[process]") {
    PosixProcessRunner runner;
    TempDir dir;

    SECTION("variables") {
        ProcessSpec spec = command({"/usr/bin/env"});
        spec.env["XBUILD_TEST_VALUE"] = "a b=c";
        const ProcessExit exit = run_to_exit(runner, spec);
        CHECK(exit.output == "PATH=/usr/bin:/bin\nXBUILD_TEST_VALUE=a b=c\n");
    }
    SECTION("argv[0] is looked up in the spec's PATH, not xbuild's") {
        const fs::path tool = dir.path() / "xbuild-test-tool";
        std::ofstream(tool) << "#!/bin/sh\necho \"tool $1\"\n";
        fs::permissions(tool, fs::perms::owner_all);
        ProcessSpec spec = command({"xbuild-test-tool", "ran"});
        spec.env["PATH"] = "/nonexistent:" + dir.path().string() + ":/bin";
        const ProcessExit exit = run_to_exit(runner, spec);
        CHECK(exit.output == "tool ran\n");

        spec.env["PATH"] = "/bin";
        Result<ProcessId> id = runner.start(spec);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().message == "cannot run \"xbuild-test-tool\": not found in PATH");
    }
    SECTION("a file without execute permission is not a match") {
        std::ofstream(dir.path() / "echo") << "#!/bin/sh\necho shadowed\n";
        ProcessSpec spec = command({"echo", "real"});
        spec.env["PATH"] = dir.path().string() + ":/bin";
        CHECK(run_to_exit(runner, spec).output == "real\n");
    }
    SECTION("cwd") {
        ProcessSpec spec = command({"/bin/pwd"});
        spec.cwd = dir.path();
        CHECK(run_to_exit(runner, spec).output == dir.path().string() + "\n");

        spec.cwd = dir.path() / "missing";
        Result<ProcessId> id = runner.start(spec);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().message.find("working directory") != std::string::npos);
    }
}

TEST_CASE("PosixProcessRunner can send output to a file instead", "[process]") {
    PosixProcessRunner runner;
    TempDir dir;
    ProcessSpec spec = shell("echo out; echo err >&2; exit 2");
    spec.output_file = dir.path() / "make.log";
    std::ofstream(spec.output_file) << "stale content that must go\n";

    SECTION("written, not captured") {
        const ProcessExit exit = run_to_exit(runner, spec);
        CHECK(exit.exit_code == 2);
        CHECK(exit.output.empty());
        std::ifstream log(spec.output_file);
        const std::string text((std::istreambuf_iterator<char>(log)),
                               std::istreambuf_iterator<char>());
        CHECK(text == "out\nerr\n");
    }
    SECTION("an unwritable file is a start error") {
        spec.output_file = dir.path() / "missing" / "make.log";
        Result<ProcessId> id = runner.start(spec);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().message.find("cannot write its output to") != std::string::npos);
    }
}

TEST_CASE("PosixProcessRunner reports programs that cannot run", "[process]") {
    PosixProcessRunner runner;

    SECTION("not in PATH") {
        Result<ProcessId> id = runner.start(command({"gox"}));
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().message == "cannot run \"gox\": not found in PATH");
    }
    SECTION("no PATH at all") {
        ProcessSpec spec = command({"echo"});
        spec.env.clear();
        Result<ProcessId> id = runner.start(spec);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().message == "cannot run \"echo\": not found in PATH");
    }
    SECTION("a missing absolute path") {
        Result<ProcessId> id = runner.start(command({"/nonexistent/go", "version"}));
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().message == "cannot run \"/nonexistent/go\": No such file or directory");
    }
    SECTION("an empty argv") {
        CHECK_FALSE(runner.start(command({})).ok());
    }
    CHECK(runner.running() == 0);
}

TEST_CASE("PosixProcessRunner bounds captured output", "[process]") {
    PosixProcessRunner runner;
    constexpr std::size_t half = k_max_captured_output / 2;

    SECTION("a flood keeps head and tail") {
        constexpr std::size_t total = 50'000'000;
        const ProcessExit exit = run_to_exit(runner, shell("yes | head -c 50000000"));
        CHECK(exit.success());
        CHECK(exit.output_truncated);
        CHECK(exit.output.size() < k_max_captured_output + 100);
        CHECK(exit.output.substr(0, 6) == "y\ny\ny\n");
        CHECK(exit.output.substr(exit.output.size() - 4) == "y\ny\n");
        const std::string marker = "\n... [" + std::to_string(total - k_max_captured_output) +
                                   " bytes of output omitted] ...\n";
        CHECK(exit.output.find(marker) == half);
    }
    SECTION("the kept bytes are exactly the first and last halves") {
        std::string expected;
        for (int i = 1; i <= 200000; ++i) {
            expected += std::to_string(i) + "\n";
        }
        const ProcessExit exit = run_to_exit(runner, command({"seq", "1", "200000"}));
        REQUIRE(exit.output_truncated);
        const std::size_t omitted = expected.size() - k_max_captured_output;
        CHECK(exit.output == expected.substr(0, half) + "\n... [" + std::to_string(omitted) +
                                 " bytes of output omitted] ...\n" +
                                 expected.substr(expected.size() - half));
    }
    SECTION("output of exactly the limit is kept whole") {
        const ProcessExit exit =
            run_to_exit(runner, shell("yes | head -c " + std::to_string(k_max_captured_output)));
        CHECK_FALSE(exit.output_truncated);
        CHECK(exit.output.size() == k_max_captured_output);
    }
}

// True once no process is left in `group` (killed members may stay zombies
// for a moment until their new parent reaps them).
bool group_is_gone(pid_t group) {
    for (int i = 0; i < 200; ++i) {
        if (::kill(-group, 0) != 0 && errno == ESRCH) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

// Runs `sh -c 'sleep 30 & echo $$'`: the background sleep keeps the output
// pipe open after the shell exits. Returns how long wait() took.
SteadyClock::duration wait_with_grandchild_holding_pipe() {
    PosixProcessRunner runner;
    const auto start = SteadyClock::now();
    const ProcessExit exit = run_to_exit(runner, shell("sleep 30 & echo $$"));
    const auto took = SteadyClock::now() - start;
    CHECK(exit.success());
    const pid_t group = std::atoi(exit.output.c_str());
    REQUIRE(group > 1);
    // The runner killed the straggler when its job ended.
    CHECK(group_is_gone(group));
    return took;
}

TEST_CASE("PosixProcessRunner does not wait for grandchildren", "[process]") {
    SECTION("without an InterruptGuard") {
        CHECK(wait_with_grandchild_holding_pipe() < 5s);
    }
    SECTION("with an InterruptGuard") {
        InterruptGuard guard;
        CHECK(wait_with_grandchild_holding_pipe() < 5s);
    }
}

TEST_CASE("PosixProcessRunner signals process groups", "[process]") {
    PosixProcessRunner runner;

    SECTION("the child leads its own process group") {
        const ProcessExit exit = run_to_exit(runner, shell("echo $$; cut -d' ' -f5 /proc/$$/stat"));
        const std::size_t newline = exit.output.find('\n');
        REQUIRE(newline != std::string::npos);
        const std::string pid = exit.output.substr(0, newline);
        CHECK(exit.output.substr(newline + 1) == pid + "\n");
        CHECK(std::stoi(pid) != ::getpgrp());
    }
    SECTION("signal_all ends every child, grandchildren included") {
        REQUIRE(runner.start(shell("sleep 30; echo not reached")).ok());
        REQUIRE(runner.start(command({"sleep", "30"})).ok());
        CHECK(runner.running() == 2);
        const auto start = SteadyClock::now();
        runner.signal_all(SIGTERM);
        for (int i = 0; i < 2; ++i) {
            const ProcessRunner::Event event = next_event(runner);
            REQUIRE(event.kind == ProcessRunner::Event::Kind::exited);
            CHECK(event.exit.signal == SIGTERM);
            CHECK(event.exit.output.empty());
        }
        CHECK(SteadyClock::now() - start < 5s);
        CHECK(runner.running() == 0);
    }
    SECTION("signal reaches only the named child") {
        Result<ProcessId> first = runner.start(command({"sleep", "30"}));
        Result<ProcessId> second = runner.start(command({"sleep", "0.2"}));
        REQUIRE((first.ok() && second.ok()));
        runner.signal(*first, SIGKILL);
        ProcessRunner::Event event = next_event(runner);
        REQUIRE(event.kind == ProcessRunner::Event::Kind::exited);
        CHECK(event.id == *first);
        CHECK(event.exit.signal == SIGKILL);
        event = next_event(runner);
        REQUIRE(event.kind == ProcessRunner::Event::Kind::exited);
        CHECK(event.id == *second);
        CHECK(event.exit.success());
    }
}

TEST_CASE("PosixProcessRunner wait honours its deadline", "[process]") {
    PosixProcessRunner runner;

    SECTION("nothing running returns at once") {
        const auto start = SteadyClock::now();
        CHECK(runner.wait(std::nullopt).kind == ProcessRunner::Event::Kind::deadline);
        CHECK(runner.wait(start + 10s).kind == ProcessRunner::Event::Kind::deadline);
        CHECK(SteadyClock::now() - start < 1s);
    }
    SECTION("a running child outlasting the deadline") {
        REQUIRE(runner.start(command({"sleep", "30"})).ok());
        const auto start = SteadyClock::now();
        CHECK(runner.wait(start + 200ms).kind == ProcessRunner::Event::Kind::deadline);
        const auto took = SteadyClock::now() - start;
        CHECK(took >= 200ms);
        CHECK(took < 5s);
        CHECK(runner.running() == 1);
    }
}

TEST_CASE("PosixProcessRunner destructor kills and reaps its children", "[process]") {
    TempDir dir;
    const fs::path pid_file = dir.path() / "pid";
    {
        PosixProcessRunner runner;
        // Written then renamed, so the poll below never reads a half-written pid.
        const std::string tmp = pid_file.string() + ".tmp";
        const std::string script =
            "echo $$ > '" + tmp + "'; mv '" + tmp + "' '" + pid_file.string() + "'; exec sleep 30";
        REQUIRE(runner.start(shell(script)).ok());
        const auto give_up = SteadyClock::now() + 10s;
        while (!fs::exists(pid_file) && SteadyClock::now() < give_up) {
            std::this_thread::sleep_for(10ms);
        }
        REQUIRE(fs::exists(pid_file));
    }
    pid_t pid = 0;
    std::ifstream(pid_file) >> pid;
    REQUIRE(pid > 1);
    // Reaped, not a zombie: the pid no longer exists at all.
    CHECK(::kill(pid, 0) == -1);
    CHECK(errno == ESRCH);
}

TEST_CASE("InterruptGuard reports interrupting signals through wait", "[process]") {
    InterruptGuard guard;
    PosixProcessRunner runner;
    Result<ProcessId> id = runner.start(command({"sleep", "30"}));
    REQUIRE(id.ok());

    REQUIRE(::kill(::getpid(), SIGINT) == 0);  // blocked: stays pending until wait()
    ProcessRunner::Event event = next_event(runner);
    REQUIRE(event.kind == ProcessRunner::Event::Kind::interrupted);
    CHECK(event.signal == SIGINT);
    CHECK(InterruptGuard::take_pending() == 0);
    CHECK(InterruptGuard::interrupt_count() == 1);

    SECTION("the child runs with default dispositions and an empty mask") {
        runner.signal(*id, SIGINT);
        event = next_event(runner);
        REQUIRE(event.kind == ProcessRunner::Event::Kind::exited);
        CHECK(event.exit.signal == SIGINT);
    }
    SECTION("the first of several signals is reported; all are counted") {
        REQUIRE(::kill(::getpid(), SIGTERM) == 0);
        REQUIRE(::kill(::getpid(), SIGHUP) == 0);
        event = next_event(runner);
        REQUIRE(event.kind == ProcessRunner::Event::Kind::interrupted);
        CHECK((event.signal == SIGTERM || event.signal == SIGHUP));
        CHECK(InterruptGuard::interrupt_count() == 3);
        runner.signal_all(SIGKILL);
        CHECK(next_event(runner).kind == ProcessRunner::Event::Kind::exited);
    }
}

TEST_CASE("PosixCommandRunner runs one command to completion", "[process]") {
    PosixCommandRunner runner;

    SECTION("success") {
        Result<ProcessExit> exit = runner.run(command({"echo", "go1.19.8"}));
        REQUIRE(exit.ok());
        CHECK(exit->output == "go1.19.8\n");
    }
    SECTION("a non-zero exit is not an error") {
        Result<ProcessExit> exit = runner.run(shell("exit 4"));
        REQUIRE(exit.ok());
        CHECK(exit->exit_code == 4);
    }
    SECTION("a start failure is an error") {
        Result<ProcessExit> exit = runner.run(command({"gox"}));
        REQUIRE_FALSE(exit.ok());
        CHECK(exit.error().message == "cannot run \"gox\": not found in PATH");
    }
    SECTION("an interrupt is forwarded to the child and reported as an error") {
        InterruptGuard guard;
        const auto start = SteadyClock::now();
        // The thread inherits the guard's mask, so the signal is delivered
        // inside the runner's ppoll, as a terminal's Ctrl-C would be.
        std::thread interrupter([] {
            std::this_thread::sleep_for(200ms);
            ::kill(::getpid(), SIGINT);
        });
        Result<ProcessExit> exit = runner.run(command({"sleep", "30"}));
        interrupter.join();
        REQUIRE_FALSE(exit.ok());
        CHECK(exit.error().message == "\"sleep\" interrupted by SIGINT");
        CHECK(SteadyClock::now() - start < 5s);
        CHECK(InterruptGuard::interrupt_count() == 1);
    }
}


TEST_CASE("InterruptGuard::sleep_for wakes on an interrupting signal", "[process]") {
    InterruptGuard guard;
    SECTION("without a signal it sleeps the whole time") {
        const auto start = SteadyClock::now();
        CHECK(InterruptGuard::sleep_for(50ms) == 0);
        CHECK(SteadyClock::now() - start >= 45ms);
        CHECK(InterruptGuard::first_signal() == 0);
    }
    SECTION("a signal ends the sleep at once and is remembered") {
        REQUIRE(::kill(::getpid(), SIGTERM) == 0);
        const auto start = SteadyClock::now();
        CHECK(InterruptGuard::sleep_for(10s) == SIGTERM);
        CHECK(SteadyClock::now() - start < 5s);
        CHECK(InterruptGuard::first_signal() == SIGTERM);
        CHECK(InterruptGuard::take_pending() == SIGTERM);
        // take_pending clears the pending signal, not the first one.
        CHECK(InterruptGuard::first_signal() == SIGTERM);
    }
}

}  // namespace
}  // namespace xbuild
