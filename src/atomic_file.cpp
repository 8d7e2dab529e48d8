#include <xbuild/atomic_file.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace xbuild {

namespace fs = std::filesystem;

Result<std::string> read_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error("cannot read {}: {}", path.string(), std::strerror(errno));
    std::string content;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            return make_error("cannot read {}: {}", path.string(), std::strerror(error));
        }
        content.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
    return content;
}

Result<void> write_file_atomic(const fs::path& path, std::string_view content) {
    fs::path temp = path;
    temp += fmt::format(".xbuild-tmp-{}", ::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return make_error("cannot write {}: {}", path.string(), std::strerror(errno));
    auto fail = [&](int error) -> Result<void> {
        ::close(fd);
        ::unlink(temp.c_str());
        return make_error("cannot write {}: {}", path.string(), std::strerror(error));
    };
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno);
        }
        written += static_cast<std::size_t>(n);
    }
    // Without fsync a crash after rename could leave an empty file (ext4 delalloc).
    if (::fsync(fd) != 0) return fail(errno);
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return make_error("cannot write {}: {}", path.string(), std::strerror(error));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return make_error("cannot write {}: {}", path.string(), std::strerror(error));
    }
    return {};
}

}  // namespace xbuild
