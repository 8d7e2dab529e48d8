#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <variant>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/bootstrap.hpp>
#include <xbuild/build_driver.hpp>
#include <xbuild/console.hpp>
#include <xbuild/exit_codes.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/sdk_builder.hpp>
#include <xbuild/sdk_registry.hpp>
#include <xbuild/store.hpp>
#include <xbuild/text.hpp>
#include <xbuild/toolchain.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace fs = std::filesystem;

namespace {

struct ToolchainOptions {
    std::optional<std::string> go;
    // bootstrap
    std::vector<std::string> targets;
    std::size_t jobs = 0;
    // list
    bool json = false;
    // remove
    std::string remove_name;
    std::string remove_target;
    // build
    std::string source;
    std::string bootstrap_go;
    std::string name;
};

struct Context {
    Environment env;
    Store store;
    PosixCommandRunner queries;
};

Result<std::unique_ptr<Context>> make_context() {
    Environment env = current_environment();
    auto store = Store::locate(env);
    if (!store) return store.error();
    return std::make_unique<Context>(Context{std::move(env), std::move(*store), {}});
}

int run_bootstrap(const ToolchainOptions& options) {
    auto context = make_context();
    if (!context) return report_error(context.error(), k_exit_usage);
    Context& ctx = **context;
    auto toolchain = resolve_toolchain(options.go, ctx.env, ctx.queries, &ctx.store);
    if (!toolchain) return report_error(toolchain.error(), k_exit_usage);
    auto targets = expand_targets(TargetSelection{{}, {}, split_all(options.targets)},
                                  toolchain->platforms, toolchain->host());
    if (!targets) return report_error(targets.error(), k_exit_usage);
    if (auto valid = validate_variants(*targets, *toolchain, ctx.env, ctx.queries); !valid) {
        return report_error(valid.error(), k_exit_usage);
    }

    for (const Target& target : *targets) {
        if (target_readiness(ctx.store, *toolchain, target, BootstrapDepth::std) == Readiness::ready) {
            fmt::print(stderr, "bootstrap  {:<16} already ready\n", target.str());
        }
    }
    DriverOptions driver;
    driver.slots = options.jobs != 0 ? options.jobs : default_jobs();
    driver.self_exe = self_executable();
    driver.bootstrap_depth = BootstrapDepth::std;
    auto style = stderr_console_style(ctx.env, false);
    if (!style) return report_error(style.error(), k_exit_usage);
    BootstrapPhase phase;
    {
        InterruptGuard guard;
        PosixProcessRunner runner;
        const SystemClock clock;
        Console console(stderr, *style, clock);
        BuildProgress progress(console, nullptr, {});
        phase = bootstrap_targets(*targets, *toolchain, ctx.store, ctx.env, driver, runner, clock, progress);
    }
    if (phase.interrupt_signal != 0) return k_exit_signal_base + phase.interrupt_signal;
    if (!phase.not_ready.empty()) {
        fmt::print(stderr, "{} of {} targets could not be bootstrapped\n", phase.not_ready.size(),
                   targets->size());
        return k_exit_failed;
    }
    return k_exit_ok;
}

int run_list(const ToolchainOptions& options) {
    auto context = make_context();
    if (!context) return report_error(context.error(), k_exit_usage);
    Context& ctx = **context;
    std::vector<Toolchain> toolchains;
    if (options.go) {
        auto chosen = resolve_toolchain(options.go, ctx.env, ctx.queries, &ctx.store);
        if (!chosen) return report_error(chosen.error(), k_exit_usage);
        toolchains.push_back(std::move(*chosen));
    } else {
        toolchains = discover_toolchains(ctx.env, ctx.queries, &ctx.store);
    }
    const auto built = list_built_sdks(ctx.store);
    auto built_name = [&](const Toolchain& toolchain) -> std::string {
        for (const BuiltSdk& sdk : built) {
            std::error_code ec;
            if (fs::equivalent(sdk.go(), toolchain.go, ec)) return sdk.name;
        }
        return {};
    };

    nlohmann::json list = nlohmann::json::array();
    for (const Toolchain& toolchain : toolchains) {
        nlohmann::json targets = nlohmann::json::array();
        std::error_code ec;
        const fs::path stamps = stamp_path(ctx.store, toolchain, toolchain.host()).parent_path();
        std::vector<BootstrapStamp> ready;
        for (const auto& entry : fs::directory_iterator(stamps, ec)) {
            auto stamp = stamp_from_json(read_file(entry.path()).value_or(""));
            if (!stamp) continue;
            if (target_readiness(ctx.store, toolchain, stamp->target) != Readiness::ready) continue;
            ready.push_back(std::move(*stamp));
        }
        std::sort(ready.begin(), ready.end(), [](const auto& a, const auto& b) { return a.target < b.target; });
        for (const BootstrapStamp& stamp : ready) {
            targets.push_back({{"target", stamp.target.str()},
                               {"bootstrapped_at", stamp.created_at},
                               {"depth", stamp.std_built ? "std" : "probe"},
                               {"duration_ms", stamp.duration_ms}});
        }
        list.push_back({{"name", built_name(toolchain)},
                        {"version", toolchain.env.version},
                        {"go", toolchain.go.string()},
                        {"goroot", toolchain.env.goroot},
                        {"found_by", toolchain.found_by},
                        {"bootstrapped", targets}});
    }
    if (options.json) {
        fmt::print("{}\n", json_text(nlohmann::json{{"store", ctx.store.root().string()}, {"sdks", list}}, 2));
        return k_exit_ok;
    }
    fmt::print("store: {}\n", ctx.store.root().string());
    if (list.empty()) fmt::print("no Go SDK found (install golang-go or build one with 'xbuild toolchain build')\n");
    for (const auto& sdk : list) {
        const std::string name = sdk["name"].get<std::string>();
        fmt::print("\n{}{}  {}  (found by {})\n  GOROOT {}\n", sdk["version"].get<std::string>(),
                   name.empty() ? "" : " [" + name + "]", sdk["go"].get<std::string>(),
                   sdk["found_by"].get<std::string>(), sdk["goroot"].get<std::string>());
        if (sdk["bootstrapped"].empty()) fmt::print("  no bootstrapped targets\n");
        for (const auto& target : sdk["bootstrapped"]) {
            fmt::print("  {:<18} bootstrapped {} ({})\n", target["target"].get<std::string>(),
                       target["bootstrapped_at"].get<std::string>(),
                       target["depth"] == "std" ? "standard library precompiled" : "probe only");
        }
    }
    return k_exit_ok;
}

int run_remove(const ToolchainOptions& options) {
    auto context = make_context();
    if (!context) return report_error(context.error(), k_exit_usage);
    Context& ctx = **context;
    if (options.remove_name.empty() == options.remove_target.empty()) {
        return report_error(Error{"toolchain remove takes an SDK NAME or --target TARGET"}, k_exit_usage);
    }
    if (!options.remove_name.empty()) {
        auto lock = FileLock::try_acquire(ctx.store.locks_dir() / fmt::format("sdk-{}.lock", options.remove_name));
        if (lock && !*lock) {
            return report_error(make_error("SDK \"{}\" is being built right now", options.remove_name),
                                k_exit_failed);
        }
        if (auto removed = remove_built_sdk(ctx.store, options.remove_name); !removed) {
            return report_error(removed.error(), k_exit_usage);
        }
        fmt::print(stderr, "removed SDK {}\n", options.remove_name);
        return k_exit_ok;
    }
    auto toolchain = resolve_toolchain(options.go, ctx.env, ctx.queries, &ctx.store);
    if (!toolchain) return report_error(toolchain.error(), k_exit_usage);
    auto target = parse_target(options.remove_target);
    if (!target) return report_error(target.error(), k_exit_usage);
    const fs::path stamp = stamp_path(ctx.store, *toolchain, *target);
    std::error_code ec;
    if (!fs::remove(stamp, ec)) {
        return report_error(make_error("{} is not bootstrapped for {} ({})", target->str(),
                                       toolchain->env.version, toolchain->go.string()),
                            k_exit_usage);
    }
    fmt::print(stderr, "removed the bootstrap stamp of {} for {}\n", target->str(), toolchain->env.version);
    return k_exit_ok;
}

int run_build_sdk(const ToolchainOptions& options) {
    auto context = make_context();
    if (!context) return report_error(context.error(), k_exit_usage);
    Context& ctx = **context;
    const std::optional<std::string> bootstrap_flag =
        !options.bootstrap_go.empty() ? std::optional<std::string>(options.bootstrap_go) : options.go;
    auto bootstrap = resolve_toolchain(bootstrap_flag, ctx.env, ctx.queries, &ctx.store);
    if (!bootstrap) return report_error(bootstrap.error(), k_exit_usage);

    SdkBuildRequest request{options.source, options.name, &*bootstrap, ctx.env};
    auto style = stderr_console_style(ctx.env, false);
    if (!style) return report_error(style.error(), k_exit_usage);
    const bool terminal = style->live;
    fmt::print(stderr, "building a Go SDK from {} with GOROOT_BOOTSTRAP={} ({})\n", options.source,
               bootstrap->env.goroot, bootstrap->env.version);
    // make.bash takes minutes: on a terminal its elapsed time and last line
    // overprint one line; elsewhere a line now and then says it is alive.
    const std::size_t columns = style->columns;
    const SdkBuildProgress progress = [terminal, columns](std::chrono::steady_clock::duration elapsed,
                                                          const std::string& last_line) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
        if (terminal) {
            const std::size_t width = terminal_width(STDERR_FILENO, columns);
            fmt::print(stderr, "\r{}\x1b[K",
                       fit_to_width(fmt::format("make.bash {}s  {}", seconds, last_line), width > 1 ? width - 1 : width));
        } else {
            fmt::print(stderr, "make.bash running for {}s: {}\n", seconds, last_line);
        }
        std::fflush(stderr);
    };
    std::variant<BuiltSdk, SdkBuildFailure> outcome = SdkBuildFailure{};
    {
        InterruptGuard guard;
        PosixProcessRunner runner;
        const SystemClock clock;
        outcome = build_sdk(ctx.store, request, runner, clock, progress);
    }
    if (terminal) fmt::print(stderr, "\r\x1b[K");
    if (auto* failure = std::get_if<SdkBuildFailure>(&outcome)) {
        if (!failure->log_tail.empty()) {
            fmt::print(stderr, "last lines of {}:\n{}\n", failure->log.string(), failure->log_tail);
        }
        report_error(Error{failure->message + (failure->log.empty() ? "" : "; full log: " + failure->log.string())},
                     k_exit_failed);
        return failure->interrupt_signal != 0 ? k_exit_signal_base + failure->interrupt_signal : k_exit_failed;
    }
    const BuiltSdk& sdk = std::get<BuiltSdk>(outcome);
    // Registered only if the new go works: otherwise it is not an SDK.
    auto built = load_toolchain(sdk.go(), "store", ctx.env, ctx.queries, &ctx.store);
    if (!built) {
        (void)remove_built_sdk(ctx.store, sdk.name);
        return report_error(built.error(), k_exit_failed);
    }
    fmt::print(stderr, "built SDK {} ({}) at {}; select it with --go {}\n", sdk.name, built->env.version,
               sdk.goroot.string(), sdk.go().string());
    return k_exit_ok;
}

