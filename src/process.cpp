#include <xbuild/process.hpp>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iterator>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace xbuild {

namespace {

constexpr int k_interrupt_signals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int k_guarded_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD};

// Without an InterruptGuard, SIGCHLD stays ignored and cannot wake ppoll, so
// wait() polls waitpid at this interval to notice children whose pipe is held
// open by a grandchild.
constexpr auto k_reap_poll_interval = std::chrono::milliseconds(50);

// Bytes read from an exited child's pipe before giving up on it: a grandchild
// that keeps flooding the pipe must not keep wait() from returning.
constexpr std::size_t k_max_drain_after_exit = k_max_captured_output;

static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");
std::atomic<int> g_pending_interrupt{0};
std::atomic<int> g_interrupt_count{0};
std::atomic<int> g_first_signal{0};

// InterruptGuard's saved state; there is at most one guard per process.
bool g_guard_installed = false;
sigset_t g_saved_mask;
struct sigaction g_saved_actions[std::size(k_guarded_signals)];

void record_interrupt(int sig) {
    int expected = 0;
    g_pending_interrupt.compare_exchange_strong(expected, sig);
    expected = 0;
    g_first_signal.compare_exchange_strong(expected, sig);
    g_interrupt_count.fetch_add(1);
}

// Every child pid that some PosixProcessRunner has started and not yet
// reaped. The orphan reaper must never steal another runner's child.
std::vector<pid_t>& live_children() {
    static std::vector<pid_t> pids;
    return pids;
}

void forget_child(pid_t pid) {
    auto& pids = live_children();
    pids.erase(std::remove(pids.begin(), pids.end(), pid), pids.end());
}

// As PID 1 every orphan in the container becomes xbuild's child; reaping them
// is init's job. waitid(WNOWAIT) looks before it reaps, so a child that one
// of our runners owns is left for that runner to collect with its status.
void reap_orphans() {
    if (::getpid() != 1) return;
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) {
            return;
        }
        const auto& pids = live_children();
        if (std::find(pids.begin(), pids.end(), info.si_pid) != pids.end()) return;
        int status = 0;
        ::waitpid(info.si_pid, &status, WNOHANG);
    }
}

extern "C" void handle_guarded_signal(int sig) {
    // SIGCHLD only needs to interrupt ppoll; wait() reaps after every wake-up.
    if (sig != SIGCHLD) {
        record_interrupt(sig);
    }
}

sigset_t interrupt_set() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : k_interrupt_signals) {
        sigaddset(&set, sig);
    }
    return set;
}

// Takes interrupting signals that are pending but blocked. ppoll reports
// descriptor events in preference to delivering a signal, so a busy build
// would otherwise never notice Ctrl-C (the note in Ninja's subprocess-posix).
void consume_pending_interrupts() {
    const sigset_t set = interrupt_set();
    const timespec zero{};
    for (;;) {
        const int sig = sigtimedwait(&set, nullptr, &zero);
        if (sig <= 0) {
            break;
        }
        record_interrupt(sig);
    }
}

std::string signal_name(int sig) {
    const char* abbrev = sigabbrev_np(sig);
    return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

std::string errno_text(int error) {
    return std::strerror(error);
}

// The head and tail of a child's output, with the middle of a flood dropped
// so memory stays bounded whatever the child writes.
class CapturedOutput {
public:
    void append(const char* data, std::size_t size) {
        const std::size_t head_room = k_half - std::min(k_half, m_head.size());
        const std::size_t to_head = std::min(head_room, size);
        m_head.append(data, to_head);
        data += to_head;
        size -= to_head;
        if (size > 0) {
            append_tail(data, size);
        }
    }

    bool truncated() const { return m_dropped > 0; }

    std::string take() {
        std::string text = std::move(m_head);
        if (m_dropped > 0) {
            text += fmt::format("\n... [{} bytes of output omitted] ...\n", m_dropped);
        }
        const std::size_t first = std::min(m_tail_size, k_half - m_tail_start);
        text.append(m_tail, m_tail_start, first);
        text.append(m_tail, 0, m_tail_size - first);
        return text;
    }

private:
    static constexpr std::size_t k_half = k_max_captured_output / 2;

    void append_tail(const char* data, std::size_t size) {
        if (m_tail.empty()) {
            m_tail.resize(k_half);
        }
        if (size >= k_half) {
            m_dropped += m_tail_size + (size - k_half);
            std::memcpy(m_tail.data(), data + (size - k_half), k_half);
            m_tail_start = 0;
            m_tail_size = k_half;
            return;
        }
        const std::size_t overflow = m_tail_size + size > k_half ? m_tail_size + size - k_half : 0;
        std::size_t at = (m_tail_start + m_tail_size) % k_half;
        const std::size_t first = std::min(size, k_half - at);
        std::memcpy(m_tail.data() + at, data, first);
        std::memcpy(m_tail.data(), data + first, size - first);
        m_dropped += overflow;
        m_tail_start = (m_tail_start + overflow) % k_half;
        m_tail_size = std::min(k_half, m_tail_size + size);
    }

    std::string m_head;
    std::string m_tail;  // a ring of k_half bytes, allocated once the head is full
    std::size_t m_tail_start = 0;
    std::size_t m_tail_size = 0;
    std::size_t m_dropped = 0;
};

}  // namespace

