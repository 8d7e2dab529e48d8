#include <xbuild/output_lock.hpp>

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

// Short enough that a waiting run starts promptly, long enough to cost nothing.
constexpr std::chrono::milliseconds k_lock_poll_interval{100};

}  // namespace

fs::path output_dir_key(const fs::path& dir) {
    fs::path key = dir.lexically_normal();
    if (!key.has_filename() && key.has_parent_path() && key != key.root_path()) {
        key = key.parent_path();
    }
    return key;
}

OutputLocks lock_output_dirs(std::vector<fs::path> dirs, std::FILE* out,
                             const InterruptibleSleep& sleep) {
    for (fs::path& dir : dirs) dir = output_dir_key(dir);
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());

    OutputLocks locks;
    for (const fs::path& dir : dirs) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            locks.unusable[dir] =
                fmt::format("cannot create output directory {}: {}", dir.string(), ec.message());
            continue;
        }
        bool announced = false;
        for (;;) {
            const fs::path lock_path = dir / k_output_lock_name;
            auto lock = FileLock::try_acquire(lock_path);
            if (!lock) {
                // The lock file is the first thing written there: failing to
                // create it is how an unwritable directory shows up, before
                // any compiler has run.
                locks.unusable[dir] = fmt::format("cannot write to output directory {}: {}",
                                                  dir.string(), lock.error().message);
                break;
            }
            if (*lock) {
                // The previous holder may have removed the file between our
                // open and our flock: then we hold nothing, so go again.
                if (!(*lock)->is_current(lock_path)) continue;
                (*lock)->remove_on_release(lock_path);
                locks.held.push_back(std::move(**lock));
                break;
            }
            if (!announced) {
                fmt::print(out, "xbuild: waiting for another xbuild that is writing to {}\n",
                           dir.string());
                std::fflush(out);
                announced = true;
            }
            if (const int sig = sleep(k_lock_poll_interval); sig != 0) {
                locks.interrupt_signal = sig;
                return locks;
            }
        }
    }
    return locks;
}

}  // namespace xbuild
