#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/build_driver.hpp>
#include <xbuild/build_manifest.hpp>
#include <xbuild/build_task.hpp>
#include <xbuild/checksums.hpp>
#include <xbuild/console.hpp>
#include <xbuild/event_log.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/partial_rebuild.hpp>
#include <xbuild/duration.hpp>
#include <xbuild/cc_registry.hpp>
#include <xbuild/cgo_apply.hpp>
#include <xbuild/effective_config.hpp>
#include <xbuild/store.hpp>
#include <xbuild/exit_codes.hpp>
#include <xbuild/input_fingerprint.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/process.hpp>
#include <xbuild/query_cache.hpp>
#include <xbuild/run_dir.hpp>
#include <xbuild/shard.hpp>
#include <xbuild/smoke.hpp>
#include <xbuild/target_groups.hpp>
#include <xbuild/scheduler.hpp>
#include <xbuild/status_printer.hpp>
#include <xbuild/text.hpp>
#include <xbuild/toolchain.hpp>
#include <xbuild/version.hpp>
#include <xbuild/version_info.hpp>

#include "commands.hpp"
#include "config_flags.hpp"

namespace xbuild::cli {

namespace fs = std::filesystem;

namespace {

struct BuildCommandOptions {
    ConfigFlags config;  // targets, output, go flags, jobs, cgo, compilers; see project_config.hpp
    std::vector<std::string> packages;
    GoBuildFlags flags;  // its ldflags, gcflags, tags and trimpath come from the configuration
    bool dry_run = false;
    bool verbose = false;
    bool quiet = false;
    bool json = false;
    bool json_events = false;
    std::string report_path;
    std::optional<std::string> checksums;  // set by --checksums; empty: the default file
    std::string shard;                     // K/N, empty: every target
    bool smoke = false;
    std::string smoke_args;
    std::string smoke_timeout = "30s";
    std::optional<std::string> version_string;
    bool fail_fast = false;
    bool no_bootstrap = false;
    std::optional<std::string> go;
    std::string grace = "5s";
    std::string timeout;
    bool force = false;
};

std::string random_suffix() {
    std::random_device device;
    return fmt::format("{:08x}", device());
}

nlohmann::json plan_to_json(const std::vector<BuildJob>& jobs) {
    nlohmann::json list = nlohmann::json::array();
    for (const BuildJob& job : jobs) {
        list.push_back({{"target", job.target.str()},
                        {"package", job.package.import_path},
                        {"output", job.output_path.string()},
                        {"command", job.command.argv},
                        {"env", job.target_env},
                        {"dir", job.command.cwd.string()}});
    }
    return {{"jobs", list}};
}

void print_plan(const std::vector<BuildJob>& jobs, const fs::path& cwd) {
    for (const BuildJob& job : jobs) {
        fmt::print("# {} -> {}\n", job.target.str(),
                   job.output_path.lexically_proximate(cwd).string());
        std::string env;
        for (const auto& [key, value] : job.target_env) env += fmt::format("{}={} ", key, value);
        fmt::print("{}{}\n", env, shell_quote(job.command.argv));
    }
}

// xbuild's own CPU time and peak RSS so far, children not counted.
nlohmann::json self_usage() {
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return {{"cpu_ms", -1}, {"max_rss_kb", -1}};
    const auto ms = [](const timeval& t) {
        return static_cast<std::int64_t>(t.tv_sec) * 1000 + t.tv_usec / 1000;
    };
    return {{"cpu_ms", ms(usage.ru_utime) + ms(usage.ru_stime)},
            {"max_rss_kb", static_cast<std::int64_t>(usage.ru_maxrss)}};
}

// Environment variables that reach go and cannot change what it builds.
bool irrelevant_to_artifacts(const std::string& name) {
    static const char* const k_names[] = {"GOPROXY",  "GONOPROXY", "GOSUMDB",    "GONOSUMDB",
                                          "GOPRIVATE", "GOINSECURE", "GOTMPDIR", "GOCACHEPROG"};
    for (const char* irrelevant : k_names) {
        if (name == irrelevant) return true;
    }
    return false;
}

// Whether an environment variable can shape an artifact: go's own (GOFLAGS,
// GOARM, GOEXPERIMENT...), cgo's and the C toolchain's, PATH (which go, cc
// and pkg-config run), SOURCE_DATE_EPOCH. Conservative: when in doubt, in.
bool shapes_artifacts(const std::string& name) {
    if (irrelevant_to_artifacts(name)) return false;
    for (const char* prefix : {"GO", "CGO_", "CC", "CXX", "CFLAGS", "CPPFLAGS", "LDFLAGS", "AR",
                               "PKG_CONFIG", "XBUILD_GO"}) {
        if (name.starts_with(prefix)) return true;
    }
    return name == "PATH" || name == "SOURCE_DATE_EPOCH";
}

// The canonical text of what this run asks for, the key of its manifest:
// xbuild's own binary (a rebuilt xbuild may build differently), where it
// runs, the configuration's values and every other flag that shapes
// artifacts, and the environment that does.
std::string build_request(const BuildCommandOptions& options, const ConfigLayers& config,
                          const fs::path& cwd, const Environment& env,
                          const TemplateFields& version_fields) {
    nlohmann::json self = nullptr;
    if (auto identity = identify_file(self_executable())) {
        self = {identity->path, identity->size, identity->mtime_ns};
    }
    const GoBuildFlags& f = options.flags;
    nlohmann::json shaping_env = nlohmann::json::object();
    for (const auto& [name, value] : env) {
        if (shapes_artifacts(name)) shaping_env[name] = value;
    }
    const nlohmann::json request = {
        {"xbuild", {k_version, self}},
        {"cwd", cwd.string()},
        {"version_fields", version_fields},
        {"config", config_request(config)},
        {"shard", options.shard},
        {"packages", options.packages},
        {"flags", {f.asmflags, f.buildmode, f.mod, f.race, f.reproducible}},
        {"go_args", passthrough_args()},
        {"go", options.go.value_or("")},
        {"env", shaping_env},
    };
    return json_text(request);
}

// --checksums: SHA256SUMS over the artifacts that are in place (ok targets).
// Returns false, having said why, when the file cannot be written.
// Without a FILE it goes where every planned artifact's directory meets,
// failed targets' included, so that a failure does not move it.
bool write_requested_checksums(const BuildCommandOptions& options, const std::vector<ChecksumEntry>& entries,
                               const std::vector<std::string>& planned_outputs, const fs::path& cwd) {
    if (!options.checksums) return true;
    std::vector<ChecksumEntry> planned;
    for (const std::string& output : planned_outputs) planned.push_back({output, {}});
    const fs::path file = options.checksums->empty() ? default_checksums_path(planned)
                                                     : (cwd / *options.checksums).lexically_normal();
    if (auto written = write_checksums(entries, file); !written) {
        report_error(make_error("--checksums: {}", written.error().message), k_exit_failed);
        return false;
    }
    if (options.verbose) fmt::print(stderr, "xbuild: wrote {}\n", file.lexically_proximate(cwd).string());
    return true;
}

// The file --checksums will write; the input listing must skip it (it may
// land among the sources), or every run would see it as a new input.
std::optional<fs::path> planned_checksums_file(const BuildCommandOptions& options,
                                               const std::vector<BuildJob>& jobs, const fs::path& cwd) {
    if (!options.checksums) return std::nullopt;
    if (!options.checksums->empty()) return (cwd / *options.checksums).lexically_normal();
    std::vector<ChecksumEntry> entries;
    for (const BuildJob& job : jobs) entries.push_back({job.output_path, {}});
    return default_checksums_path(entries);
}

// --json and --report: the final report printed and written alike. False
// (the error already printed) when the report file could not be written.
bool emit_report(const nlohmann::json& report, const BuildCommandOptions& options) {
    const std::string text = json_text(report, 2);
    if (options.json) fmt::print("{}\n", text);
    if (options.report_path.empty()) return true;
    if (auto written = write_file_atomic(options.report_path, text + "\n"); !written) {
        report_error(written.error(), k_exit_failed);
        return false;
    }
    return true;
}

// The no-op answer: the recorded report, marked up to date, for people and
// for programs, without a single go process.
int report_up_to_date(const BuildManifest& manifest, const BuildCommandOptions& options,
                      const fs::path& cwd, const SystemClock& clock,
                      std::chrono::steady_clock::time_point started, BuildProgress& progress) {
    nlohmann::json report = manifest.report;
    report["started_at"] = rfc3339_utc(clock.wall_now());
    report["up_to_date"] = true;
    std::vector<std::string> target_names;
    for (auto& target : report["targets"]) {
        target["up_to_date"] = true;
        target["duration_ms"] = 0;
        target["bootstrap"] = {{"ran", false}, {"waited", false}, {"duration_ms", 0}};
        target["log"] = "";
        target["smoke"] = nullptr;  // a no-op run runs nothing
        target_names.push_back(target.value("target", ""));
    }
    progress.run_started(target_names, 0, target_names.size());
    for (const auto& target : report["targets"]) {
        const std::string output = target.value("output", "");
        const auto size = target.value("size", std::uint64_t{0});
        progress.recorded_target_finished(
            target, fmt::format("{:<11} {:<16} {}  {}", "up to date", target.value("target", ""),
                                fs::path(output).lexically_proximate(cwd).string(), format_size(size)));
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - started);
    report["duration_ms"] = elapsed.count();
    report["xbuild_self"] = self_usage();
    const std::size_t count = target_names.size();
    progress.run_finished(report, fmt::format("{} target{}: all up to date in {}", count, count == 1 ? "" : "s",
                                              format_duration_ms(elapsed.count())));
    if (!emit_report(report, options)) return k_exit_failed;
    std::vector<ChecksumEntry> entries;
    std::vector<std::string> outputs;
    for (const auto& target : report["targets"]) {
        entries.push_back({target.value("output", ""), target.value("sha256", "")});
        outputs.push_back(target.value("output", ""));
    }
    return write_requested_checksums(options, entries, outputs, cwd) ? k_exit_ok : k_exit_failed;
}

// What the next run compares against: the inputs as they were before this
// run's builds started, the artifacts as they are now.
void record_manifest(const fs::path& file, const std::string& request, const Toolchain& toolchain,
                     const InputScope& scope, InputSet inputs, const std::vector<BuildJob>& jobs,
                     const RunReport& report, const nlohmann::json& report_json, bool verbose) {
    BuildManifest manifest;
    manifest.request = request;
    manifest.go = toolchain.identity;
    manifest.scope = scope;
    manifest.inputs = std::move(inputs);
    manifest.report = report_json;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (jobs[i].cgo.enabled && jobs[i].cgo.cc && !jobs[i].cgo.cc->resolved_path.empty()) {
            if (auto tool = identify_file(jobs[i].cgo.cc->resolved_path)) {
                manifest.tools.push_back(std::move(*tool));
            }
        }
        const TargetReport& target = report.targets[i];
        auto output = record_output(target.output, target.sha256);
        if (!output) return;  // not all there: no manifest, the next run builds
        manifest.outputs.push_back(std::move(*output));
    }
    if (auto written = write_manifest(file, manifest); !written && verbose) {
        fmt::print(stderr, "xbuild: not recording this build for no-op runs: {}\n",
                   written.error().message);
    }
}

// What the input listing leaves out: every output directory, unless it holds
// module sources (the module root itself, say), where only the artifacts go;
// and the report file, which every run rewrites.
std::vector<fs::path> excluded_from_inputs(const std::vector<BuildJob>& jobs,
                                           const std::vector<fs::path>& roots,
                                           const std::string& report_path,
                                           const std::optional<fs::path>& checksums_file,
                                           const fs::path& cwd) {
    std::vector<fs::path> excluded;
    for (const BuildJob& job : jobs) {
        const fs::path dir = job.output_path.parent_path().lexically_normal();
        bool holds_sources = false;
        for (const fs::path& root : roots) {
            const auto relative = root.lexically_relative(dir);
            if (!relative.empty() && *relative.begin() != "..") holds_sources = true;
        }
        excluded.push_back(holds_sources ? job.output_path.lexically_normal() : dir);
    }
    if (!report_path.empty()) excluded.push_back((cwd / report_path).lexically_normal());
    if (checksums_file) excluded.push_back(*checksums_file);
    std::sort(excluded.begin(), excluded.end());
    excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
    return excluded;
}

// What setup has learned so far. A signal during setup (it cuts a go query
// or a cc probe short) still ends as an interrupted build does: with the
// report that was asked for, every target known by then `interrupted`.
struct SetupState {
    const BuildCommandOptions& options;
    const SystemClock& clock;
    std::chrono::system_clock::time_point started_at;
    std::chrono::steady_clock::time_point started;
    const ConfigLayers* config = nullptr;
    const Toolchain* toolchain = nullptr;
    const std::vector<Target>* targets = nullptr;
    const std::vector<BuildJob>* jobs = nullptr;
    BuildProgress* progress = nullptr;
};

RunReport interrupted_setup_report(const SetupState& state, int sig) {
    RunReport report;
    report.xbuild_version = k_version;
    report.started_at = state.started_at;
    report.interrupt_signal = sig;
    if (state.toolchain) {
        report.go_version = state.toolchain->env.version;
        report.goroot = state.toolchain->env.goroot;
        report.host = state.toolchain->host().str();
    }
    if (state.jobs) {
        for (const BuildJob& job : *state.jobs) report.targets.push_back(initial_report(job));
    } else {
        // Before the targets were expanded, they still can be: that is a
        // pure function of the configuration and the toolchain's platforms.
        std::vector<Target> expanded;
        if (state.targets) {
            expanded = *state.targets;
        } else if (state.config && state.toolchain) {
            expanded = expand_config_targets(*state.config, state.toolchain->platforms, state.toolchain->host())
                           .value_or(std::vector<Target>{});
        }
        for (const Target& target : expanded) {
            TargetReport entry;
            entry.target = target;
            report.targets.push_back(std::move(entry));
        }
    }
    for (TargetReport& target : report.targets) {
        target.status = TargetStatus::interrupted;
        target.error = "not started: interrupted";
    }
    report.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(state.clock.now() - state.started).count();
    return report;
}

// A setup step failed. When a signal is why, the run ends as interrupted
// runs do, with 128 + the signal and the report, not as bad usage.
int setup_failed(const Error& error, const SetupState& state) {
    const int sig = InterruptGuard::first_signal();
    if (sig == 0) return report_error(error, k_exit_usage);
    fmt::print(stderr, "xbuild: interrupted by SIG{} before any build started\n", ::sigabbrev_np(sig));
    const RunReport report = interrupted_setup_report(state, sig);
    const nlohmann::json json = report_to_json(report);
    if (state.progress) {
        std::vector<std::string> names;
        for (const TargetReport& target : report.targets) names.push_back(target.target.str());
        state.progress->run_started(names, 0, names.size());
        state.progress->run_finished(json, format_summary(report));
    }
    // The signal's exit code wins over a report that could not be written.
    (void)emit_report(json, state.options);
    return k_exit_signal_base + sig;
}

int run_build(const BuildCommandOptions& options) {
    // Durations first: a typo in a flag must not cost a toolchain query.
    auto grace = parse_duration(options.grace, "--grace");
    if (!grace) return report_error(grace.error(), k_exit_usage);
    auto smoke_timeout = parse_duration(options.smoke_timeout, "--smoke-timeout");
    if (!smoke_timeout) return report_error(smoke_timeout.error(), k_exit_usage);
    std::vector<std::string> smoke_args;
    if (!options.smoke_args.empty()) {
        auto split = split_command(options.smoke_args);
        if (!split) return report_error(make_error("--smoke-args: {}", split.error().message), k_exit_usage);
        smoke_args = std::move(*split);
    }
    std::optional<Shard> shard;
    if (!options.shard.empty()) {
        auto parsed = parse_shard(options.shard);
        if (!parsed) return report_error(parsed.error(), k_exit_usage);
        shard = *parsed;
    }
    std::optional<std::chrono::milliseconds> timeout;
    if (!options.timeout.empty()) {
        auto parsed = parse_duration(options.timeout, "--timeout");
        if (!parsed) return report_error(parsed.error(), k_exit_usage);
        if (parsed->count() == 0) {
            return report_error(make_error("--timeout \"{}\": must be longer than 0", options.timeout),
                                k_exit_usage);
        }
        timeout = *parsed;
    }

    if (options.json_events && options.json) {
        return report_error(make_error("--json-events and --json both write to stdout; "
                                       "keep --json-events and use --report FILE for the final report"),
                            k_exit_usage);
    }

    // From here to the end a signal is recorded, not fatal: go queries and
    // cc probes are children in their own process groups, so xbuild must
    // stop them itself and leave nothing behind (and, as PID 1 in a
    // container, SIGTERM only arrives at all with a handler installed).
    InterruptGuard guard;
    const SystemClock clock;
    const auto started = clock.now();
    SetupState setup{options, clock, clock.wall_now(), started};
    const Environment env = current_environment();
    auto current = current_directory();
    if (!current) return report_error(current.error(), k_exit_usage);
    const fs::path& cwd = *current;
    auto console_style = stderr_console_style(env, options.quiet);
    if (!console_style) return report_error(console_style.error(), k_exit_usage);
    // The configuration before the toolchain: a typo in xbuild.json must not cost a go query.
    auto config = resolve_config_layers(options.config, cwd, env);
    if (!config) return report_error(config.error(), k_exit_usage);
    setup.config = &*config;

    auto store = Store::locate(env);
    if (!store) return setup_failed(store.error(), setup);
    PosixCommandRunner queries;
    auto toolchain = resolve_toolchain(options.go, env, queries, &*store);
    if (!toolchain) return setup_failed(toolchain.error(), setup);
    setup.toolchain = &*toolchain;
    if (auto supported = check_module_go_version(cwd, *toolchain); !supported) {
        return setup_failed(supported.error(), setup);
    }

    // {{.Version}}, {{.Commit}} and {{.Date}} come from git, asked before
    // the no-op check: a new tag on unchanged sources must rebuild.
    TemplateFields version_fields;
    if (uses_version_fields(config_templates(*config))) {
        auto fields = resolve_version_fields(queries, cwd, env, options.version_string,
                                             std::chrono::system_clock::now());
        if (!fields) return setup_failed(fields.error(), setup);
        version_fields = std::move(*fields);
    }

    // The no-op fast path: the same request as a recorded successful run,
    // and nothing it depends on changed, answers without starting go.
    Console console(stderr, *console_style, clock);
    std::optional<EventLog> events;
    if (options.json_events) events.emplace(stdout, clock);
    BuildProgress progress(console, events ? &*events : nullptr, cwd);
    setup.progress = &progress;
    std::optional<InputScope> scope;
    std::string request;
    fs::path manifest_file;
    std::optional<BuildManifest> recorded;
    std::optional<Staleness> stale_artifacts;  // only some artifacts need building
    if (!options.dry_run && !options.flags.print_commands) {
        auto module = module_input_scope(cwd, lookup(env, "GOWORK"));
        if (!module) {
            if (options.verbose) {
                fmt::print(stderr, "xbuild: no up-to-date check ({}); running go\n",
                           module.error().message);
            }
        } else {
            scope = std::move(*module);
            request = build_request(options, *config, cwd, env, version_fields);
            manifest_file = manifest_path(*store, request);
            if (auto manifest = read_manifest(manifest_file)) recorded = std::move(*manifest);
            if (recorded && !options.force) {
                auto staleness = check_staleness(*recorded, request, toolchain->identity);
                // --smoke runs the binaries even when none needs building.
                if (staleness.up_to_date() && !options.smoke) {
                    return report_up_to_date(*recorded, options, cwd, clock, started, progress);
                }
                if (options.verbose) {
                    if (staleness.everything) {
                        fmt::print(stderr, "xbuild: rebuilding: {}\n", *staleness.everything);
                    }
                    for (const std::string& reason : staleness.reasons) {
                        fmt::print(stderr, "xbuild: rebuilding that target only: {}\n", reason);
                    }
                }
                if (!staleness.everything) stale_artifacts = std::move(staleness);
            }
        }
    }

    auto targets = expand_config_targets(*config, toolchain->platforms, toolchain->host());
    if (!targets) return setup_failed(targets.error(), setup);
    setup.targets = &*targets;
    if (shard) {
        const std::size_t selected = targets->size();
        *targets = select_shard(std::move(*targets), *shard);
        if (options.verbose || targets->empty()) {
            fmt::print(stderr, "xbuild: shard {}/{}: {} of {} selected targets{}\n", shard->index,
                       shard->count, targets->size(), selected,
                       targets->empty() ? "; nothing to build" : "");
        }
    }
    const std::vector<std::string> patterns =
        options.packages.empty() ? std::vector<std::string>{"."} : options.packages;
    // go's answers (variant checks, the main packages, each target's cgo
    // scan) are kept per import graph: an edit inside a function body, the
    // incremental case, then costs no go query at all.
    std::optional<CachingGoQueryRunner> cached_queries;
    if (scope && !options.force) {
        auto paths = list_inputs(*scope);
        auto key = paths ? import_graph_key(*paths, fmt::format("xbuild-queries-1 {} {} {}",
                                                                 toolchain->identity.path,
                                                                 toolchain->identity.size,
                                                                 toolchain->identity.mtime_ns))
                         : Result<std::string>(paths.error());
        if (key) cached_queries.emplace(queries, store->root() / "queries", *key);
        else if (options.verbose) fmt::print(stderr, "xbuild: go query answers not cached: {}\n", key.error().message);
    }
    CommandRunner& graph_queries = cached_queries ? static_cast<CommandRunner&>(*cached_queries) : queries;
    // The configuration's top-level "env" reaches these queries too (GOFLAGS,
    // GOPRIVATE…); per-target overrides reach only their targets' builds.
    const Environment query_env = environment_with(env, base_settings(*config));
    if (auto valid = validate_variants(*targets, *toolchain, query_env, graph_queries); !valid) {
        return setup_failed(valid.error(), setup);
    }
    auto packages = list_main_packages(*toolchain, patterns, cwd, query_env, graph_queries);
    if (!packages) return setup_failed(packages.error(), setup);

    PlanInput input;
    input.toolchain = &*toolchain;
    input.targets = std::move(*targets);
    input.packages = std::move(*packages);
    input.flags = options.flags;
    input.flags.extra_args = passthrough_args();
    input.cwd = cwd;
    input.base_env = env;
    input.unique = random_suffix();
    input.version_fields = version_fields;
    auto registry = locate_cc_registry(self_executable());
    if (!registry) return setup_failed(registry.error(), setup);
    CompileCcProber prober(queries, go_command_environment(env), store->root() / "tmp", *store);
    // Targets that overrides give different settings are planned apart.
    const CgoContext cgo_context{&*toolchain, CgoMode::automatic, &*registry, {}, &prober, &graph_queries};
    auto jobs = plan_target_groups(*config, input, cgo_context);
    if (!jobs) return setup_failed(jobs.error(), setup);
    setup.jobs = &*jobs;
    if (cached_queries && options.verbose && cached_queries->hits() > 0) {
        fmt::print(stderr, "xbuild: {} go query answer{} from the cache (import graph unchanged)\n",
                   cached_queries->hits(), cached_queries->hits() == 1 ? "" : "s");
    }
    if (const int sig = InterruptGuard::first_signal(); sig != 0) {
        // A probe was cut short; its verdict cannot be trusted, so nothing runs.
        return setup_failed(make_error("interrupted"), setup);
    }

    if (options.dry_run) {
        if (options.json) fmt::print("{}\n", json_text(plan_to_json(*jobs), 2));
        else print_plan(*jobs, cwd);
        return k_exit_ok;
    }

    // The inputs are fingerprinted before any build starts, so that an edit
    // made while go runs is seen by the next run.
    std::optional<InputSet> inputs_before;
    if (scope) {
        scope->excluded = excluded_from_inputs(*jobs, scope->roots, options.report_path,
                                               planned_checksums_file(options, *jobs, cwd), cwd);
        // The request holds what the configuration file says; its layout must not rebuild.
        if (config->file) scope->excluded.push_back(config->file->path);
        auto paths = list_inputs(*scope);
        auto set = paths ? fingerprint_inputs(*paths, recorded ? &recorded->inputs : nullptr)
                         : Result<InputSet>(paths.error());
        if (set) {
            inputs_before = std::move(*set);
        } else if (options.verbose) {
            fmt::print(stderr, "xbuild: no up-to-date record for this run: {}\n", set.error().message);
        }
    }

    RunReport report;
    report.xbuild_version = k_version;
    report.go_version = toolchain->env.version;
    report.goroot = toolchain->env.goroot;
    report.host = toolchain->host().str();
    report.started_at = setup.started_at;

    DriverOptions driver;
    const auto configured_jobs = effective_jobs(*config);
    driver.slots = configured_jobs ? configured_jobs->value : default_jobs();
    driver.cores = default_jobs();
    driver.fail_fast = options.fail_fast;
    driver.no_bootstrap = options.no_bootstrap;
    driver.self_exe = self_executable();
    driver.status = StatusOptions{options.verbose, options.flags.print_commands};
    driver.timeout = timeout;
    driver.grace = *grace;
    auto run_dir = RunDir::create(*store);
    if (!run_dir) return setup_failed(run_dir.error(), setup);
    driver.go_tmpdir = run_dir->path();
    // Targets whose recorded artifacts are still good are reported, not built.
    std::vector<std::optional<TargetReport>> reused(jobs->size());
    if (stale_artifacts) {
        if (auto plan = reuse_recorded_targets(*jobs, *recorded, *stale_artifacts)) {
            reused = std::move(*plan);
        } else if (options.verbose) {
            fmt::print(stderr, "xbuild: the recorded build does not match this plan; building every target\n");
        }
    }
    std::vector<std::string> target_names;
    for (const BuildJob& job : *jobs) target_names.push_back(job.target.str());
    progress.run_started(target_names, driver.slots, jobs->size());
    std::vector<BuildJob> to_build;
    for (std::size_t i = 0; i < jobs->size(); ++i) {
        if (reused[i]) {
            progress.target_finished(*reused[i], false);
        } else {
            to_build.push_back((*jobs)[i]);
        }
    }
    {
        PosixProcessRunner runner;
        drive_build(to_build, *toolchain, *store, env, driver, runner, clock, progress, report);
    }
    report.targets = merge_target_reports(std::move(reused), std::move(report.targets));
    if (options.smoke && report.interrupt_signal == 0) {
        SmokeOptions smoke{toolchain->host(), env, cwd, smoke_args, *smoke_timeout, *grace, driver.slots};
        PosixProcessRunner runner;
        report.interrupt_signal = smoke_targets(report, smoke, runner, clock, progress);
    }
    report.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - started).count();

