// Fuzzes the readers of `go list -json` output (include/xbuild/go_list.hpp
// and cgo_scan.hpp): the whole input is one stream of JSON objects, split,
// parsed into packages and scanned for cgo as the main package's -deps list.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/cgo_scan.hpp>
#include <xbuild/go_list.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

void check_objects(std::string_view stream, const std::vector<std::string_view>& objects) {
    const char* previous_end = stream.data();
    for (const std::string_view object : objects) {
        // Each object is a slice of the stream, after the one before it.
        XBUILD_FUZZ_CHECK(object.size() >= 2);
        XBUILD_FUZZ_CHECK(object.data() >= previous_end);
        XBUILD_FUZZ_CHECK(object.data() + object.size() <= stream.data() + stream.size());
        XBUILD_FUZZ_CHECK(object.front() == '{' && object.back() == '}');
        previous_end = object.data() + object.size();
    }
}

void check_scan(std::string_view stream, const std::string& main_import_path) {
    const Result<CgoScan> scan = scan_cgo(stream, main_import_path);
    if (!scan) {
        XBUILD_FUZZ_CHECK(!scan.error().message.empty());
        return;
    }
    const std::vector<CgoPackage>& packages = scan->packages;
    XBUILD_FUZZ_CHECK(std::adjacent_find(packages.begin(), packages.end(),
                                         [](const CgoPackage& a, const CgoPackage& b) {
                                             return a.import_path >= b.import_path;
                                         }) == packages.end(),
                      "packages not sorted and unique");
    XBUILD_FUZZ_CHECK(std::is_sorted(scan->std_cgo.begin(), scan->std_cgo.end()));
    XBUILD_FUZZ_CHECK(scan->needs_cgo() == !packages.empty());
    for (const CgoPackage& package : packages) {
        XBUILD_FUZZ_CHECK(!package.import_path.empty());
        XBUILD_FUZZ_CHECK(!package.cgo_files.empty(), package.import_path);
        const std::vector<std::string>& chain = package.import_chain;
        if (chain.empty()) continue;
        // A chain runs from the main package to this one.
        XBUILD_FUZZ_CHECK(chain.front() == main_import_path, package.import_path);
        XBUILD_FUZZ_CHECK(chain.back() == package.import_path, package.import_path);
        XBUILD_FUZZ_CHECK(!format_import_chain(chain).empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        const std::string_view stream = fuzz::as_text(data, size);

        const auto objects = split_json_stream(stream);
        if (objects) check_objects(stream, *objects);

        const Result<std::vector<GoPackage>> packages = parse_go_list_json(stream);
        // Parsing splits first, so it fails when splitting does.
        XBUILD_FUZZ_CHECK(objects.ok() || !packages.ok());
        if (packages) {
            XBUILD_FUZZ_CHECK(packages->size() == objects->size());
        } else {
            XBUILD_FUZZ_CHECK(!packages.error().message.empty());
        }

        // The main package is usually the input's last one (go list -deps
        // prints dependencies first); try it, the first and a fixed name.
        std::vector<std::string> mains = {"command-line-arguments"};
        if (packages && !packages->empty()) {
            mains.push_back(packages->front().import_path);
            mains.push_back(packages->back().import_path);
        }
        for (const std::string& main_import_path : mains) {
            check_scan(stream, main_import_path);
        }
    });
}
