#include <xbuild/build_driver.hpp>

#include <catch2/catch.hpp>

using namespace xbuild;

TEST_CASE("gomaxprocs_plan shares the cores between slots but for the last builds", "[build_driver]") {
    using Plan = std::vector<std::optional<int>>;
    // 8 targets, 2 at a time on 2 cores: one core each, the last one all.
    CHECK(gomaxprocs_plan(8, 2, 2) == Plan{1, 1, 1, 1, 1, 1, 1, std::nullopt});
    CHECK(gomaxprocs_plan(5, 2, 8) == Plan{4, 4, 4, 4, std::nullopt});
    CHECK(gomaxprocs_plan(6, 4, 2) == Plan{1, 1, 1, std::nullopt, std::nullopt, std::nullopt});
    // Nothing to share: one build, one slot, or an unknown core count.
    CHECK(gomaxprocs_plan(1, 2, 2) == Plan{std::nullopt});
    CHECK(gomaxprocs_plan(4, 1, 2) == Plan(4));
    CHECK(gomaxprocs_plan(4, 2, 0) == Plan(4));
    CHECK(gomaxprocs_plan(0, 2, 2).empty());
}
