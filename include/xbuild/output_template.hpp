#pragma once

#include <map>
#include <string>
#include <string_view>

#include <xbuild/error.hpp>

namespace xbuild {

// The default, gox-compatible output template. A variant, when set, is
// appended as "_{{.Variant}}" by default_output_template_for.
inline constexpr std::string_view k_default_output_template = "dist/{{.Dir}}_{{.OS}}_{{.Arch}}";

// Values for the template fields: "Dir", "OS", "Arch", "Variant" (later
// issues add "Version", "Commit", "Date").
using TemplateFields = std::map<std::string, std::string>;

// Checks the template's syntax and that it names only known fields, so that a
// bad template fails before anything is built.
Result<void> validate_output_template(std::string_view tmpl,
                                      const std::vector<std::string>& known_fields);

// Renders `{{.Field}}` references (whitespace inside the braces allowed, as
// in Go's text/template). Unknown fields and unbalanced braces are errors that
// name the offending text and its position.
Result<std::string> render_output_template(std::string_view tmpl, const TemplateFields& fields);

}  // namespace xbuild
