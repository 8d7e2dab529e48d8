#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>

namespace xbuild {

// The default, gox-compatible output template. A variant, when set, is
// appended as "_{{.Variant}}" by effective_output_template.
inline constexpr std::string_view k_default_output_template = "dist/{{.Dir}}_{{.OS}}_{{.Arch}}";

// Values for the template fields, keyed by name without the dot: "Dir", "OS",
// "Arch", "Variant" (later issues add "Version", "Commit", "Date").
using TemplateFields = std::map<std::string, std::string>;

// Checks the template's syntax and that it names only `known_fields` (names
// without the dot; a leading dot is tolerated), so that a bad template fails
// before anything is built. Safe on arbitrary input.
Result<void> validate_output_template(std::string_view tmpl,
                                      const std::vector<std::string>& known_fields);

// Renders `{{.Field}}` references (whitespace inside the braces allowed, as
// in Go's text/template). Fields not in `fields`, anything else inside the
// braces, and unbalanced braces are errors naming the offending text and its
// 1-based column. Safe on arbitrary input.
Result<std::string> render_output_template(std::string_view tmpl, const TemplateFields& fields);

// The template a target's outputs are named by: `user_template` when it is
// not empty, else the default with "_{{.Variant}}" appended when the target
// has a variant (a user's template is never altered).
std::string effective_output_template(std::string_view user_template, bool has_variant);

// `path` with ".exe" appended when `goos` is "windows" and the path does not
// already end in ".exe" (compared case-insensitively); otherwise unchanged.
std::string with_exe_suffix(std::string path, std::string_view goos);

}  // namespace xbuild