    const nlohmann::json usage = self_usage();
    report.self_cpu_ms = usage["cpu_ms"].get<std::int64_t>();
    report.self_max_rss_kb = usage["max_rss_kb"].get<std::int64_t>();
    const nlohmann::json json = report_to_json(report);
    progress.run_finished(json, format_summary(report));
    int exit_code = exit_code_for(report);
    if (!emit_report(json, options) && exit_code == k_exit_ok) exit_code = k_exit_failed;
    std::vector<ChecksumEntry> entries;
    std::vector<std::string> outputs;
    for (const TargetReport& target : report.targets) {
        if (target.status == TargetStatus::ok) entries.push_back({target.output, target.sha256});
        outputs.push_back(target.output);
    }
    // An interrupted run writes no checksums: a list that silently lacks
    // targets would pass `sha256sum -c` for a release that is not whole.
    if (report.interrupt_signal == 0 && !write_requested_checksums(options, entries, outputs, cwd) &&
        exit_code == k_exit_ok) {
        exit_code = k_exit_failed;
    }
    if (exit_code == k_exit_ok && inputs_before) {
        record_manifest(manifest_file, request, *toolchain, *scope, std::move(*inputs_before), *jobs,
                        report, json, options.verbose);
    }
    return exit_code;
}

}  // namespace