std::string ProcessExit::describe() const {
    if (signal != 0) {
        const char* abbrev = sigabbrev_np(signal);
        if (abbrev == nullptr) {
            return fmt::format("killed by signal {}", signal);
        }
        return fmt::format("killed by signal {} (SIG{})", signal, abbrev);
    }
    return fmt::format("exit status {}", exit_code);
}

InterruptGuard::InterruptGuard() {
    assert(!g_guard_installed && "only one InterruptGuard per process");
    g_pending_interrupt.store(0);
    g_interrupt_count.store(0);
    g_first_signal.store(0);

    sigset_t blocked;
    sigemptyset(&blocked);
    for (int sig : k_guarded_signals) {
        sigaddset(&blocked, sig);
    }
    // Block before installing handlers so nothing is delivered half-installed.
    pthread_sigmask(SIG_BLOCK, &blocked, &g_saved_mask);

    struct sigaction action {};
    action.sa_handler = handle_guarded_signal;
    sigemptyset(&action.sa_mask);
    // Stopped children need no attention; only exits matter.
    action.sa_flags = SA_NOCLDSTOP;
    for (std::size_t i = 0; i < std::size(k_guarded_signals); ++i) {
        sigaction(k_guarded_signals[i], &action, &g_saved_actions[i]);
    }
    g_guard_installed = true;
}

InterruptGuard::~InterruptGuard() {
    // A signal still blocked now would hit the restored (default, fatal)
    // disposition on unblocking; record it instead so the caller can still
    // pick the exit code from interrupt_count()/take_pending().
    consume_pending_interrupts();
    for (std::size_t i = 0; i < std::size(k_guarded_signals); ++i) {
        sigaction(k_guarded_signals[i], &g_saved_actions[i], nullptr);
    }
    pthread_sigmask(SIG_SETMASK, &g_saved_mask, nullptr);
    g_guard_installed = false;
}

int InterruptGuard::take_pending() {
    return g_pending_interrupt.exchange(0);
}

int InterruptGuard::interrupt_count() {
    return g_interrupt_count.load();
}

int InterruptGuard::first_signal() {
    return g_first_signal.load();
}

int InterruptGuard::sleep_for(std::chrono::milliseconds duration) {
    if (const int pending = g_pending_interrupt.load(); pending != 0) return pending;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
    const timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    if (!g_guard_installed) {
        nanosleep(&timeout, nullptr);
        return 0;
    }
    // The guard keeps the signals blocked, so sigtimedwait takes one the
    // moment it is sent; no handler runs, hence the explicit record.
    const sigset_t set = interrupt_set();
    const int sig = sigtimedwait(&set, nullptr, &timeout);
    if (sig > 0) {
        record_interrupt(sig);
        return sig;
    }
    reap_orphans();
    return 0;
}

struct PosixProcessRunner::Child {
    ProcessId id = 0;
    pid_t pid = -1;
    int fd = -1;  // read end of the output pipe; -1 once closed
    bool reaped = false;
    int status = 0;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::duration elapsed{};
    CapturedOutput output;

    bool done() const { return reaped && fd < 0; }

    void close_pipe() {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }

    // Reads what is there now. Returns false on end of file or error.
    bool read_once() {
        char buffer[64 * 1024];
        for (;;) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n > 0) {
                output.append(buffer, static_cast<std::size_t>(n));
                return true;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                return true;
            }
            return false;
        }
    }

    // After the child exits, a grandchild may still hold the pipe open: take
    // what is buffered without waiting for an EOF that may never come.
    void drain_and_close() {
        char buffer[64 * 1024];
        std::size_t drained = 0;
        while (fd >= 0 && drained < k_max_drain_after_exit) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            output.append(buffer, static_cast<std::size_t>(n));
            drained += static_cast<std::size_t>(n);
        }
        close_pipe();
    }
};

