#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <xbuild/clock.hpp>
#include <xbuild/error.hpp>
#include <xbuild/scheduler.hpp>
#include <xbuild/store.hpp>
#include <xbuild/target.hpp>
#include <xbuild/toolchain.hpp>

namespace xbuild {

// How far a bootstrap goes. Both end with the probe build that proves the SDK
// builds and links for the target; `std` first precompiles the whole standard
// library into the build cache (make.bash's job, `xbuild toolchain
// bootstrap`). A build bootstraps with `probe` only: its own go build then
// compiles the std packages it imports, and compiling the rest (measured with
// Go 1.19: 38 CPU-s of std per target against 22 for a service that imports
// net/http, TLS, JSON, SQL and templates) is waste on every cold CI run.
enum class BootstrapDepth { probe, std };

// Proof that an SDK builds for a target: written after a probe build for the
// target (and, at depth std, `go build std`) succeeded and the probe's header
// matched.
struct BootstrapStamp {
    FileIdentity go;         // the SDK's go binary when the stamp was made
    std::string go_version;
    std::string goroot;
    Target target;
    std::int64_t duration_ms = 0;
    std::string created_at;  // UTC, RFC 3339
    bool std_built = true;   // depth std; stamps older than depths were all std
};

std::string stamp_to_json(const BootstrapStamp& stamp);
Result<BootstrapStamp> stamp_from_json(std::string_view json);

// stamps/<sdk key>/<os>_<arch>[_<variant>].json
std::filesystem::path stamp_path(const Store& store, const Toolchain& toolchain, const Target& target);

enum class Readiness { ready, missing, stale };

// "ready", "missing", "stale".
const char* to_string(Readiness readiness);

// Whether `toolchain` is bootstrapped for `target` to `depth`: a stamp exists,
// names this very binary (path, size, mtime) and version, and went as deep.
// A replaced or upgraded go makes the stamp stale; a probe-only stamp asked
// for depth std is missing.
Readiness target_readiness(const Store& store, const Toolchain& toolchain, const Target& target,
                           BootstrapDepth depth = BootstrapDepth::probe);

// What happened when a target was made ready.
struct BootstrapResult {
    bool ran = false;      // this run did the work
    bool waited = false;   // another xbuild held the lock; its stamp was reused
    bool ok = false;
    std::int64_t duration_ms = 0;
    std::string error;     // one line when !ok
    std::string log;       // go's output when it failed
};

// The make.bash-equivalent step for one target, as a scheduler Task:
// lock the target's stamp (waiting in a child process while another xbuild
// holds it), at depth std go build std with the target's environment (into
// the SDK's build cache), build the probe, check its header, write the stamp.
class BootstrapTask final : public Task {
public:
    // `self_exe` is xbuild's own binary, run as `self_exe __wait-lock LOCK`
    // to wait for a lock without blocking the scheduler.
    BootstrapTask(const Store& store, const Toolchain& toolchain, Target target,
                  Environment base_env, std::filesystem::path self_exe, const Clock& clock,
                  BootstrapDepth depth = BootstrapDepth::std);

    std::optional<ProcessSpec> next_process() override;
    void on_exit(const ProcessExit& exit) override;
    void on_abandoned(AbandonReason reason) override;
    bool failed() const override;

    const Target& target() const { return m_target; }
    const BootstrapResult& result() const { return m_result; }

private:
    enum class Step { lock, wait_lock, build_std, build_probe, done };
    ProcessSpec go_command(std::vector<std::string> args) const;
    void fail(std::string error, std::string log = {});
    void finish_probe();

    const Store& m_store;
    const Toolchain& m_toolchain;
    Target m_target;
    Environment m_base_env;
    std::filesystem::path m_self_exe;
    const Clock& m_clock;
    BootstrapDepth m_depth;
    Step m_step = Step::lock;
    std::optional<FileLock> m_lock;
    std::filesystem::path m_probe_output;
    std::optional<std::chrono::steady_clock::time_point> m_started;
    BootstrapResult m_result;
};

// The environment that selects `target` for go: GOOS, GOARCH, the variant
// variable, CGO_ENABLED=0.
Environment target_environment(const Target& target);

}  // namespace xbuild
