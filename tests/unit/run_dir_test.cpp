#include <xbuild/run_dir.hpp>

#include <fstream>

#include <catch2/catch.hpp>

#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;

TEST_CASE("RunDir is private to a run and removed with it", "[run_dir]") {
    test::TempDir temp;
    const Store store(temp.path() / "store");
    fs::path dir;
    {
        auto run = RunDir::create(store);
        REQUIRE(run);
        dir = run->path();
        CHECK(fs::is_directory(dir));
        CHECK(dir.parent_path() == store.root() / "tmp");
        std::ofstream(dir / "go-build123") << "work";

        auto other = RunDir::create(store);
        REQUIRE(other);
        CHECK(other->path() != dir);
        CHECK(fs::is_directory(dir));  // a live run's directory is never taken
    }
    CHECK_FALSE(fs::exists(dir));
    CHECK(fs::is_empty(store.root() / "tmp"));
}

TEST_CASE("RunDir removes what a killed run left behind", "[run_dir]") {
    test::TempDir temp;
    const Store store(temp.path() / "store");
    const fs::path tmp = store.root() / "tmp";
    fs::create_directories(tmp / "run-dead" / "go-build1");
    std::ofstream(tmp / "run-dead.lock");
    std::ofstream(tmp / "unrelated") << "kept";

    auto run = RunDir::create(store);
    REQUIRE(run);
    CHECK_FALSE(fs::exists(tmp / "run-dead"));
    CHECK_FALSE(fs::exists(tmp / "run-dead.lock"));
    CHECK(fs::exists(tmp / "unrelated"));
}
