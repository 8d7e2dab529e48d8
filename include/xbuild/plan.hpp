#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xbuild/cgo_policy.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/output_template.hpp>
#include <xbuild/process.hpp>
#include <xbuild/target.hpp>
#include <xbuild/toolchain.hpp>

namespace xbuild {

// The go build flags xbuild passes through.
struct GoBuildFlags {
    std::string ldflags;
    std::string gcflags;
    std::string asmflags;
    std::string tags;
    bool trimpath = false;
    std::string buildmode;
    std::string mod;
    bool race = false;
    // Same sources, same bytes wherever and whenever built: -trimpath,
    // -buildvcs=false and an empty build id (-ldflags=-buildid=).
    bool reproducible = false;
    bool print_commands = false;           // -x
    std::vector<std::string> extra_args;  // after "--", verbatim
};

// One target x main package: everything needed to run and place its build.
struct BuildJob {
    Target target;
    MainPackage package;
    std::filesystem::path output_path;  // final, absolute
    std::filesystem::path temp_path;    // where go writes, beside output_path
    ProcessSpec command;                // go build ... with the target's environment
    Environment target_env;             // the variables xbuild set (for reports and -n)
    CgoDecision cgo;                    // from apply_cgo; refusal set means: do not build
    std::string setup_error;            // set when preparing the job failed (e.g. the cgo scan)
};

struct PlanInput {
    const Toolchain* toolchain = nullptr;
    std::vector<Target> targets;
    std::vector<MainPackage> packages;
    std::string output_template;  // empty: the default
    GoBuildFlags flags;
    std::filesystem::path cwd;    // where go runs and relative outputs resolve
    Environment base_env;         // xbuild's environment
    std::string unique;           // makes temp names unique to this run
    // "Version", "Commit", "Date" for -o and --ldflags templates, when they
    // use them (version_info.hpp); a template naming one that is not here
    // is an error.
    TemplateFields version_fields;
};

// The fields -o and --ldflags templates may name.
const std::vector<std::string>& template_field_names();

// Renders output paths, builds each job's argv and environment, and rejects
// collisions (two jobs, one path) and template errors before anything runs.
// `--race` on a target that does not support it is an error too.
Result<std::vector<BuildJob>> plan_builds(const PlanInput& input);

// `sh`-style quoting of argv for -n/-x output.
std::string shell_quote(const std::vector<std::string>& argv);

}  // namespace xbuild
