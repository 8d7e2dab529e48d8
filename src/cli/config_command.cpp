#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include <xbuild/config_view.hpp>
#include <xbuild/effective_config.hpp>
#include <xbuild/exit_codes.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>

#include "commands.hpp"
#include "config_flags.hpp"

namespace xbuild::cli {

namespace {

struct ConfigCommandOptions {
    ConfigFlags config;
    bool json = false;
    std::string for_target;
    std::optional<std::string> go;
};

int run_config(const ConfigCommandOptions& options) {
    const Environment env = current_environment();
    auto cwd = current_directory();
    if (!cwd) return report_error(cwd.error(), k_exit_usage);
    auto layers = resolve_config_layers(options.config, *cwd, env);
    if (!layers) return report_error(layers.error(), k_exit_usage);

    // Target patterns are checked, and overrides matched, against the
    // toolchain's own target list, as a build does.
    std::vector<Platform> platforms;
    std::optional<Target> target;
    auto store = Store::locate(env);
    PosixCommandRunner queries;
    auto toolchain = store ? resolve_toolchain(options.go, env, queries, &*store)
                           : Result<Toolchain>(store.error());
    if (toolchain) {
        platforms = toolchain->platforms;
        if (auto targets = expand_config_targets(*layers, platforms, toolchain->host()); !targets) {
            return report_error(targets.error(), k_exit_usage);
        }
    } else if (!options.for_target.empty()) {
        return report_error(toolchain.error(), k_exit_usage);
    } else {
        fmt::print(stderr, "xbuild: target patterns not checked: {}\n", toolchain.error().message);
    }
    if (!options.for_target.empty()) {
        auto named = expand_targets(TargetSelection{{}, {}, {options.for_target}}, platforms,
                                    toolchain->host());
        if (!named)
            return report_error(make_error("--for: {}", named.error().message), k_exit_usage);
        if (named->size() != 1) {
            return report_error(make_error("--for {} names {} targets; name one, e.g. linux/amd64",
                                           options.for_target, named->size()),
                                k_exit_usage);
        }
        target = named->front();
    }
    const ConfigView view = make_config_view(*layers, default_jobs(), target, platforms);
    if (options.json) {
        fmt::print("{}\n", json_text(config_view_json(view), 2));
    } else {
        fmt::print("{}", format_config_view(view));
    }
    return k_exit_ok;
}

}  // namespace

CommandRunnerFn add_config_command(CLI::App& app) {
    auto options = std::make_shared<ConfigCommandOptions>();
    CLI::App* cmd = app.add_subcommand(
        "config", "print the effective configuration and where each value came from");
    add_config_flags(*cmd, options->config);
    cmd->add_option("--for", options->for_target,
                    "show one target's settings, with the overrides that match it applied");
    cmd->add_flag("--json", options->json, "print it as JSON");
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; },
        "the go binary whose target list checks the patterns (default: XBUILD_GO, $GOROOT/bin/go, "
        "go on PATH)");
    return [options] { return run_config(*options); };
}

}  // namespace xbuild::cli
