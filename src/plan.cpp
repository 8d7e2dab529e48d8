#include <xbuild/plan.hpp>

#include <map>

#include <fmt/format.h>

#include <xbuild/artifact.hpp>
#include <xbuild/output_template.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string>& k_template_fields = template_field_names();

std::vector<std::string> go_build_args(const GoBuildFlags& flags) {
    std::vector<std::string> args;
    if (flags.print_commands) args.push_back("-x");
    if (flags.trimpath || flags.reproducible) args.push_back("-trimpath");
    // The VCS stamp would differ between a clean and a dirty checkout of the
    // same sources, and the build id hashes paths of the build's inputs.
    if (flags.reproducible) args.push_back("-buildvcs=false");
    if (flags.race) args.push_back("-race");
    auto add = [&](const char* flag, const std::string& value) {
        if (!value.empty()) args.push_back(fmt::format("{}={}", flag, value));
    };
    std::string ldflags = flags.ldflags;
    if (flags.reproducible) ldflags += ldflags.empty() ? "-buildid=" : " -buildid=";
    add("-ldflags", ldflags);
    add("-gcflags", flags.gcflags);
    add("-asmflags", flags.asmflags);
    add("-tags", flags.tags);
    add("-buildmode", flags.buildmode);
    add("-mod", flags.mod);
    args.insert(args.end(), flags.extra_args.begin(), flags.extra_args.end());
    return args;
}

}  // namespace

const std::vector<std::string>& template_field_names() {
    static const std::vector<std::string> names = {"Dir",     "OS",     "Arch", "Variant",
                                                   "Version", "Commit", "Date"};
    return names;
}

Result<std::vector<BuildJob>> plan_builds(const PlanInput& input) {
    if (auto valid = validate_output_template(input.output_template.empty()
                                                  ? std::string(k_default_output_template)
                                                  : input.output_template,
                                              k_template_fields);
        !valid) {
        return valid.error();
    }
    // --ldflags may stamp the version the usual way: -X main.version={{.Version}}.
    const bool ldflags_template = input.flags.ldflags.find("{{") != std::string::npos;
    if (ldflags_template) {
        if (auto valid = validate_output_template(input.flags.ldflags, k_template_fields); !valid) {
            return make_error("--ldflags: {}", valid.error().message);
        }
    }
    const Target host = input.toolchain->host();
    std::vector<BuildJob> jobs;
    std::map<fs::path, std::string> claimed;  // output path -> "target (package)"

    for (const Target& target : input.targets) {
        if (input.flags.race && target != host) {
            return make_error(
                "--race needs cgo, which xbuild enables only for the host target ({}); drop "
                "--race or build {} without it",
                host.str(), target.str());
        }
        auto setting = variant_setting(target);
        if (!setting) return setting.error();

        for (const MainPackage& package : input.packages) {
            TemplateFields fields = input.version_fields;
            fields["Dir"] = package.name();
            fields["OS"] = target.os;
            fields["Arch"] = target.arch;
            fields["Variant"] = target.variant;
            const std::string tmpl =
                effective_output_template(input.output_template, !target.variant.empty());
            auto rendered = render_output_template(tmpl, fields);
            if (!rendered) return rendered.error();
            fs::path output = with_exe_suffix(std::move(*rendered), target.os);
            if (output.is_relative()) output = input.cwd / output;
            output = output.lexically_normal();
            if (output.filename().empty()) {
                return make_error("output template \"{}\" renders a directory ({}) for {}; end it "
                                  "with a file name",
                                  tmpl, output.string(), target.str());
            }

            const std::string who = input.packages.size() > 1
                                        ? fmt::format("{} ({})", target.str(), package.import_path)
                                        : target.str();
            if (const auto [it, fresh] = claimed.emplace(output, who); !fresh) {
                return make_error(
                    "output template gives {} and {} the same path {}; add {{{{.OS}}}}, "
                    "{{{{.Arch}}}} or {{{{.Variant}}}} to -o",
                    it->second, who, output.string());
            }

            BuildJob job;
            job.target = target;
            job.package = package;
            job.output_path = output;
            job.temp_path = temp_path_for(output, input.unique);
            job.target_env = {{"GOOS", target.os}, {"GOARCH", target.arch}};
            if (*setting) job.target_env[(*setting)->variable] = (*setting)->value;
            // cgo is off for every target until xbuild can pick a C cross-compiler;
            // the race detector is the exception and needs it on the host.
            job.target_env["CGO_ENABLED"] = input.flags.race ? "1" : "0";

            Environment env = go_command_environment(input.base_env);
            if (!lookup(input.base_env, "GOTOOLCHAIN")) job.target_env["GOTOOLCHAIN"] = "local";
            for (const auto& [key, value] : job.target_env) env[key] = value;

            GoBuildFlags flags = input.flags;
            if (ldflags_template) {
                auto ldflags = render_output_template(input.flags.ldflags, fields);
                if (!ldflags) return make_error("--ldflags: {}", ldflags.error().message);
                flags.ldflags = std::move(*ldflags);
            }
            const std::vector<std::string> flag_args = go_build_args(flags);
            std::vector<std::string> argv = {input.toolchain->go.string(), "build", "-o",
                                             job.temp_path.string()};
            argv.insert(argv.end(), flag_args.begin(), flag_args.end());
            argv.push_back(package.import_path);
            job.command = ProcessSpec{std::move(argv), std::move(env), input.cwd};
            jobs.push_back(std::move(job));
        }
    }
    return jobs;
}

std::string shell_quote(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& arg : argv) {
        if (!out.empty()) out += ' ';
        const bool plain = !arg.empty() && arg.find_first_not_of(
                                               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                               "0123456789-_./=:,+@%") == std::string::npos;
        if (plain) {
            out += arg;
            continue;
        }
        out += '\'';
        for (const char c : arg) {
            if (c == '\'') out += "'\\''";
            else out += c;
        }
        out += '\'';
    }
    return out;
}

}  // namespace xbuild
