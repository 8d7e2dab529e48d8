#include <algorithm>
#include <cstdio>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/exit_codes.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace {

struct TargetsOptions {
    bool json = false;
    bool first_class = false;
    bool cgo = false;
    std::optional<std::string> go;
};

int run_targets(const TargetsOptions& options) {
    const Environment env = current_environment();
    auto store = Store::locate(env);
    PosixCommandRunner queries;
    // The store only speeds this up (cached dist list); without one, ask go.
    auto toolchain = resolve_toolchain(options.go, env, queries, store ? &*store : nullptr);
    if (!toolchain) return report_error(toolchain.error(), k_exit_usage);

    std::vector<Platform> platforms;
    std::copy_if(toolchain->platforms.begin(), toolchain->platforms.end(),
                 std::back_inserter(platforms), [&](const Platform& p) {
                     return (!options.first_class || p.first_class) &&
                            (!options.cgo || p.cgo_supported);
                 });
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const Platform& p : platforms) {
            list.push_back({{"target", p.os + "/" + p.arch},
                            {"os", p.os},
                            {"arch", p.arch},
                            {"cgo_supported", p.cgo_supported},
                            {"first_class", p.first_class}});
        }
        fmt::print("{}\n", list.dump(2));
        return k_exit_ok;
    }
    fmt::print("{:<20} {:<5} {}\n", "TARGET", "CGO", "FIRST-CLASS");
    for (const Platform& p : platforms) {
        fmt::print("{:<20} {:<5} {}\n", p.os + "/" + p.arch, p.cgo_supported ? "yes" : "no",
                   p.first_class ? "yes" : "no");
    }
    fmt::print(stderr, "{} targets from {} ({})\n", platforms.size(), toolchain->env.version,
               toolchain->go.string());
    return k_exit_ok;
}

}  // namespace

CommandRunnerFn add_targets_command(CLI::App& app) {
    auto options = std::make_shared<TargetsOptions>();
    CLI::App* cmd = app.add_subcommand("targets", "list the targets the Go toolchain can build");
    cmd->add_flag("--json", options->json, "print JSON");
    cmd->add_flag("--first-class", options->first_class, "only first-class ports");
    cmd->add_flag("--cgo", options->cgo, "only targets where Go supports cgo");
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; }, "the go binary to use");
    return [options] { return run_targets(*options); };
}

}  // namespace xbuild::cli
