#include <xbuild/partial_rebuild.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include <xbuild/sha256.hpp>

#include "object_bytes.hpp"
#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

namespace {

BuildJob job_for(const fs::path& dir, Target target, const std::string& name) {
    BuildJob job;
    job.target = std::move(target);
    job.package = MainPackage{"example.com/hello", dir};
    job.output_path = dir / "dist" / name;
    job.command = ProcessSpec{{"go", "build", "-o", "tmp", "."}, {}, dir};
    job.target_env = {{"GOOS", job.target.os}, {"GOARCH", job.target.arch}};
    return job;
}

BuildManifest::Output write_artifact(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    return *record_output(path, sha256_hex(bytes));
}

}  // namespace

TEST_CASE("reuse_recorded_targets rebuilds only the stale artifacts' targets", "[partial_rebuild]") {
    test::TempDir dir;
    const std::vector<BuildJob> jobs = {job_for(dir.path(), {"linux", "amd64", ""}, "a"),
                                        job_for(dir.path(), {"linux", "arm64", ""}, "b")};
    BuildManifest recorded;
    recorded.outputs.push_back(write_artifact(jobs[0].output_path, test::elf64_header(62) + "amd64"));
    recorded.outputs.push_back(write_artifact(jobs[1].output_path, test::elf64_header(183) + "arm64"));
    Staleness staleness;
    staleness.stale_outputs = {jobs[1].output_path.string()};

    SECTION("the fresh artifact is reported up to date, the stale one is built") {
        auto plan = reuse_recorded_targets(jobs, recorded, staleness);
        REQUIRE(plan);
        REQUIRE(plan->size() == 2);
        REQUIRE((*plan)[0].has_value());
        CHECK_FALSE((*plan)[1].has_value());
        const TargetReport& reused = *(*plan)[0];
        CHECK(reused.status == TargetStatus::ok);
        CHECK(reused.up_to_date);
        CHECK(reused.sha256 == recorded.outputs[0].sha256);
        CHECK(reused.size == recorded.outputs[0].size);
        REQUIRE(reused.binary);
        CHECK(reused.binary->machines == std::vector<std::string>{"amd64"});

        TargetReport built;
        built.target = jobs[1].target;
        built.status = TargetStatus::ok;
        auto merged = merge_target_reports(std::move(*plan), {built});
        REQUIRE(merged.size() == 2);
        CHECK(merged[0].up_to_date);
        CHECK(merged[1].target.arch == "arm64");
        CHECK_FALSE(merged[1].up_to_date);
    }
    SECTION("any doubt builds everything") {
        Staleness everything;
        everything.everything = "main.go changed";
        CHECK_FALSE(reuse_recorded_targets(jobs, recorded, everything));

        auto more_jobs = jobs;
        more_jobs.push_back(job_for(dir.path(), {"windows", "amd64", ""}, "c.exe"));
        CHECK_FALSE(reuse_recorded_targets(more_jobs, recorded, staleness));

        auto moved = jobs;
        moved[0].output_path = dir.path() / "elsewhere" / "a";
        CHECK_FALSE(reuse_recorded_targets(moved, recorded, staleness));

        auto refused = jobs;
        refused[0].cgo.refusal = "needs a C compiler";
        CHECK_FALSE(reuse_recorded_targets(refused, recorded, staleness));

        write_artifact(jobs[0].output_path, "not a binary");
        CHECK_FALSE(reuse_recorded_targets(jobs, recorded, staleness));
    }
}
