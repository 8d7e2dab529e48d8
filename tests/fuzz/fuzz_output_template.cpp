// Fuzzes the output template (include/xbuild/output_template.hpp): the whole
// input is one template, rendered with the fields the build command offers
// and validated against their names, which must agree with each other.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/output_template.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

const TemplateFields k_fields = {
    {"Dir", "hello"}, {"OS", "linux"}, {"Arch", "arm"}, {"Variant", "v7"}};

// The same names with values that look like template syntax: a value is
// inserted verbatim, never parsed again.
const TemplateFields k_tricky_fields = {
    {"Dir", "{{.OS}}"}, {"OS", "}}"}, {"Arch", ""}, {"Variant", "\x01{{"}};

const std::vector<std::string> k_names = {"Dir", "OS", "Arch", "Variant"};
const std::vector<std::string> k_dotted_names = {".Dir", ".OS", ".Arch", ".Variant"};

void check_message(const Result<void>& result) {
    if (!result) {
        XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(result.error().message),
                          result.error().message);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        const std::string_view tmpl = fuzz::as_text(data, size);

        const Result<std::string> rendered = render_output_template(tmpl, k_fields);
        const Result<void> valid = validate_output_template(tmpl, k_names);
        check_message(valid);
        // validate is the early check of what render will do: same verdict,
        // same message (both list the fields in the same order).
        XBUILD_FUZZ_CHECK(rendered.ok() == valid.ok());
        if (!rendered) {
            XBUILD_FUZZ_CHECK(rendered.error().message == valid.error().message,
                              rendered.error().message);
        }

        // A leading dot on a known name is tolerated.
        const Result<void> dotted = validate_output_template(tmpl, k_dotted_names);
        XBUILD_FUZZ_CHECK(dotted.ok() == valid.ok());

        // Whether a template is valid never depends on the fields' values.
        const Result<std::string> tricky = render_output_template(tmpl, k_tricky_fields);
        XBUILD_FUZZ_CHECK(tricky.ok() == rendered.ok());

        // Without braces there is nothing to substitute.
        if (tmpl.find_first_of("{}") == std::string_view::npos) {
            XBUILD_FUZZ_CHECK(rendered.ok() && *rendered == tmpl);
        }

        // Messages stay one line also when no field is known at all.
        check_message(validate_output_template(tmpl, {}));

        const std::string effective = effective_output_template(tmpl, size % 2 == 0);
        XBUILD_FUZZ_CHECK(tmpl.empty() ? !effective.empty() : effective == tmpl);

        // Windows names end in ".exe" exactly once, whatever the case;
        // other systems' names are untouched.
        const std::string exe = with_exe_suffix(std::string(tmpl), "windows");
        XBUILD_FUZZ_CHECK(exe.size() >= 4 && exe.size() <= tmpl.size() + 4);
        XBUILD_FUZZ_CHECK(with_exe_suffix(exe, "windows") == exe);
        XBUILD_FUZZ_CHECK(with_exe_suffix(std::string(tmpl), "linux") == tmpl);
    });
}
