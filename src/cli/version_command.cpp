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
    cmd->add_flag("--go-version", *with_go, "fail when no Go toolchain is found");
    cmd->add_option_function<std::string>(
        "--go", [go](const std::string& value) { *go = value; }, "the go binary to use");
    return [with_go, go] {
        fmt::print("xbuild {}\n", k_version);
        // The Go line is best effort: `xbuild version` must work without Go,
        // unless the user asked for one explicitly.
        const Environment env = current_environment();
        auto store = Store::locate(env);
        PosixCommandRunner queries;
        auto toolchain = resolve_toolchain(*go, env, queries, store ? &*store : nullptr);
        if (!toolchain) {
            return go->has_value() || *with_go ? report_error(toolchain.error(), k_exit_usage) : k_exit_ok;
        }
        fmt::print("go {} ({})\n", toolchain->env.version, toolchain->go.string());
        return k_exit_ok;
    };
}

}  // namespace xbuild::cli
