#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <xbuild/error.hpp>
#include <xbuild/store.hpp>

namespace xbuild {

// An SDK that `xbuild toolchain build` made from a Go source tree.
struct BuiltSdk {
    std::string name;
    std::filesystem::path goroot;  // sdks/<name>
    std::string version;           // GOVERSION
    std::string source;            // the tree it was built from
    std::string bootstrap_go;      // GOROOT_BOOTSTRAP's go
    std::string created_at;        // UTC, RFC 3339
    std::filesystem::path go() const { return goroot / "bin" / "go"; }
};

// The registered SDKs, sorted by name. A registration whose tree is gone is
// skipped; unreadable ones too (the store is a cache, not a database).
std::vector<BuiltSdk> list_built_sdks(const Store& store);

// Writes sdks/<name>.json atomically: the SDK exists from this moment on.
Result<void> register_built_sdk(const Store& store, const BuiltSdk& sdk);

// Removes the registration first (so a half-removed SDK is never listed),
// then the tree. Errors when there is no such SDK.
Result<void> remove_built_sdk(const Store& store, const std::string& name);

// Names are used as directory names: [A-Za-z0-9._-]+, not starting with '.'.
Result<void> validate_sdk_name(const std::string& name);

}  // namespace xbuild
