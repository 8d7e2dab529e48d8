#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xbuild {

// Edit distance between two ASCII strings: Levenshtein, except that swapping
// two adjacent characters counts as one edit (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible
// typo (distance <= max(1, word.size() / 3)); nullopt otherwise.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// Splits on commas and ASCII whitespace, dropping empty pieces.
std::vector<std::string> split_list(std::string_view text);

// `text` with every byte that is not printable ASCII written as \xNN: user
// text quoted in an error message keeps the message one printable line.
std::string printable(std::string_view text);

// `fnmatch`-style match supporting `*` and `?` only.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace xbuild
