#pragma once

#include <optional>
#include <vector>

#include <xbuild/build_manifest.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/report.hpp>

namespace xbuild {

// When a recorded build differs from the present only in some artifacts
// (missing or modified), only their targets need go again; the others keep
// their recorded artifacts. For each planned job, in order: the finished
// report of a target to reuse (status ok, up_to_date), or nullopt for one to
// build. Returns nullopt, meaning "build every target", when the plan and
// the record do not match one to one (a job whose output the record does not
// hold) or an artifact to reuse cannot be read: any doubt rebuilds.
std::optional<std::vector<std::optional<TargetReport>>> reuse_recorded_targets(
    const std::vector<BuildJob>& jobs, const BuildManifest& recorded, const Staleness& staleness);

// Puts the reused reports and the built ones (`built`, one per job that was
// not reused, in job order) back together in job order.
std::vector<TargetReport> merge_target_reports(std::vector<std::optional<TargetReport>> reused,
                                               std::vector<TargetReport> built);

}  // namespace xbuild
