#include <xbuild/build_task.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include "fake_process_runner.hpp"
#include "object_bytes.hpp"
#include "test_data.hpp"

using namespace xbuild;
using namespace std::chrono_literals;
using xbuild::test::TempDir;

namespace {

namespace fs = std::filesystem;

BuildJob job_in(const fs::path& dir, Target target) {
    BuildJob job;
    job.target = std::move(target);
    job.package = MainPackage{"example.com/hello", dir};
    job.output_path = dir / "dist" / "hello";
    job.temp_path = dir / "dist" / ".hello.xbuild-tmp-1-u";
    job.command = ProcessSpec{{"go", "build", "-o", job.temp_path.string(), "."}, {}, dir};
    job.target_env = {{"GOOS", job.target.os}, {"GOARCH", job.target.arch}};
    return job;
}

// Stands in for go: writes `content` where the job's command would.
void write_go_output(const BuildJob& job, const std::string& content) {
    std::ofstream(job.temp_path, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("BuildTask places a verified artifact", "[build_task]") {
    TempDir dir;
    test::FakeClock clock;
    const BuildJob job = job_in(dir.path(), {"linux", "amd64", ""});
    TargetReport report = initial_report(job);
    BuildTask task(job, report, clock);

    auto spec = task.next_process();
    REQUIRE(spec.has_value());
    CHECK(spec->argv == job.command.argv);
    CHECK(fs::is_directory(dir.path() / "dist"));  // created before go runs
    write_go_output(job, test::elf64_header(62) + std::string(1000, 'x'));
    clock.advance(1500ms);
    ProcessExit exit;
    exit.exit_code = 0;
    task.on_exit(exit);

    CHECK(report.status == TargetStatus::ok);
    CHECK_FALSE(task.failed());
    CHECK(report.size == 1064);
    CHECK(report.sha256.size() == 64);
    CHECK(report.duration_ms == 1500);
    REQUIRE(report.binary.has_value());
    CHECK(report.binary->machines == std::vector<std::string>{"amd64"});
    CHECK(fs::exists(job.output_path));
    CHECK_FALSE(fs::exists(job.temp_path));
    CHECK_FALSE(task.next_process().has_value());
}

TEST_CASE("BuildTask leaves nothing behind when go fails", "[build_task]") {
    TempDir dir;
    test::FakeClock clock;
    const BuildJob job = job_in(dir.path(), {"windows", "amd64", ""});
    TargetReport report = initial_report(job);
    BuildTask task(job, report, clock);
    REQUIRE(task.next_process().has_value());
    write_go_output(job, "partial");
    ProcessExit exit;
    exit.exit_code = 1;
    exit.output = "./main.go:3:1: syntax error\n";
    task.on_exit(exit);

    CHECK(report.status == TargetStatus::failed);
    CHECK(task.failed());
    CHECK_THAT(report.error, Catch::Contains("exit status 1"));
    CHECK(report.log == exit.output);
    CHECK_FALSE(fs::exists(job.temp_path));
    CHECK_FALSE(fs::exists(job.output_path));
}

TEST_CASE("BuildTask rejects a binary for the wrong machine", "[build_task]") {
    TempDir dir;
    test::FakeClock clock;
    const BuildJob job = job_in(dir.path(), {"linux", "arm64", ""});
    TargetReport report = initial_report(job);
    BuildTask task(job, report, clock);
    REQUIRE(task.next_process().has_value());
    write_go_output(job, test::elf64_header(62));  // amd64, not arm64
    ProcessExit exit;
    exit.exit_code = 0;
    task.on_exit(exit);

    CHECK(report.status == TargetStatus::failed);
    CHECK_THAT(report.error, Catch::Contains("arm64"));
    CHECK_FALSE(fs::exists(job.temp_path));
    CHECK_FALSE(fs::exists(job.output_path));
}

TEST_CASE("BuildTask cleans up when abandoned", "[build_task]") {
    TempDir dir;
    test::FakeClock clock;
    const BuildJob job = job_in(dir.path(), {"linux", "amd64", ""});
    TargetReport report = initial_report(job);
    BuildTask task(job, report, clock);

    SECTION("interrupted mid-build") {
        REQUIRE(task.next_process().has_value());
        write_go_output(job, "half a binary");
        task.on_abandoned(AbandonReason::interrupted);
        CHECK(report.status == TargetStatus::interrupted);
        CHECK_FALSE(fs::exists(job.temp_path));
    }
    SECTION("timed out") {
        REQUIRE(task.next_process().has_value());
        task.on_abandoned(AbandonReason::timed_out);
        CHECK(report.status == TargetStatus::timed_out);
    }
    SECTION("skipped before starting") {
        task.on_abandoned(AbandonReason::skipped);
        CHECK(report.status == TargetStatus::skipped);
        CHECK_THAT(report.error, Catch::Contains("--fail-fast"));
    }
    CHECK(task.failed());
    CHECK_FALSE(fs::exists(job.output_path));
}
