#include <xbuild/run_dir.hpp>

#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

void remove_abandoned_run_dirs(const fs::path& tmp) {
    std::error_code ec;
    std::vector<fs::path> locks;
    for (const auto& entry : fs::directory_iterator(tmp, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("run-") && entry.path().extension() == ".lock") {
            locks.push_back(entry.path());
        }
    }
    for (const fs::path& lock_path : locks) {
        auto lock = FileLock::try_acquire(lock_path);
        if (!lock || !*lock) continue;  // its run is alive (or we cannot tell)
        fs::path dir = lock_path;
        dir.replace_extension();
        fs::remove_all(dir, ec);
        fs::remove(lock_path, ec);
    }
}

}  // namespace

Result<RunDir> RunDir::create(const Store& store) {
    const fs::path tmp = store.root() / "tmp";
    if (auto made = store.ensure_dir(tmp); !made) return made.error();
    remove_abandoned_run_dirs(tmp);

    std::random_device random;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string name = fmt::format("run-{:08x}{:08x}", random(), random());
        const fs::path lock_path = tmp / (name + ".lock");
        auto lock = FileLock::try_acquire(lock_path);
        if (!lock) return lock.error();
        if (!*lock) continue;
        const fs::path dir = tmp / name;
        std::error_code ec;
        if (!fs::create_directory(dir, ec)) {
            if (ec) return make_error("cannot create {}: {}", dir.string(), ec.message());
            continue;  // a name collision with a live run's directory
        }
        return RunDir(dir, lock_path, std::move(**lock));
    }
    return make_error("cannot create a run directory in {}", tmp.string());
}

RunDir::~RunDir() {
    if (m_path.empty()) return;  // moved from
    std::error_code ec;
    fs::remove_all(m_path, ec);
    // The lock file goes before the lock is released, so no other run can
    // take it for an abandoned directory in between.
    fs::remove(m_lock_path, ec);
}

}  // namespace xbuild
