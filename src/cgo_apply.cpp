#include <xbuild/cgo_apply.hpp>

#include <map>

#include <fmt/format.h>

namespace xbuild {

namespace {

void set_variable(BuildJob& job, const std::string& key, const std::string& value) {
    job.target_env[key] = value;
    job.command.env[key] = value;
}

}  // namespace

void apply_cgo(std::vector<BuildJob>& jobs, const CgoContext& context) {
    std::map<Target, Result<CcSelection>> selections;
    for (BuildJob& job : jobs) {
        // The race detector needs cgo on the host; plan_builds already set it up.
        if (job.target_env["CGO_ENABLED"] == "1") continue;

        ProcessSpec scan_spec = job.command;
        scan_spec.argv = {context.toolchain->go.string()};
        for (std::string& arg : cgo_scan_args(job.package.import_path)) scan_spec.argv.push_back(std::move(arg));
        scan_spec.env["CGO_ENABLED"] = "1";
        auto listed = context.runner->run(scan_spec);
        if (!listed || !listed->success()) {
            job.setup_error = fmt::format("cgo scan (go list -deps) failed: {}",
                                          listed ? listed->describe() + ": " + listed->output
                                                 : listed.error().message);
            continue;
        }
        auto scan = scan_cgo(listed->output, job.package.import_path);
        if (!scan) {
            job.setup_error = "cgo scan: " + scan.error().message;
            continue;
        }

        const Result<CcSelection>* selection = nullptr;
        if (cgo_needs_compiler(context.mode, *scan)) {
            auto it = selections.find(job.target);
            if (it == selections.end()) {
                it = selections
                         .emplace(job.target, select_cc(*context.registry, context.settings, job.target,
                                                        *context.prober))
                         .first;
            }
            selection = &it->second;
        }
        const Platform* platform = context.toolchain->find_platform(job.target);
        job.cgo = decide_cgo(context.mode, job.target, *scan, selection, *context.registry,
                             platform != nullptr && platform->cgo_supported);
        if (job.cgo.enabled) {
            set_variable(job, "CGO_ENABLED", "1");
            set_variable(job, "CC", display_command(job.cgo.cc->cc));
            if (!job.cgo.cc->cxx.empty()) set_variable(job, "CXX", display_command(job.cgo.cc->cxx));
        }
    }
}

}  // namespace xbuild
