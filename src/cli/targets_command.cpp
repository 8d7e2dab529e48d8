#include <algorithm>
#include <cstdio>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <xbuild/exit_codes.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/shard.hpp>
#include <xbuild/target.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace {

struct TargetsOptions {
    bool json = false;
    bool first_class = false;
    bool cgo = false;
    bool matrix = false;
    std::size_t shards = 0;
    std::vector<std::string> target_specs;
    std::vector<std::string> os_list;
    std::vector<std::string> arch_list;
    std::optional<std::string> go;
};

// --matrix: the selection (as `build` would expand it) as a CI job matrix,
// {"include": [...]}, one entry per target, or per shard with --shards N.
int print_matrix(const TargetsOptions& options, const Toolchain& toolchain) {
    const TargetSelection selection{split_all(options.os_list), split_all(options.arch_list),
                                    split_all(options.target_specs)};
    auto targets = expand_targets(selection, toolchain.platforms, toolchain.host());
    if (!targets) return report_error(targets.error(), k_exit_usage);
    nlohmann::json include = nlohmann::json::array();
    if (options.shards == 0) {
        for (const Target& target : select_shard(*targets, Shard{})) {
            include.push_back({{"target", target.str()},
                               {"os", target.os},
                               {"arch", target.arch},
                               {"variant", target.variant}});
        }
    } else {
        for (std::size_t k = 1; k <= options.shards; ++k) {
            const auto slice = select_shard(*targets, Shard{k, options.shards});
            if (slice.empty()) continue;  // more shards than targets: no idle jobs
            std::vector<std::string> names;
            for (const Target& target : slice) names.push_back(target.str());
            include.push_back({{"shard", fmt::format("{}/{}", k, options.shards)},
                               {"targets", fmt::format("{}", fmt::join(names, ","))},
                               {"count", slice.size()}});
        }
    }
    fmt::print("{}\n", json_text(nlohmann::json{{"include", include}}, options.json ? 2 : -1));
    return k_exit_ok;
}

int run_targets(const TargetsOptions& options) {
    const Environment env = current_environment();
    auto store = Store::locate(env);
    PosixCommandRunner queries;
    // The store only speeds this up (cached dist list); without one, ask go.
    auto toolchain = resolve_toolchain(options.go, env, queries, store ? &*store : nullptr);
    if (!toolchain) return report_error(toolchain.error(), k_exit_usage);
    if (options.matrix) return print_matrix(options, *toolchain);
    if (options.shards != 0 || !options.target_specs.empty() || !options.os_list.empty() ||
        !options.arch_list.empty()) {
        return report_error(make_error("--shards, -t, --os and --arch go with --matrix"), k_exit_usage);
    }

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
        fmt::print("{}\n", json_text(list, 2));
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
    cmd->add_flag("--matrix", options->matrix,
                  "print the selected targets (-t, --os, --arch, as for build) as a CI job matrix: "
                  "{\"include\": [...]}");
    cmd->add_option("--shards", options->shards, "with --matrix: one entry per shard (K/N) instead of per target")
        ->check(CLI::Range(1, 10000));
    cmd->add_option("-t,--target", options->target_specs, "with --matrix: the targets, as for build")
        ->allow_extra_args(false);
    cmd->add_option("--os", options->os_list, "with --matrix: GOOS list")->allow_extra_args(false);
    cmd->add_option("--arch", options->arch_list, "with --matrix: GOARCH list")->allow_extra_args(false);
    cmd->add_option_function<std::string>(
        "--go", [options](const std::string& go) { options->go = go; }, "the go binary to use");
    return [options] { return run_targets(*options); };
}

}  // namespace xbuild::cli
