#include <xbuild/partial_rebuild.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <xbuild/binary_header.hpp>
#include <xbuild/build_task.hpp>

namespace xbuild {

namespace fs = std::filesystem;

std::optional<std::vector<std::optional<TargetReport>>> reuse_recorded_targets(
    const std::vector<BuildJob>& jobs, const BuildManifest& recorded, const Staleness& staleness) {
    if (staleness.everything) return std::nullopt;
    const auto normal = [](const std::string& path) { return fs::path(path).lexically_normal().string(); };
    std::set<std::string> stale;
    for (const std::string& path : staleness.stale_outputs) stale.insert(normal(path));
    std::map<std::string, const BuildManifest::Output*> outputs;
    for (const auto& output : recorded.outputs) outputs[normal(output.path)] = &output;
    if (outputs.size() != jobs.size()) return std::nullopt;

    std::vector<std::optional<TargetReport>> plan;
    for (const BuildJob& job : jobs) {
        const std::string path = job.output_path.lexically_normal().string();
        const auto found = outputs.find(path);
        if (found == outputs.end()) return std::nullopt;
        // A refused or unprepared job is never in a successful record; if it
        // is now, the world changed in a way the record cannot vouch for.
        if (!job.cgo.refusal.empty() || !job.setup_error.empty()) return std::nullopt;
        if (stale.count(path)) {
            plan.emplace_back(std::nullopt);
            continue;
        }
        auto binary = read_binary_header(found->second->path);
        if (!binary) return std::nullopt;
        TargetReport report = initial_report(job);
        report.status = TargetStatus::ok;
        report.up_to_date = true;
        report.size = found->second->size;
        report.sha256 = found->second->sha256;
        report.binary = std::move(*binary);
        report.cgo = job.cgo;
        plan.emplace_back(std::move(report));
    }
    return plan;
}

std::vector<TargetReport> merge_target_reports(std::vector<std::optional<TargetReport>> reused,
                                               std::vector<TargetReport> built) {
    std::vector<TargetReport> merged;
    merged.reserve(reused.size());
    auto next_built = built.begin();
    for (auto& entry : reused) {
        if (entry) {
            merged.push_back(std::move(*entry));
        } else if (next_built != built.end()) {
            merged.push_back(std::move(*next_built++));
        }
    }
    return merged;
}

}  // namespace xbuild
