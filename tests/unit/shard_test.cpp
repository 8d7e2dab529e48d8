#include <xbuild/shard.hpp>

#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace xbuild;

TEST_CASE("parse_shard reads K/N and rejects the rest with the text", "[shard]") {
    auto shard = parse_shard("2/4");
    REQUIRE(shard);
    CHECK(shard->index == 2);
    CHECK(shard->count == 4);
    CHECK(parse_shard("1/1"));
    for (const char* bad : {"", "2", "/4", "2/", "a/b", "2/4/1", "-1/4", "2 /4", "99999999/1"}) {
        INFO(bad);
        auto parsed = parse_shard(bad);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message.find("expected K/N") != std::string::npos);
        CHECK(parsed.error().message.find(std::string("\"") + bad + "\"") != std::string::npos);
    }
    for (const char* bad : {"0/4", "5/4", "1/0", "0/0"}) {
        INFO(bad);
        auto parsed = parse_shard(bad);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message == fmt::format("--shard \"{}\": K must be between 1 and N", bad));
    }
}

TEST_CASE("select_shard slices are disjoint, complete, balanced and order-free", "[shard]") {
    std::vector<Target> targets;
    for (const char* os : {"linux", "windows", "darwin", "freebsd"}) {
        for (const char* arch : {"amd64", "arm64", "386"}) targets.push_back({os, arch, ""});
    }
    targets.push_back({"linux", "arm", "v7"});  // 13 targets
    std::vector<Target> reversed(targets.rbegin(), targets.rend());

    for (std::size_t n = 1; n <= 15; ++n) {
        INFO("N = " << n);
        std::multiset<std::string> seen;
        std::size_t smallest = targets.size();
        std::size_t largest = 0;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto slice = select_shard(targets, {k, n});
            CHECK(slice == select_shard(reversed, {k, n}));  // the -t order does not matter
            for (const Target& t : slice) seen.insert(t.str());
            smallest = std::min(smallest, slice.size());
            largest = std::max(largest, slice.size());
        }
        CHECK(seen.size() == targets.size());  // complete...
        CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == seen.size());  // ...and disjoint
        CHECK(largest - smallest <= 1);
    }
}
