#include <xbuild/report_merge.hpp>

#include <catch2/catch.hpp>

using namespace xbuild;
using nlohmann::json;

namespace {

json report(const std::string& started_at, std::int64_t duration_ms, std::vector<json> targets,
            std::int64_t cpu_ms = 10) {
    return {{"schema_version", 1},
            {"xbuild_version", "0.1.0"},
            {"go_version", "go1.19.8"},
            {"started_at", started_at},
            {"duration_ms", duration_ms},
            {"exit_code", 0},
            {"up_to_date", false},
            {"interrupted", false},
            {"xbuild_self", {{"cpu_ms", cpu_ms}, {"max_rss_kb", 9000 + cpu_ms}}},
            {"counts", {{"total", targets.size()}}},
            {"targets", targets}};
}

json target(const std::string& name, const std::string& status) {
    return {{"target", name}, {"package", "example.com/hello"}, {"output", "/w/dist/" + name}, {"status", status}};
}

}  // namespace

TEST_CASE("merge_reports concatenates shards and recomputes the totals", "[report_merge]") {
    const json a = report("2026-12-04T10:00:05Z", 3000, {target("linux/amd64", "ok"), target("linux/arm64", "ok")});
    const json b = report("2026-12-04T10:00:01Z", 5000, {target("windows/amd64", "failed")}, 20);
    auto merged = merge_reports({{"a.json", a}, {"b.json", b}});
    REQUIRE(merged);
    const json& m = *merged;
    CHECK(m["targets"].size() == 3);
    CHECK(m["targets"][2]["target"] == "windows/amd64");
    CHECK(m["counts"]["total"] == 3);
    CHECK(m["counts"]["ok"] == 2);
    CHECK(m["counts"]["failed"] == 1);
    CHECK(m["counts"]["refused"] == 0);
    CHECK(m["exit_code"] == 1);
    CHECK(m["started_at"] == "2026-12-04T10:00:01Z");
    CHECK(m["duration_ms"] == 5000);
    CHECK(m["xbuild_self"]["cpu_ms"] == 30);
    CHECK(m["xbuild_self"]["max_rss_kb"] == 9020);
    CHECK(m["merged_from"] == json::array({"a.json", "b.json"}));
    CHECK(m["go_version"] == "go1.19.8");

    SECTION("an interrupted shard makes the merge interrupted") {
        json c = report("2026-12-04T10:00:02Z", 100, {target("darwin/arm64", "interrupted")});
        c["interrupted"] = "SIGTERM";
        c["exit_code"] = 143;
        auto with_c = merge_reports({{"a.json", a}, {"c.json", c}});
        REQUIRE(with_c);
        CHECK((*with_c)["interrupted"] == "SIGTERM");
        CHECK((*with_c)["exit_code"] == 143);
    }
    SECTION("all up to date stays up to date; one built shard does not") {
        json up_a = a;
        json up_b = report("2026-12-04T10:00:01Z", 5, {target("windows/amd64", "ok")});
        up_a["up_to_date"] = true;
        up_b["up_to_date"] = true;
        CHECK((*merge_reports({{"a", up_a}, {"b", up_b}}))["up_to_date"] == true);
        CHECK((*merge_reports({{"a", up_a}, {"b", b}}))["up_to_date"] == false);
        CHECK((*merge_reports({{"a", up_a}, {"b", up_b}}))["exit_code"] == 0);
    }
}

TEST_CASE("merge_reports rejects what is not a report, and overlapping shards", "[report_merge]") {
    const json a = report("2026-12-04T10:00:05Z", 3000, {target("linux/amd64", "ok")});
    CHECK_FALSE(merge_reports({}));
    auto overlap = merge_reports({{"a.json", a}, {"again.json", a}});
    REQUIRE_FALSE(overlap);
    CHECK(overlap.error().message == "again.json: linux/amd64 is also in a.json; merge the reports of disjoint shards");
    for (const json& bad : {json::array(), json{{"schema_version", 2}, {"targets", json::array()}},
                            json{{"schema_version", 1}}, json{{"schema_version", 1}, {"targets", json::array({1})}}}) {
        INFO(bad.dump());
        auto merged = merge_reports({{"bad.json", bad}});
        REQUIRE_FALSE(merged);
        CHECK(merged.error().message.rfind("bad.json: ", 0) == 0);
    }
}
