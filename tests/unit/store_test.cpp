#include <xbuild/store.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "test_data.hpp"

using namespace xbuild;
using xbuild::test::TempDir;

TEST_CASE("Store::locate follows XBUILD_HOME, XDG_CACHE_HOME, HOME", "[store]") {
    CHECK(Store::locate({{"XBUILD_HOME", "/x"}, {"XDG_CACHE_HOME", "/c"}, {"HOME", "/h"}})->root() == "/x");
    CHECK(Store::locate({{"XDG_CACHE_HOME", "/c"}, {"HOME", "/h"}})->root() == "/c/xbuild");
    CHECK(Store::locate({{"HOME", "/h"}})->root() == "/h/.cache/xbuild");
    CHECK(Store::locate({{"XBUILD_HOME", ""}, {"HOME", "/h"}})->root() == "/h/.cache/xbuild");
    CHECK_FALSE(Store::locate({}).ok());
}

TEST_CASE("identify_file changes when a file is replaced", "[store]") {
    TempDir dir;
    const auto path = dir.path() / "go";
    std::ofstream(path) << "one";
    auto first = identify_file(path);
    REQUIRE(first.ok());
    CHECK(first->size == 3);
    std::filesystem::remove(path);
    std::ofstream(path) << "three";
    auto second = identify_file(path);
    REQUIRE(second.ok());
    CHECK(*first != *second);
    CHECK_FALSE(identify_file(dir.path() / "missing").ok());
}

TEST_CASE("path_key is short, stable and distinct", "[store]") {
    CHECK(path_key("/usr/bin/go") == path_key("/usr/bin/go"));
    CHECK(path_key("/usr/bin/go") != path_key("/usr/local/go/bin/go"));
    CHECK(path_key("/usr/bin/go").size() == 16);
}

TEST_CASE("FileLock excludes a second holder until released", "[store]") {
    TempDir dir;
    const auto lock_path = dir.path() / "locks" / "a.lock";
    auto first = FileLock::try_acquire(lock_path);
    REQUIRE(first.ok());
    REQUIRE(first->has_value());

    // flock locks belong to open file descriptions, so a second open in the
    // same process conflicts just as another process would.
    auto second = FileLock::try_acquire(lock_path);
    REQUIRE(second.ok());
    CHECK_FALSE(second->has_value());

    std::atomic<bool> acquired{false};
    std::thread waiter([&] {
        auto blocking = FileLock::acquire(lock_path);
        acquired = blocking.ok();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(acquired.load());
    first->reset();  // release
    waiter.join();
    CHECK(acquired.load());

    auto third = FileLock::try_acquire(lock_path);
    REQUIRE(third.ok());
    CHECK(third->has_value());
}
