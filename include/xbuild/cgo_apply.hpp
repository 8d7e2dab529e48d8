#pragma once

#include <vector>

#include <xbuild/cc_probe.hpp>
#include <xbuild/cc_registry.hpp>
#include <xbuild/cgo_policy.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/process.hpp>
#include <xbuild/toolchain.hpp>

namespace xbuild {

// Everything apply_cgo needs besides the jobs.
struct CgoContext {
    const Toolchain* toolchain = nullptr;
    CgoMode mode = CgoMode::automatic;
    const CcRegistry* registry = nullptr;
    CcSettings settings;
    CcProber* prober = nullptr;
    CommandRunner* runner = nullptr;
};

// For each job: lists its package graph for its target with CGO_ENABLED=1
// (`go list -deps`), decides cgo (decide_cgo), and rewrites the job: cgo on
// sets CGO_ENABLED=1, CC and CXX; a refusal or a failed scan is recorded in
// the job (cgo.refusal / setup_error) for the driver to report. Compiler
// selection runs once per target.
void apply_cgo(std::vector<BuildJob>& jobs, const CgoContext& context);

}  // namespace xbuild
