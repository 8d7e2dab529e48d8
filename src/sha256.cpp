#include <xbuild/sha256.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace xbuild {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext new_sha256_context() {
    DigestContext context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    // Failure here means libcrypto could not allocate; callers see an empty
    // context and report it rather than hashing garbage.
    if (context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) context.reset();
    return context;
}

std::string finish_hex(EVP_MD_CTX* context) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context, digest, &length) != 1) return {};
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    DigestContext context = new_sha256_context();
    if (!context || EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1) return {};
    return finish_hex(context.get());
}

Result<std::string> sha256_file(const std::filesystem::path& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) return make_error("cannot open {}: {}", path.string(), std::strerror(errno));
    DigestContext context = new_sha256_context();
    if (!context) return make_error("cannot hash {}: libcrypto has no sha256", path.string());
    std::vector<char> buffer(256 * 1024);
    while (true) {
        std::size_t size = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (size > 0 && EVP_DigestUpdate(context.get(), buffer.data(), size) != 1) {
            return make_error("cannot hash {}: libcrypto digest update failed", path.string());
        }
        if (size < buffer.size()) break;
    }
    if (std::ferror(file.get())) {
        return make_error("cannot read {}: {}", path.string(), std::strerror(errno));
    }
    std::string hex = finish_hex(context.get());
    if (hex.empty()) return make_error("cannot hash {}: libcrypto digest failed", path.string());
    return hex;
}

}  // namespace xbuild
