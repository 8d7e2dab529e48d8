#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>

namespace xbuild {

// `go list -json` prints a stream of JSON objects, one after another, not an
// array. Splits such a stream into the text of each top-level object; text
// between objects (a stray warning line) is skipped. Errors on an object that
// never closes.
Result<std::vector<std::string_view>> split_json_stream(std::string_view stream);

// The fields of one `go list -json` package that xbuild uses.
struct GoPackage {
    std::string import_path;
    std::string name;   // package clause; "main" for commands
    std::filesystem::path dir;
    bool standard = false;
    std::string error;  // .Error.Err when go could not load it
};

// Parses a `go list -json` stream. Malformed JSON is an error; arbitrary
// input is safe.
Result<std::vector<GoPackage>> parse_go_list_json(std::string_view stream);

}  // namespace xbuild
