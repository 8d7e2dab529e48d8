#include <xbuild/event_log.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "captured_file.hpp"
#include "fake_process_runner.hpp"

using namespace xbuild;
using namespace std::chrono_literals;
using xbuild::test::CapturedFile;
using xbuild::test::FakeClock;

namespace {

std::vector<nlohmann::json> lines_of(const std::string& text) {
    std::vector<nlohmann::json> events;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) events.push_back(nlohmann::json::parse(line));
    return events;
}

}  // namespace

TEST_CASE("the event log writes one JSON object per line as things happen", "[event_log]") {
    FakeClock clock;
    CapturedFile out;
    EventLog log(out.get(), clock);
    log.run_started({"linux/amd64", "windows/amd64"}, 2);
    clock.advance(1500ms);
    log.target_started("linux/amd64", "example.com/hello");
    log.stage_started("linux/amd64", "build");
    CHECK(lines_of(out.text()).size() == 3);  // flushed as written, not at the end

    clock.advance(2s);
    log.stage_finished("linux/amd64", "build", false, 2000, "exit status 1");
    TargetReport report;
    report.target = *parse_target("linux/amd64");
    report.package = "example.com/hello";
    report.status = TargetStatus::failed;
    report.error = "exit status 1";
    report.duration_ms = 2000;
    report.log = "not in the event";
    log.target_finished(target_to_json(report));
    log.run_finished({{"counts", {{"total", 1}, {"failed", 1}}}, {"exit_code", 1}, {"duration_ms", 3500},
                      {"interrupted", false}, {"targets", nlohmann::json::array()}});

    const auto events = lines_of(out.text());
    REQUIRE(events.size() == 6);
    std::vector<std::string> names;
    for (const auto& event : events) {
        names.push_back(event.at("event").get<std::string>());
        CHECK(event.at("time").get<std::string>().ends_with("Z"));
    }
    CHECK(names == std::vector<std::string>{"run_started", "target_started", "stage_started", "stage_finished",
                                            "target_finished", "run_finished"});
    CHECK(events[0].at("targets") == nlohmann::json({"linux/amd64", "windows/amd64"}));
    CHECK(events[0].at("elapsed_ms") == 0);
    CHECK(events[1].at("elapsed_ms") == 1500);
    CHECK(events[1].at("package") == "example.com/hello");
    CHECK(events[3].at("ok") == false);
    CHECK(events[3].at("error") == "exit status 1");
    CHECK(events[4].at("status") == "failed");
    CHECK(events[4].at("target") == "linux/amd64");
    CHECK_FALSE(events[4].contains("log"));
    CHECK(events[5].at("exit_code") == 1);
    CHECK(events[5].at("counts").at("failed") == 1);
    CHECK_FALSE(events[5].contains("targets"));
}
