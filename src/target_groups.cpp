#include <xbuild/target_groups.hpp>

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace xbuild {

std::vector<TargetGroup> group_targets(const ConfigLayers& layers,
                                       const std::vector<Target>& targets,
                                       const std::vector<Platform>& platforms) {
    std::vector<TargetGroup> groups;
    std::vector<nlohmann::json> keys;
    for (const Target& target : targets) {
        TargetSettings settings = target_settings(layers, target, platforms);
        // Sources differ between equal values (an override repeating the top
        // level); only the values decide what gets built.
        nlohmann::json key = settings_values(settings);
        const auto found = std::find(keys.begin(), keys.end(), key);
        if (found == keys.end()) {
            keys.push_back(std::move(key));
            groups.push_back({std::move(settings), {target}});
        } else {
            groups[static_cast<std::size_t>(found - keys.begin())].targets.push_back(target);
        }
    }
    return groups;
}

Result<std::vector<BuildJob>> merge_group_jobs(std::vector<std::vector<BuildJob>> planned,
                                               const std::vector<Target>& targets) {
    std::map<Target, std::size_t> rank;
    for (std::size_t i = 0; i < targets.size(); ++i) rank.emplace(targets[i], i);
    std::vector<BuildJob> jobs;
    for (auto& group : planned) {
        for (BuildJob& job : group) jobs.push_back(std::move(job));
    }
    std::stable_sort(jobs.begin(), jobs.end(), [&](const BuildJob& a, const BuildJob& b) {
        return rank[a.target] < rank[b.target];
    });
    std::map<std::filesystem::path, const BuildJob*> claimed;
    for (const BuildJob& job : jobs) {
        const auto [it, fresh] = claimed.emplace(job.output_path, &job);
        if (!fresh) {
            return make_error(
                "{} and {} get the same output path {} from different settings; give their "
                "\"output\" templates {{{{.OS}}}}, {{{{.Arch}}}} or {{{{.Variant}}}}",
                it->second->target.str(), job.target.str(), job.output_path.string());
        }
    }
    return jobs;
}

Result<std::vector<BuildJob>> plan_target_groups(const ConfigLayers& layers, const PlanInput& input,
                                                 const CgoContext& context) {
    std::vector<std::vector<BuildJob>> planned;
    for (const TargetGroup& group :
         group_targets(layers, input.targets, input.toolchain->platforms)) {
        const TargetSettings& settings = group.settings;
        PlanInput group_input = input;
        group_input.targets = group.targets;
        group_input.output_template = settings.output.value;
        group_input.flags.ldflags = settings.ldflags.value;
        group_input.flags.gcflags = settings.gcflags.value;
        group_input.flags.tags = settings.tags.value;
        group_input.flags.trimpath = settings.trimpath.value;
        group_input.base_env = environment_with(input.base_env, settings);
        auto jobs = plan_builds(group_input);
        if (!jobs) return jobs.error();

        auto cc = cc_settings_for(settings, group_input.base_env, input.toolchain->host());
        if (!cc) return cc.error();
        CgoContext group_context = context;
        group_context.mode = settings.cgo.value;
        group_context.settings = std::move(*cc);
        apply_cgo(*jobs, group_context);
        planned.push_back(std::move(*jobs));
    }
    return merge_group_jobs(std::move(planned), input.targets);
}

}  // namespace xbuild