PosixProcessRunner::PosixProcessRunner() = default;

PosixProcessRunner::~PosixProcessRunner() {
    for (Child* child : m_children) {
        ::kill(-child->pid, SIGKILL);
    }
    for (Child* child : m_children) {
        if (!child->reaped) {
            while (::waitpid(child->pid, &child->status, 0) < 0 && errno == EINTR) {
            }
            forget_child(child->pid);
        }
        child->close_pipe();
        delete child;
    }
}

Result<ProcessId> PosixProcessRunner::start(const ProcessSpec& spec) {
    if (spec.argv.empty() || spec.argv[0].empty()) {
        return make_error("cannot run an empty command");
    }
    const std::string& program = spec.argv[0];
    std::string path = program;
    if (program.find('/') == std::string::npos) {
        std::optional<std::string> found = find_program(program, spec.env);
        if (!found) {
            return make_error("cannot run \"{}\": not found in PATH", program);
        }
        path = std::move(*found);
    }
    if (!spec.cwd.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(spec.cwd, ec)) {
            return make_error("cannot run \"{}\": working directory \"{}\" does not exist", program,
                              spec.cwd.string());
        }
    }

    std::vector<char*> argv;
    for (const std::string& arg : spec.argv) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    const std::vector<std::string> env_strings = to_envp(spec.env);
    std::vector<char*> envp;
    for (const std::string& entry : env_strings) {
        envp.push_back(const_cast<char*>(entry.c_str()));
    }
    envp.push_back(nullptr);

    // The child writes either into a log file or into a pipe that we read.
    // Both pipe ends are close-on-exec: other children must not inherit this
    // pipe, or it would stay open after this child exits. dup2 clears the
    // flag on the child's 1 and 2.
    int read_fd = -1;
    int write_fd = -1;
    if (!spec.output_file.empty()) {
        write_fd = ::open(spec.output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (write_fd < 0) {
            return make_error("cannot run \"{}\": cannot write its output to \"{}\": {}", program,
                              spec.output_file.string(), errno_text(errno));
        }
    } else {
        int pipe_fds[2];
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
            return make_error("cannot run \"{}\": cannot create a pipe: {}", program,
                              errno_text(errno));
        }
        read_fd = pipe_fds[0];
        write_fd = pipe_fds[1];
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, write_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, write_fd, STDERR_FILENO);
    if (!spec.cwd.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
    }

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own process group: a terminal's Ctrl-C reaches only xbuild, which then
    // decides what the children get; and killing the group takes grandchildren.
    posix_spawnattr_setpgroup(&attr, 0);
    // The child must not inherit InterruptGuard's blocked mask or its handlers.
    sigset_t empty_mask;
    sigemptyset(&empty_mask);
    posix_spawnattr_setsigmask(&attr, &empty_mask);
    sigset_t default_signals;
    sigemptyset(&default_signals);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE, SIGQUIT}) {
        sigaddset(&default_signals, sig);
    }
    posix_spawnattr_setsigdefault(&attr, &default_signals);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, path.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    ::close(write_fd);
    if (error != 0) {
        if (read_fd >= 0) {
            ::close(read_fd);
        }
        return make_error("cannot run \"{}\": {}", path, errno_text(error));
    }
    // Non-blocking so that draining after the child's exit never waits on a
    // grandchild that holds the write end.
    if (read_fd >= 0) {
        ::fcntl(read_fd, F_SETFL, ::fcntl(read_fd, F_GETFL) | O_NONBLOCK);
    }

    live_children().push_back(pid);
    auto* child = new Child;
    child->id = m_next_id++;
    child->pid = pid;
    child->fd = read_fd;
    child->started = std::chrono::steady_clock::now();
    m_children.push_back(child);
    return child->id;
}

