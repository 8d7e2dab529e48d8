#include <xbuild/sdk_builder.hpp>

#include <csignal>
#include <fstream>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

using namespace std::chrono_literals;

constexpr auto k_progress_interval = 5s;
constexpr auto k_grace = 5s;

std::string tail_lines(const fs::path& path, std::size_t lines) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff start = std::max<std::streamoff>(0, size - 8192);
    in.seekg(start);
    std::string text(static_cast<std::size_t>(size - start), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    while (!text.empty() && text.back() == '\n') text.pop_back();
    std::size_t pos = text.size();
    for (std::size_t i = 0; i < lines && pos != std::string::npos && pos > 0; ++i) {
        pos = text.rfind('\n', pos - 1);
    }
    return pos == std::string::npos ? text : text.substr(pos + 1);
}

// Copies a Go tree, following symlinks (Debian's GOROOT is a farm of links
// into /usr/share), leaving out bin/ and pkg/ which make.bash rebuilds.
Result<void> copy_go_tree(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::create_directories(to, ec);
    if (ec) return make_error("cannot create {}: {}", to.string(), ec.message());
    for (const auto& entry : fs::directory_iterator(from, ec)) {
        const std::string name = entry.path().filename().string();
        if (name == "bin" || name == "pkg" || name == ".git") continue;
        fs::copy(entry.path(), to / name, fs::copy_options::recursive, ec);
        if (ec) return make_error("cannot copy {}: {}", entry.path().string(), ec.message());
    }
    if (ec) return make_error("cannot read {}: {}", from.string(), ec.message());
    return {};
}

std::string utc_now(const Clock& clock) {
    const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(clock.wall_now());
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(seconds)));
}

}  // namespace

Result<std::string> read_go_source_version(const fs::path& source) {
    std::error_code ec;
    if (!fs::is_regular_file(source / "src" / "make.bash", ec)) {
        return make_error("{} is not a Go source tree: it has no src/make.bash", source.string());
    }
    std::ifstream in(source / "VERSION");
    std::string version;
    if (!in || !std::getline(in, version) || version.empty()) {
        return make_error("{} has no VERSION file; pass --name to name the SDK", source.string());
    }
    return version;
}

std::variant<BuiltSdk, SdkBuildFailure> build_sdk(const Store& store, const SdkBuildRequest& request,
                                                  ProcessRunner& runner, const Clock& clock,
                                                  const SdkBuildProgress& progress) {
    auto failure = [](std::string message, fs::path log = {}, std::string tail = {}, int signal = 0) {
        return SdkBuildFailure{std::move(message), std::move(log), std::move(tail), signal};
    };
    std::error_code ec;
    const fs::path source = fs::canonical(request.source, ec);
    if (ec) return failure(fmt::format("--src {}: {}", request.source.string(), ec.message()));
    std::string name = request.name;
    auto version = read_go_source_version(source);
    if (name.empty()) {
        if (!version) return failure(version.error().message);
        name = *version;
    } else if (!fs::is_regular_file(source / "src" / "make.bash", ec)) {
        return failure(fmt::format("{} is not a Go source tree: it has no src/make.bash", source.string()));
    }
    if (auto valid = validate_sdk_name(name); !valid) return failure(valid.error().message);
    for (const fs::path& dir : {store.sdks_dir(), store.logs_dir(), store.locks_dir()}) {
        if (auto made = store.ensure_dir(dir); !made) return failure(made.error().message);
    }

    auto lock = FileLock::try_acquire(store.locks_dir() / fmt::format("sdk-{}.lock", name));
    if (!lock) return failure(lock.error().message);
    if (!*lock) return failure(fmt::format("another xbuild is building SDK \"{}\" right now", name));

    const fs::path goroot = store.sdks_dir() / name;
    if (fs::exists(store.sdks_dir() / (name + ".json"), ec)) {
        return failure(fmt::format("SDK \"{}\" already exists; pass --name or run 'xbuild toolchain "
                                   "remove {}'",
                                   name, name));
    }
    // A tree without a registration is what a crashed build left: not an SDK.
    fs::remove_all(goroot, ec);
    if (auto copied = copy_go_tree(source, goroot); !copied) {
        fs::remove_all(goroot, ec);
        return failure(copied.error().message);
    }

    const fs::path log = store.logs_dir() / (name + ".make.log");
    Environment env = request.env;
    for (const char* variable : {"GOROOT", "GOOS", "GOARCH", "GOFLAGS", "GOBIN", "GOPATH", "GO111MODULE",
                                 "GOARM", "GOAMD64", "GO386", "CGO_ENABLED"}) {
        env.erase(variable);
    }
    env["GOROOT_BOOTSTRAP"] = request.bootstrap->env.goroot;
    env["GOTOOLCHAIN"] = "local";
    const ProcessSpec spec{{"bash", "make.bash"}, env, goroot / "src", log};

    const auto started = clock.now();
    auto id = runner.start(spec);
    if (!id) {
        fs::remove_all(goroot, ec);
        return failure(id.error().message, log);
    }
    int interrupt = 0;
    // A plain time point and flag: std::optional here trips g++ 12's
    // -Wmaybe-uninitialized false positive.
    std::chrono::steady_clock::time_point kill_at{};
    bool kill_pending = false;
    ProcessExit exit;
    while (true) {
        auto deadline = clock.now() + k_progress_interval;
        if (kill_pending) deadline = std::min(deadline, kill_at);
        const auto event = runner.wait(deadline);
        if (event.kind == ProcessRunner::Event::Kind::exited) {
            exit = event.exit;
            break;
        }
        if (event.kind == ProcessRunner::Event::Kind::interrupted) {
            if (interrupt == 0) {
                interrupt = event.signal;
                runner.signal(*id, event.signal);
                kill_at = clock.now() + k_grace;
                kill_pending = true;
            } else {
                runner.signal(*id, SIGKILL);  // a second Ctrl-C: no more grace
            }
            continue;
        }
        if (kill_pending && clock.now() >= kill_at) {
            runner.signal(*id, SIGKILL);
            kill_pending = false;
            continue;
        }
        if (progress && !interrupt) progress(clock.now() - started, tail_lines(log, 1));
    }

    if (interrupt != 0 || !exit.success()) {
        fs::remove_all(goroot, ec);
        const std::string why = interrupt != 0 ? fmt::format("interrupted by SIG{}", ::sigabbrev_np(interrupt))
                                               : fmt::format("make.bash failed: {}", exit.describe());
        return failure(why, log, tail_lines(log, 15), interrupt);
    }

    BuiltSdk sdk{name, goroot, version ? *version : name, source.string(),
                 request.bootstrap->go.string(), utc_now(clock)};
    if (auto registered = register_built_sdk(store, sdk); !registered) {
        fs::remove_all(goroot, ec);
        return failure(registered.error().message, log);
    }
    return sdk;
}

}  // namespace xbuild
