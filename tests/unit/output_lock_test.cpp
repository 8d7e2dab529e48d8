#include <xbuild/output_lock.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "captured_file.hpp"
#include "test_data.hpp"

using namespace xbuild;
namespace fs = std::filesystem;
using xbuild::test::CapturedFile;

namespace {

int never_interrupted(std::chrono::milliseconds) {
    return 0;
}

}  // namespace

TEST_CASE("lock_output_dirs creates and locks each directory once", "[output_lock]") {
    test::TempDir temp;
    CapturedFile out;
    const fs::path a = temp.path() / "dist";
    const fs::path b = temp.path() / "other" / "bin";
    OutputLocks locks = lock_output_dirs({b, a, a / "." }, out.get(), never_interrupted);
    CHECK(locks.held.size() == 2);
    CHECK(locks.unusable.empty());
    CHECK(locks.interrupt_signal == 0);
    CHECK(fs::is_regular_file(a / k_output_lock_name));
    CHECK(fs::is_regular_file(b / k_output_lock_name));
    CHECK(out.text().empty());

    SECTION("while held, another holder cannot have it") {
        auto other = FileLock::try_acquire(a / k_output_lock_name);
        REQUIRE(other);
        CHECK_FALSE(other->has_value());
    }
    SECTION("released with the locks, and the lock files removed") {
        locks.held.clear();
        CHECK_FALSE(fs::exists(a / k_output_lock_name));
        CHECK_FALSE(fs::exists(b / k_output_lock_name));
        auto other = FileLock::try_acquire(a / k_output_lock_name);
        REQUIRE(other);
        CHECK(other->has_value());
    }
}

TEST_CASE("lock_output_dirs waits for another holder and says so once", "[output_lock]") {
    test::TempDir temp;
    CapturedFile out;
    const fs::path dir = temp.path() / "dist";
    fs::create_directories(dir);
    auto first = FileLock::try_acquire(dir / k_output_lock_name);
    REQUIRE(first);
    REQUIRE(first->has_value());

    SECTION("the holder finishes and removes the file it held") {
        int sleeps = 0;
        OutputLocks locks = lock_output_dirs({dir}, out.get(), [&](std::chrono::milliseconds) {
            if (++sleeps == 2) {
                first->value().remove_on_release(dir / k_output_lock_name);
                first->reset();
            }
            return 0;
        });
        CHECK(sleeps == 2);
        REQUIRE(locks.held.size() == 1);
        // What it holds is the file now at the path, not the removed one.
        CHECK(locks.held[0].is_current(dir / k_output_lock_name));
    }
    SECTION("the holder finishes") {
        int sleeps = 0;
        OutputLocks locks = lock_output_dirs({dir}, out.get(), [&](std::chrono::milliseconds) {
            if (++sleeps == 3) first->reset();  // the other run ends
            return 0;
        });
        CHECK(sleeps == 3);
        CHECK(locks.held.size() == 1);
        CHECK(out.text() == "xbuild: waiting for another xbuild that is writing to " +
                                dir.string() + "\n");
    }
    SECTION("a signal ends the wait") {
        OutputLocks locks = lock_output_dirs(
            {dir}, out.get(), [](std::chrono::milliseconds) { return SIGTERM; });
        CHECK(locks.interrupt_signal == SIGTERM);
        CHECK(locks.held.empty());
    }
}

TEST_CASE("lock_output_dirs reports directories it cannot use", "[output_lock]") {
    test::TempDir temp;
    CapturedFile out;
    const fs::path file = temp.path() / "a-file";
    std::ofstream(file) << "not a directory";
    const fs::path good = temp.path() / "dist";
    OutputLocks locks = lock_output_dirs({file / "dist", good}, out.get(), never_interrupted);
    CHECK(locks.held.size() == 1);
    REQUIRE(locks.unusable.count(file / "dist") == 1);
    CHECK(locks.unusable[file / "dist"].starts_with("cannot create output directory " +
                                                    (file / "dist").string() + ": "));
}
