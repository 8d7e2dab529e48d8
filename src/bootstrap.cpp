#include <xbuild/bootstrap.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/artifact.hpp>
#include <xbuild/atomic_file.hpp>
#include <xbuild/binary_header.hpp>
#include <xbuild/json_text.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_probe_source =
    "// Written by xbuild: built for each target to prove the SDK can build for it.\n"
    "package main\n\n"
    "import \"fmt\"\n\n"
    "func main() { fmt.Println(\"xbuild probe\") }\n";

std::string target_file_stem(const Target& target) {
    std::string stem = target.os + "_" + target.arch;
    if (!target.variant.empty()) stem += "_" + target.variant;
    return stem;
}

// Empty when unreadable: a missing stamp or probe source is simply stale.
std::string read_whole_file(const fs::path& path) { return read_file(path).value_or(""); }

std::string utc_now_rfc3339(const Clock& clock) {
    const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(clock.wall_now());
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(seconds)));
}

}  // namespace

std::string stamp_to_json(const BootstrapStamp& stamp) {
    const nlohmann::json json = {
        {"go", {{"path", stamp.go.path}, {"size", stamp.go.size}, {"mtime_ns", stamp.go.mtime_ns}}},
        {"go_version", stamp.go_version},
        {"goroot", stamp.goroot},
        {"target", stamp.target.str()},
        {"os", stamp.target.os},
        {"arch", stamp.target.arch},
        {"variant", stamp.target.variant},
        {"duration_ms", stamp.duration_ms},
        {"created_at", stamp.created_at},
        {"std", stamp.std_built},
    };
    return json_text(json, 2) + "\n";
}

Result<BootstrapStamp> stamp_from_json(std::string_view text) {
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return make_error("bootstrap stamp is not JSON");
    try {
        BootstrapStamp stamp;
        const auto& go = json.at("go");
        stamp.go = FileIdentity{go.at("path").get<std::string>(), go.at("size").get<std::uint64_t>(),
                                go.at("mtime_ns").get<std::int64_t>()};
        stamp.go_version = json.at("go_version").get<std::string>();
        stamp.goroot = json.at("goroot").get<std::string>();
        stamp.target = Target{json.at("os").get<std::string>(), json.at("arch").get<std::string>(),
                              json.at("variant").get<std::string>()};
        stamp.duration_ms = json.at("duration_ms").get<std::int64_t>();
        stamp.created_at = json.at("created_at").get<std::string>();
        stamp.std_built = json.value("std", true);
        return stamp;
    } catch (const nlohmann::json::exception& error) {
        return make_error("bootstrap stamp is malformed: {}", error.what());
    }
}

fs::path stamp_path(const Store& store, const Toolchain& toolchain, const Target& target) {
    return store.stamps_dir() / path_key(toolchain.go.string()) / (target_file_stem(target) + ".json");
}

const char* to_string(Readiness readiness) {
    switch (readiness) {
        case Readiness::ready: return "ready";
        case Readiness::missing: return "missing";
        case Readiness::stale: return "stale";
    }
    return "missing";
}

Readiness target_readiness(const Store& store, const Toolchain& toolchain, const Target& target,
                           BootstrapDepth depth) {
    const fs::path path = stamp_path(store, toolchain, target);
    std::error_code ec;
    if (!fs::exists(path, ec)) return Readiness::missing;
    auto stamp = stamp_from_json(read_whole_file(path));
    if (!stamp) return Readiness::stale;
    const bool same_sdk = stamp->go == toolchain.identity && stamp->go_version == toolchain.env.version &&
                          stamp->target == target;
    if (!same_sdk) return Readiness::stale;
    return depth == BootstrapDepth::std && !stamp->std_built ? Readiness::missing : Readiness::ready;
}

Environment target_environment(const Target& target) {
    Environment env = {{"GOOS", target.os}, {"GOARCH", target.arch}, {"CGO_ENABLED", "0"}};
    if (auto setting = variant_setting(target); setting && *setting) {
        env[(*setting)->variable] = (*setting)->value;
    }
    return env;
}

BootstrapTask::BootstrapTask(const Store& store, const Toolchain& toolchain, Target target,
                             Environment base_env, fs::path self_exe, const Clock& clock,
                             BootstrapDepth depth)
    : m_store(store),
      m_toolchain(toolchain),
      m_target(std::move(target)),
      m_base_env(std::move(base_env)),
      m_self_exe(std::move(self_exe)),
      m_clock(clock),
      m_depth(depth) {}

ProcessSpec BootstrapTask::go_command(std::vector<std::string> args) const {
    Environment env = go_command_environment(m_base_env);
    for (const auto& [key, value] : target_environment(m_target)) env[key] = value;
    // The probe is built outside any module; a user's GOFLAGS=-mod=vendor or
    // GO111MODULE must not break it.
    env.erase("GOFLAGS");
    env.erase("GO111MODULE");
    args.insert(args.begin(), m_toolchain.go.string());
    return ProcessSpec{std::move(args), std::move(env), m_store.probe_dir()};
}

