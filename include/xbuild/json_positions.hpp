#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace xbuild {

// A place in a text: 1-based line and column. Columns count characters
// (UTF-8 code points), as editors do. {0, 0} means unknown.
struct TextPosition {
    std::size_t line = 0;
    std::size_t column = 0;

    bool known() const { return line != 0; }
    // "line:column".
    std::string str() const;
    bool operator==(const TextPosition&) const = default;
};

// The position of byte `offset` of `text` (clamped to its end).
TextPosition position_at(std::string_view text, std::size_t offset);

// Where each value and each object key of a JSON text starts, by JSON
// pointer (RFC 6901, as nlohmann::json_pointer spells it: "" is the root,
// "/overrides/0/targets", "~0" and "~1" escape '~' and '/'). nlohmann 3.11
// keeps no positions, so this walks the text a second time.
struct JsonPositions {
    std::map<std::string, TextPosition> values;
    std::map<std::string, TextPosition> keys;  // member pointer -> its key's opening quote
    // Pointers of members whose key appeared earlier in the same object
    // (nlohmann keeps the last one), in text order, each with that position.
    std::vector<std::pair<std::string, TextPosition>> duplicate_keys;

    // The value's position, else its nearest located ancestor's, else unknown.
    TextPosition value_at(const std::string& pointer) const;
    // The key's position, else the value's (value_at).
    TextPosition key_at(const std::string& pointer) const;
};

// Walks `text`, meant to be one that nlohmann::json::parse accepted (UTF-8
// BOM allowed). Never throws and never reads out of bounds: on text that is
// not JSON it stops and returns what it located so far. Values nested
// deeper than 256 levels are skipped, not located.
JsonPositions locate_json_positions(std::string_view text);

// `key` escaped as one JSON pointer reference token ("a/b" -> "a~1b").
std::string json_pointer_token(std::string_view key);

}  // namespace xbuild