CommandRunnerFn add_build_command(CLI::App& app) {
    auto options = std::make_shared<BuildCommandOptions>();
    CLI::App* cmd = app.add_subcommand("build", "cross-build Go main packages for many targets (the default)");
    cmd->positionals_at_end(false);
    cmd->add_option("packages", options->packages, "package patterns to build (default \".\")");
    add_config_flags(*cmd, options->config);
    cmd->add_option("--shard", options->shard,
                    "build only the K-th of N balanced slices of the selected targets (K/N), "
                    "for CI jobs that split a matrix");
    cmd->add_option_function<std::string>(
        "--version-string", [options](const std::string& version) { options->version_string = version; },
        "the {{.Version}} of -o and --ldflags templates (default: git describe --tags --always --dirty)");
    cmd->add_option("--asmflags", options->flags.asmflags, "go build -asmflags");
    cmd->add_option("--buildmode", options->flags.buildmode, "go build -buildmode");
    cmd->add_option("--mod", options->flags.mod, "go build -mod (readonly, vendor, mod)");
    cmd->add_flag("--race", options->flags.race, "go build -race (host target only)");
    cmd->add_flag("--reproducible", options->flags.reproducible,
                  "identical bytes from the same sources anywhere: -trimpath, -buildvcs=false, "
                  "-ldflags=-buildid=");
    cmd->add_flag("-n,--dry-run", options->dry_run, "print each target's command and environment; run nothing");
    cmd->add_flag("-x", options->flags.print_commands, "print commands as they run; pass -x to go");
    cmd->add_flag("-v,--verbose", options->verbose, "say more");
    cmd->add_flag("-q,--quiet", options->quiet, "print only errors and the summary");
    cmd->add_flag("--json", options->json, "print the report as JSON on stdout");
    cmd->add_flag("--json-events", options->json_events,
                  "print one JSON object per line on stdout as the build goes (target, stage and run "
                  "events)");
    cmd->add_option("--report", options->report_path, "write the JSON report to FILE");
    cmd->add_option_function<std::string>(
           "--checksums", [options](const std::string& file) { options->checksums = file; },
           "write SHA256SUMS (sha256sum -c format) for the built artifacts; "
           "--checksums=FILE to choose the file (default: in the output directory)")
        ->expected(0, 1);
    cmd->add_flag("--fail-fast", options->fail_fast, "start no new target after one fails");
    cmd->add_option("--timeout", options->timeout,
                    "stop a target's bootstrap or build that runs longer (e.g. 90s, 10m)");
    cmd->add_option("--grace", options->grace,
                    "after SIGINT/SIGTERM or a timeout, how long children get before SIGKILL")
        ->capture_default_str();
    cmd->add_flag("--smoke", options->smoke,
                  "run each built binary where this machine can (natively, qemu-user, wine); "
                  "a failing run fails its target");
    cmd->add_option("--smoke-args", options->smoke_args, "arguments for --smoke runs, split like a shell");
    cmd->add_option("--smoke-timeout", options->smoke_timeout, "stop a --smoke run that takes longer")
        ->capture_default_str();
    cmd->add_flag("--force", options->force,
                  "build even when nothing changed since the last identical run");
    cmd->add_flag("--no-bootstrap", options->no_bootstrap,
                  "fail targets the SDK is not bootstrapped for instead of bootstrapping them");
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; },
        "the go binary to use (default: XBUILD_GO, $GOROOT/bin/go, go on PATH)");
    cmd->footer("Arguments after -- are passed to go build verbatim.");
    return [options] { return run_build(*options); };
}

}  // namespace xbuild::cli