void add_go_option(CLI::App* cmd, const std::shared_ptr<ToolchainOptions>& options) {
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; },
        "the go binary or version to use (default: XBUILD_GO, $GOROOT/bin/go, go on PATH, store)");
}

}  // namespace

CommandRunnerFn add_toolchain_command(CLI::App& app) {
    auto options = std::make_shared<ToolchainOptions>();
    auto chosen = std::make_shared<std::function<int()>>();
    CLI::App* cmd = app.add_subcommand("toolchain", "bootstrap targets, build SDKs from source, list and remove them");
    cmd->require_subcommand(1);

    CLI::App* bootstrap = cmd->add_subcommand("bootstrap", "make the SDK ready for targets (go build std + a verified probe)");
    bootstrap->add_option("targets", options->targets, "targets (default: the host); same syntax as build -t");
    bootstrap->add_option("-j,--jobs", options->jobs, "targets bootstrapped at once")->check(CLI::PositiveNumber);
    add_go_option(bootstrap, options);
    bootstrap->callback([options, chosen] { *chosen = [options] { return run_bootstrap(*options); }; });

    CLI::App* list = cmd->add_subcommand("list", "list SDKs and their bootstrapped targets");
    list->add_flag("--json", options->json, "print JSON");
    add_go_option(list, options);
    list->callback([options, chosen] { *chosen = [options] { return run_list(*options); }; });

    CLI::App* remove = cmd->add_subcommand("remove", "remove a built SDK, or one target's bootstrap stamp");
    remove->add_option("name", options->remove_name, "the SDK's name (see toolchain list)");
    remove->add_option("--target", options->remove_target, "remove this target's stamp instead");
    add_go_option(remove, options);
    remove->callback([options, chosen] { *chosen = [options] { return run_remove(*options); }; });

    CLI::App* build = cmd->add_subcommand("build", "build a Go SDK from a source tree with its own src/make.bash");
    build->add_option("--src", options->source, "the Go source tree (has src/make.bash)")->required();
    build->add_option("--bootstrap-go", options->bootstrap_go,
                      "the go whose GOROOT becomes GOROOT_BOOTSTRAP (default: the resolved SDK)");
    build->add_option("--name", options->name, "the SDK's name in the store (default: its VERSION)");
    add_go_option(build, options);
    build->callback([options, chosen] { *chosen = [options] { return run_build_sdk(*options); }; });

    return [chosen] { return *chosen ? (*chosen)() : k_exit_usage; };
}

}  // namespace xbuild::cli
