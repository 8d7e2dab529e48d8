#include <cstdio>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/bootstrap.hpp>
#include <xbuild/exit_codes.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>
#include <xbuild/version.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace {

struct EnvOptions {
    bool json = false;
    std::string target;
    std::optional<std::string> go;
};

const char* readiness_name(Readiness readiness) {
    switch (readiness) {
        case Readiness::ready: return "yes";
        case Readiness::missing: return "no";
        case Readiness::stale: return "stale";
    }
    return "no";
}

int run_env(const EnvOptions& options) {
    const Environment env = current_environment();
    auto store = Store::locate(env);
    if (!store) return report_error(store.error(), k_exit_usage);
    PosixCommandRunner queries;
    auto toolchain = resolve_toolchain(options.go, env, queries, &*store);
    if (!toolchain) return report_error(toolchain.error(), k_exit_usage);

    Target target = toolchain->host();
    if (!options.target.empty()) {
        auto targets = expand_targets(TargetSelection{{}, {}, {options.target}}, toolchain->platforms,
                                      toolchain->host());
        if (!targets) return report_error(targets.error(), k_exit_usage);
        if (targets->size() != 1) {
            return report_error(make_error("-t {} names {} targets; env shows one", options.target,
                                           targets->size()),
                                k_exit_usage);
        }
        target = targets->front();
        if (auto valid = validate_variants({target}, *toolchain, env, queries); !valid) {
            return report_error(valid.error(), k_exit_usage);
        }
    }

    // Ordered as go env orders its output: alphabetically.
    nlohmann::ordered_json values;
    values["GOARCH"] = target.arch;
    values["GOHOSTARCH"] = toolchain->env.host_arch;
    values["GOHOSTOS"] = toolchain->env.host_os;
    values["GOOS"] = target.os;
    values["GOROOT"] = toolchain->env.goroot;
    values["GOVERSION"] = toolchain->env.version;
    if (auto setting = variant_setting(target); setting && *setting) {
        values[(*setting)->variable] = (*setting)->value;
    }
    const Platform* platform = toolchain->find_platform(target);
    values["XBUILD_BOOTSTRAPPED"] = readiness_name(target_readiness(*store, *toolchain, target));
    values["XBUILD_CGO_SUPPORTED"] = platform && platform->cgo_supported ? "yes" : "no";
    values["XBUILD_GO"] = toolchain->go.string();
    values["XBUILD_GO_FOUND_BY"] = toolchain->found_by;
    values["XBUILD_STORE"] = store->root().string();
    values["XBUILD_TARGET"] = target.str();
    values["XBUILD_VERSION"] = k_version;

    if (options.json) {
        fmt::print("{}\n", json_text(values, 2));
        return k_exit_ok;
    }
    for (const auto& [key, value] : values.items()) {
        fmt::print("{}=\"{}\"\n", key, value.get<std::string>());
    }
    return k_exit_ok;
}

}  // namespace

CommandRunnerFn add_env_command(CLI::App& app) {
    auto options = std::make_shared<EnvOptions>();
    CLI::App* cmd = app.add_subcommand("env", "print the Go environment xbuild uses for a target");
    cmd->add_flag("--json", options->json, "print JSON");
    cmd->add_option("-t,--target", options->target, "the target (default: the host)");
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; },
        "the go binary or version to use");
    return [options] { return run_env(*options); };
}

}  // namespace xbuild::cli
