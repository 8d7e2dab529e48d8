#include <cstdio>
#include <optional>

#include <fmt/format.h>

#include <xbuild/exit_codes.hpp>
#include <xbuild/store.hpp>
#include <xbuild/toolchain.hpp>
#include <xbuild/version.hpp>

#include "commands.hpp"

namespace xbuild::cli {

CommandRunnerFn add_version_command(CLI::App& app) {
    auto with_go = std::make_shared<bool>(false);
    auto go = std::make_shared<std::optional<std::string>>();
    CLI::App* cmd = app.add_subcommand("version", "print xbuild's version");
    cmd->add_flag("--go-version", *with_go, "also resolve the Go toolchain and print its version");
    cmd->add_option_function<std::string>(
        "--go", [go](const std::string& value) { *go = value; }, "the go binary to use");
    return [with_go, go] {
        fmt::print("xbuild {}\n", k_version);
        if (!*with_go && !go->has_value()) return k_exit_ok;
        PosixCommandRunner queries;
        const Environment env = current_environment();
        auto store = Store::locate(env);
        auto toolchain = resolve_toolchain(*go, env, queries, store ? &*store : nullptr);
        if (!toolchain) return report_error(toolchain.error(), k_exit_usage);
        fmt::print("go {} ({})\n", toolchain->env.version, toolchain->go.string());
        return k_exit_ok;
    };
}

}  // namespace xbuild::cli