ProcessRunner::Event PosixProcessRunner::wait(
    std::optional<std::chrono::steady_clock::time_point> deadline) {
    using SteadyClock = std::chrono::steady_clock;
    for (;;) {
        if (const int sig = InterruptGuard::take_pending(); sig != 0) {
            Event event;
            event.kind = Event::Kind::interrupted;
            event.signal = sig;
            return event;
        }
        for (auto it = m_children.begin(); it != m_children.end(); ++it) {
            Child* child = *it;
            if (!child->done()) {
                continue;
            }
            Event event;
            event.kind = Event::Kind::exited;
            event.id = child->id;
            if (WIFSIGNALED(child->status)) {
                event.exit.signal = WTERMSIG(child->status);
            } else {
                event.exit.exit_code = WEXITSTATUS(child->status);
            }
            event.exit.output_truncated = child->output.truncated();
            event.exit.output = child->output.take();
            event.exit.elapsed = child->elapsed;
            m_children.erase(it);
            delete child;
            return event;
        }
        const SteadyClock::time_point now = SteadyClock::now();
        if (m_children.empty() || (deadline && *deadline <= now)) {
            return Event{Event::Kind::deadline};
        }

        std::optional<SteadyClock::duration> timeout;
        if (deadline) {
            timeout = *deadline - now;
        }
        if (!g_guard_installed && (!timeout || *timeout > k_reap_poll_interval)) {
            timeout = k_reap_poll_interval;
        }
        timespec timeout_spec{};
        if (timeout) {
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(*timeout).count();
            timeout_spec.tv_sec = static_cast<time_t>(ns / 1000000000);
            timeout_spec.tv_nsec = static_cast<long>(ns % 1000000000);
        }

        std::vector<pollfd> fds;
        std::vector<Child*> polled;
        for (Child* child : m_children) {
            if (child->fd >= 0) {
                fds.push_back(pollfd{child->fd, POLLIN, 0});
                polled.push_back(child);
            }
        }

        // With a guard, the guarded signals are unblocked only inside ppoll,
        // atomically, so none can slip in between the checks above and the
        // sleep (the self-pipe-free answer to the lost wake-up race).
        sigset_t poll_mask;
        sigemptyset(&poll_mask);
        if (g_guard_installed) {
            poll_mask = g_saved_mask;
            for (int sig : k_guarded_signals) {
                sigdelset(&poll_mask, sig);
            }
        }
        const int ready = ::ppoll(fds.data(), fds.size(), timeout ? &timeout_spec : nullptr,
                                  g_guard_installed ? &poll_mask : nullptr);
        if (ready > 0) {
            for (std::size_t i = 0; i < fds.size(); ++i) {
                if (fds[i].revents != 0 && !polled[i]->read_once()) {
                    polled[i]->close_pipe();
                }
            }
        }
        if (g_guard_installed) {
            consume_pending_interrupts();
        }
        for (Child* child : m_children) {
            if (child->reaped) {
                continue;
            }
            const pid_t result = ::waitpid(child->pid, &child->status, WNOHANG);
            if (result == child->pid) {
                child->reaped = true;
                child->elapsed = SteadyClock::now() - child->started;
                forget_child(child->pid);
                // The job is over; a background process it left in its group
                // (a daemonised helper, a stray `sleep &`) is not part of any
                // later work and would outlive xbuild. The group id cannot be
                // reused while any member is alive, so this hits only them.
                ::kill(-child->pid, SIGKILL);
                child->drain_and_close();
            }
        }
        reap_orphans();
    }
}

void PosixProcessRunner::signal(ProcessId id, int sig) {
    for (Child* child : m_children) {
        if (child->id == id) {
            // The group outlives a reaped leader while grandchildren remain,
            // and Linux does not reuse a pid that is still a group id.
            ::kill(-child->pid, sig);
            return;
        }
    }
}

void PosixProcessRunner::signal_all(int sig) {
    for (Child* child : m_children) {
        ::kill(-child->pid, sig);
    }
}

std::size_t PosixProcessRunner::running() const {
    return m_children.size();
}

Result<ProcessExit> PosixCommandRunner::run(const ProcessSpec& spec) {
    PosixProcessRunner runner;
    Result<ProcessId> id = runner.start(spec);
    if (!id) {
        return id.error();
    }
    int interrupt = 0;
    for (;;) {
        ProcessRunner::Event event = runner.wait(std::nullopt);
        switch (event.kind) {
            case ProcessRunner::Event::Kind::exited:
                if (interrupt != 0) {
                    return make_error("\"{}\" interrupted by {}", spec.argv[0],
                                      signal_name(interrupt));
                }
                return std::move(event.exit);
            case ProcessRunner::Event::Kind::interrupted:
                // A second interrupt means the user is not willing to wait.
                runner.signal(*id, interrupt == 0 ? event.signal : SIGKILL);
                if (interrupt == 0) {
                    interrupt = event.signal;
                }
                break;
            case ProcessRunner::Event::Kind::deadline:
                break;
        }
    }
}

}  // namespace xbuild
