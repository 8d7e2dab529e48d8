#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include <xbuild/bootstrap.hpp>
#include <xbuild/cc_probe.hpp>
#include <xbuild/doctor.hpp>
#include <xbuild/effective_config.hpp>
#include <xbuild/exit_codes.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>

#include "commands.hpp"
#include "config_flags.hpp"

namespace xbuild::cli {

namespace {

struct DoctorOptions {
    bool json = false;
    ConfigFlags config;  // the targets and their compilers, as a build gets them
    std::optional<std::string> go;
};

int run_doctor(const DoctorOptions& options) {
    const Environment env = current_environment();
    auto cwd = current_directory();
    if (!cwd) return report_error(cwd.error(), k_exit_usage);
    // xbuild.json's targets and compilers too: doctor answers for the build
    // that `xbuild` would run here.
    auto layers = resolve_config_layers(options.config, *cwd, env);
    if (!layers) return report_error(layers.error(), k_exit_usage);
    auto store = Store::locate(env);
    if (!store) return report_error(store.error(), k_exit_usage);
    PosixCommandRunner queries;
    auto toolchain = resolve_toolchain(options.go, env, queries, &*store);
    if (!toolchain) return report_error(toolchain.error(), k_exit_usage);

    auto targets = expand_config_targets(*layers, toolchain->platforms, toolchain->host());
    if (!targets) return report_error(targets.error(), k_exit_usage);
    const Environment base_env = environment_with(env, base_settings(*layers));
    if (auto valid = validate_variants(*targets, *toolchain, base_env, queries); !valid) {
        return report_error(valid.error(), k_exit_usage);
    }
    auto registry = locate_cc_registry(self_executable());
    if (!registry) return report_error(registry.error(), k_exit_usage);
    CompileCcProber prober(queries, go_command_environment(env), store->root() / "tmp", *store);

    DoctorReport report;
    report.go = toolchain->go.string();
    report.go_version = toolchain->env.version;
    report.goroot = toolchain->env.goroot;
    report.found_by = toolchain->found_by;
    report.host = toolchain->host().str();
    report.store = store->root().string();
    for (const Target& target : *targets) {
        DoctorEntry entry;
        entry.target = target;
        if (const Platform* platform = toolchain->find_platform(target)) {
            entry.first_class = platform->first_class;
            entry.cgo_supported = platform->cgo_supported;
        }
        entry.bootstrap = target_readiness(*store, *toolchain, target);
        const TargetSettings settings = target_settings(*layers, target, toolchain->platforms);
        auto cc = cc_settings_for(settings, environment_with(env, settings), toolchain->host());
        if (!cc) return report_error(cc.error(), k_exit_usage);
        std::optional<Result<CcSelection>> selection;
        if (entry.cgo_supported) selection = select_cc(*registry, *cc, target, prober);
        entry.cc = diagnose_cc(selection ? &*selection : nullptr, *registry, target,
                               entry.cgo_supported);
        entry.run = run_capability(target, toolchain->host(), env);
        report.targets.push_back(std::move(entry));
    }

    if (options.json) {
        fmt::print("{}\n", json_text(doctor_to_json(report), 2));
    } else {
        fmt::print("{}", format_doctor(report));
    }
    return k_exit_ok;
}

}  // namespace

CommandRunnerFn add_doctor_command(CLI::App& app) {
    auto options = std::make_shared<DoctorOptions>();
    CLI::App* cmd = app.add_subcommand(
        "doctor", "per target: SDK, bootstrap state, C compiler, and whether it runs here");
    cmd->add_flag("--json", options->json, "print JSON");
    add_target_flags(*cmd, options->config);
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; },
        "the go binary or version to use");
    return [options] { return run_doctor(*options); };
}

}  // namespace xbuild::cli