std::optional<ProcessSpec> BootstrapTask::next_process() {
    if (!m_started) m_started = m_clock.now();
    if (m_step == Step::lock) {
        for (const fs::path& dir : {m_store.locks_dir(), m_store.probe_dir(),
                                    stamp_path(m_store, m_toolchain, m_target).parent_path()}) {
            if (auto made = m_store.ensure_dir(dir); !made) {
                fail(made.error().message);
                return std::nullopt;
            }
        }
        const fs::path lock_path = m_store.locks_dir() /
                                   fmt::format("bootstrap-{}-{}.lock", path_key(m_toolchain.go.string()),
                                               target_file_stem(m_target));
        auto lock = FileLock::try_acquire(lock_path);
        if (!lock) {
            fail(lock.error().message);
            return std::nullopt;
        }
        if (!*lock) {
            // Another xbuild is bootstrapping this target: wait for it in a
            // child, so that waiting is interruptible like any job.
            m_result.waited = true;
            m_step = Step::wait_lock;
            return ProcessSpec{{m_self_exe.string(), "__wait-lock", lock_path.string()}, m_base_env, {}};
        }
        m_lock = std::move(**lock);
        // The other run may have finished it while we waited.
        if (target_readiness(m_store, m_toolchain, m_target, m_depth) == Readiness::ready) {
            m_result.ok = true;
            m_step = Step::done;
            m_lock.reset();
            return std::nullopt;
        }
        m_result.ran = true;
        if (m_depth == BootstrapDepth::std) {
            m_step = Step::build_std;
            return go_command({"build", "std"});
        }
        m_step = Step::build_probe;
    }
    if (m_step == Step::build_probe) {
        const fs::path source = m_store.probe_dir() / "probe.go";
        if (read_whole_file(source) != k_probe_source) {
            if (auto written = write_file_atomic(source, k_probe_source); !written) {
                fail(written.error().message);
                return std::nullopt;
            }
        }
        m_probe_output = m_store.probe_dir() /
                         fmt::format(".probe-{}-{}", target_file_stem(m_target), ::getpid());
        return go_command({"build", "-o", m_probe_output.string(), source.string()});
    }
    return std::nullopt;
}

void BootstrapTask::on_exit(const ProcessExit& exit) {
    switch (m_step) {
        case Step::wait_lock:
            if (!exit.success()) {
                fail(fmt::format("waiting for another xbuild's bootstrap of {} failed: {}",
                                 m_target.str(), exit.describe()),
                     exit.output);
                return;
            }
            m_step = Step::lock;
            return;
        case Step::build_std:
            if (!exit.success()) {
                fail(fmt::format("bootstrap of {}: go build std: {}", m_target.str(), exit.describe()),
                     exit.output);
                return;
            }
            m_step = Step::build_probe;
            return;
        case Step::build_probe:
            if (!exit.success()) {
                remove_quietly(m_probe_output);
                fail(fmt::format("bootstrap of {}: probe build: {}", m_target.str(), exit.describe()),
                     exit.output);
                return;
            }
            finish_probe();
            return;
        case Step::lock:
        case Step::done:
            return;
    }
}

void BootstrapTask::finish_probe() {
    auto header = read_binary_header(m_probe_output);
    remove_quietly(m_probe_output);
    if (!header) {
        fail(fmt::format("bootstrap of {}: probe: {}", m_target.str(), header.error().message));
        return;
    }
    if (auto matches = check_binary_matches(*header, m_target); !matches) {
        fail(fmt::format("bootstrap of {}: probe: {}", m_target.str(), matches.error().message));
        return;
    }
    m_result.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.now() - *m_started).count();
    const BootstrapStamp stamp{m_toolchain.identity,   m_toolchain.env.version,
                               m_toolchain.env.goroot, m_target,
                               m_result.duration_ms,   utc_now_rfc3339(m_clock),
                               m_depth == BootstrapDepth::std};
    if (auto written = write_file_atomic(stamp_path(m_store, m_toolchain, m_target), stamp_to_json(stamp));
        !written) {
        fail(written.error().message);
        return;
    }
    m_result.ok = true;
    m_step = Step::done;
    m_lock.reset();
}

void BootstrapTask::on_abandoned(AbandonReason reason) {
    remove_quietly(m_probe_output);
    fail(reason == AbandonReason::timed_out ? fmt::format("bootstrap of {} timed out", m_target.str())
                                            : fmt::format("bootstrap of {} interrupted", m_target.str()));
}

bool BootstrapTask::failed() const {
    return m_step == Step::done && !m_result.ok;
}

void BootstrapTask::fail(std::string error, std::string log) {
    m_result.ok = false;
    m_result.error = std::move(error);
    m_result.log = std::move(log);
    if (m_started) {
        m_result.duration_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.now() - *m_started).count();
    }
    m_step = Step::done;
    m_lock.reset();
}

}  // namespace xbuild
