#pragma once

#include <vector>

#include <xbuild/cgo_apply.hpp>
#include <xbuild/effective_config.hpp>
#include <xbuild/error.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// Targets whose settings are equal in value: one plan_builds and one
// apply_cgo serve them all.
struct TargetGroup {
    TargetSettings settings;
    std::vector<Target> targets;  // in the order given
};

// Partitions `targets` by their target_settings, groups in the order of
// their first target. Without overrides that is one group.
std::vector<TargetGroup> group_targets(const ConfigLayers& layers,
                                       const std::vector<Target>& targets,
                                       const std::vector<Platform>& platforms);

// The jobs of every group in the order of `targets` (a target's jobs keep
// their package order). Two jobs with one output path are an error, as
// within one plan.
Result<std::vector<BuildJob>> merge_group_jobs(std::vector<std::vector<BuildJob>> planned,
                                               const std::vector<Target>& targets);

// Plans every group of input.targets: plan_builds with the group's output
// template, ldflags, gcflags, tags, trimpath and env over `input`'s; then
// apply_cgo with the group's cgo mode and compilers over `context`'s
// toolchain, registry, prober and runner. Jobs come in target order
// (merge_group_jobs). The first planning error ends it.
Result<std::vector<BuildJob>> plan_target_groups(const ConfigLayers& layers, const PlanInput& input,
                                                 const CgoContext& context);

}  // namespace xbuild
