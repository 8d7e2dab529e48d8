#include <xbuild/store.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <xbuild/sha256.hpp>

namespace xbuild {

namespace fs = std::filesystem;

Result<Store> Store::locate(const Environment& env) {
    if (const auto home = lookup(env, "XBUILD_HOME"); home && !home->empty()) {
        return Store(fs::absolute(*home));
    }
    if (const auto cache = lookup(env, "XDG_CACHE_HOME"); cache && !cache->empty()) {
        return Store(fs::absolute(fs::path(*cache) / "xbuild"));
    }
    if (const auto home = lookup(env, "HOME"); home && !home->empty()) {
        return Store(fs::path(*home) / ".cache" / "xbuild");
    }
    return make_error("cannot place xbuild's store: set XBUILD_HOME (or HOME)");
}

Result<void> Store::ensure_dir(const fs::path& dir) const {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        return make_error("cannot create {}: {} (set XBUILD_HOME to a writable directory)",
                          dir.string(), ec.message());
    }
    return {};
}

Result<FileIdentity> identify_file(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return make_error("cannot stat {}: {}", path.string(), std::strerror(errno));
    }
    return FileIdentity{path.string(), static_cast<std::uint64_t>(info.st_size),
                        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                            info.st_mtim.tv_nsec};
}

std::string path_key(const std::string& path) {
    return sha256_hex(path).substr(0, 16);
}

namespace {

Result<int> open_lock_file(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return make_error("cannot open lock {}: {}", path.string(), std::strerror(errno));
    return fd;
}

}  // namespace

Result<std::optional<FileLock>> FileLock::try_acquire(const fs::path& path) {
    auto fd = open_lock_file(path);
    if (!fd) return fd.error();
    if (::flock(*fd, LOCK_EX | LOCK_NB) == 0) return std::optional<FileLock>(FileLock(*fd));
    const int error = errno;
    ::close(*fd);
    if (error == EWOULDBLOCK) return std::optional<FileLock>();
    return make_error("cannot lock {}: {}", path.string(), std::strerror(error));
}

Result<FileLock> FileLock::acquire(const fs::path& path) {
    auto fd = open_lock_file(path);
    if (!fd) return fd.error();
    while (::flock(*fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const int error = errno;
        ::close(*fd);
        return make_error("cannot lock {}: {}", path.string(), std::strerror(error));
    }
    return FileLock(*fd);
}

bool FileLock::is_current(const fs::path& path) const {
    struct stat held {};
    struct stat named {};
    return m_fd >= 0 && ::fstat(m_fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

FileLock::FileLock(FileLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_remove_path(std::move(other.m_remove_path)) {
    other.m_remove_path.clear();
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_remove_path = std::move(other.m_remove_path);
        other.m_remove_path.clear();
    }
    return *this;
}

FileLock::~FileLock() {
    release();
}

void FileLock::release() {
    if (m_fd < 0) return;
    // Unlink while still holding the lock: a waiter that opened the old
    // inode gets it only after this, and then sees is_current() fail.
    if (!m_remove_path.empty()) ::unlink(m_remove_path.c_str());
    // Closing the descriptor releases the flock.
    ::close(m_fd);
    m_fd = -1;
}

}  // namespace xbuild
