#include <xbuild/output_template.hpp>

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace xbuild;

namespace {

const std::vector<std::string> k_known = {"Dir", "OS", "Arch", "Variant"};

TemplateFields sample_fields() {
    return {{"Dir", "hello"}, {"OS", "linux"}, {"Arch", "arm"}, {"Variant", "v7"}};
}

std::string render_error(std::string_view tmpl) {
    auto result = render_output_template(tmpl, sample_fields());
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

}  // namespace

TEST_CASE("render_output_template fills fields", "[template]") {
    SECTION("all fields") {
        auto result = render_output_template("out/{{.Dir}}-{{.OS}}-{{.Arch}}-{{.Variant}}",
                                             sample_fields());
        REQUIRE(result.ok());
        CHECK(*result == "out/hello-linux-arm-v7");
    }
    SECTION("the default template") {
        auto result = render_output_template(k_default_output_template, sample_fields());
        REQUIRE(result.ok());
        CHECK(*result == "dist/hello_linux_arm");
    }
    SECTION("whitespace inside the braces") {
        auto result = render_output_template("{{ .OS }}/{{\t.Arch\n}}/{{.Dir  }}", sample_fields());
        REQUIRE(result.ok());
        CHECK(*result == "linux/arm/hello");
    }
    SECTION("a field used twice and adjacent fields") {
        auto result = render_output_template("{{.OS}}{{.OS}}{{.Arch}}", sample_fields());
        REQUIRE(result.ok());
        CHECK(*result == "linuxlinuxarm");
    }
    SECTION("text without fields, single braces and the empty template") {
        auto plain = render_output_template("bin/tool", sample_fields());
        REQUIRE(plain.ok());
        CHECK(*plain == "bin/tool");
        auto braces = render_output_template("a{b}c{{.OS}}}", sample_fields());
        REQUIRE(braces.ok());
        CHECK(*braces == "a{b}clinux}");
        auto empty = render_output_template("", sample_fields());
        REQUIRE(empty.ok());
        CHECK(empty->empty());
    }
    SECTION("extra fields such as Version") {
        auto fields = sample_fields();
        fields["Version"] = "1.2.3";
        auto result = render_output_template("{{.Dir}}-{{.Version}}", fields);
        REQUIRE(result.ok());
        CHECK(*result == "hello-1.2.3");
    }
}

TEST_CASE("render_output_template reports errors with columns", "[template]") {
    SECTION("unknown field, with a suggestion for a case slip") {
        CHECK(render_error("dist/x{{.Os}}") ==
              "output template: unknown field \"{{.Os}}\" at column 7; did you mean "
              "\"{{.OS}}\"? (known: .Dir, .OS, .Arch, .Variant)");
    }
    SECTION("unknown field without a close match") {
        std::string message = render_error("{{.Zzzzzzzz}}");
        CHECK(message == "output template: unknown field \"{{.Zzzzzzzz}}\" at column 1 "
                         "(known: .Dir, .OS, .Arch, .Variant)");
    }
    SECTION("a field the map lacks is unknown") {
        CHECK_THAT(render_error("{{.Version}}"),
                   Catch::Contains("unknown field \"{{.Version}}\" at column 1"));
    }
    SECTION("missing dot") {
        CHECK(render_error("a/{{OS}}") ==
              "output template: \"{{OS}}\" at column 3 lacks the dot before the field name; "
              "write \"{{.OS}}\" (known: .Dir, .OS, .Arch, .Variant)");
    }
    SECTION("pipelines, functions and comments") {
        CHECK_THAT(render_error("{{.OS | lower}}"),
                   Catch::StartsWith("output template: unsupported action \"{{.OS | lower}}\" "
                                     "at column 1"));
        CHECK_THAT(render_error("x{{printf \"%s\" .OS}}"),
                   Catch::Contains("unsupported action \"{{printf \\\"%s\\\" .OS}}\" at column 2"));
        CHECK_THAT(render_error("{{/* c */}}"), Catch::Contains("unsupported action"));
        CHECK_THAT(render_error("{{.OS.Name}}"), Catch::Contains("unsupported action"));
        CHECK_THAT(render_error("{{.}}"), Catch::Contains("unsupported action"));
        CHECK_THAT(render_error("{{- .OS -}}"), Catch::Contains("unsupported action"));
    }
    SECTION("empty action") {
        CHECK_THAT(render_error("ab{{  }}"),
                   Catch::StartsWith("output template: empty action \"{{  }}\" at column 3"));
    }
    SECTION("unclosed braces") {
        CHECK(render_error("dist/{{.OS") ==
              "output template: unclosed \"{{\" at column 6; close it with \"}}\"");
        CHECK_THAT(render_error("{{.OS}}/{{"), Catch::Contains("unclosed \"{{\" at column 9"));
        CHECK_THAT(render_error("{{.OS}"), Catch::Contains("unclosed \"{{\" at column 1"));
    }
    SECTION("stray closing braces") {
        CHECK(render_error("dist/.OS}}") ==
              "output template: unexpected \"}}\" at column 9 with no \"{{\" before it");
        CHECK_THAT(render_error("{{.OS}}}}"), Catch::Contains("unexpected \"}}\" at column 8"));
    }
    SECTION("columns count characters, not bytes") {
        CHECK_THAT(render_error("d\xC3\xA9j\xC3\xA0/{{.Os}}"),
                   Catch::Contains("at column 6"));
    }
    SECTION("garbage is quoted on one line and cut when long") {
        std::string message = render_error("{{\n\x01" + std::string(200, 'x') + "}}");
        CHECK(message.find('\n') == std::string::npos);
        CHECK(message.find('\x01') == std::string::npos);
        CHECK_THAT(message, Catch::Contains("\"{{\\n\\x01xxx"));
        CHECK_THAT(message, Catch::Contains("...\""));
        CHECK(message.size() < 250);
    }
}

TEST_CASE("validate_output_template checks syntax against known fields", "[template]") {
    SECTION("valid templates") {
        CHECK(validate_output_template("dist/{{.Dir}}_{{ .OS }}_{{.Arch}}", k_known).ok());
        CHECK(validate_output_template("plain", k_known).ok());
        CHECK(validate_output_template("", k_known).ok());
    }
    SECTION("known fields may be given with their dot") {
        CHECK(validate_output_template("{{.OS}}", {".OS"}).ok());
    }
    SECTION("errors match render's") {
        auto result = validate_output_template("{{.Commit}}", k_known);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "output template: unknown field \"{{.Commit}}\" at column 1 "
              "(known: .Dir, .OS, .Arch, .Variant)");
        auto unbalanced = validate_output_template("{{.OS", k_known);
        REQUIRE_FALSE(unbalanced.ok());
        CHECK_THAT(unbalanced.error().message, Catch::Contains("unclosed"));
    }
    SECTION("no known fields") {
        auto result = validate_output_template("{{.OS}}", {});
        REQUIRE_FALSE(result.ok());
        CHECK_THAT(result.error().message, Catch::Contains("no fields are available"));
    }
}

TEST_CASE("render_output_template is safe on arbitrary input", "[template]") {
    std::mt19937 rng(12345);
    const std::string alphabet = "{}. \t\nOSArchDirVariant/_|\x01\xC3\xA9\xFF";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<std::size_t> length(0, 40);
    for (int i = 0; i < 20000; ++i) {
        std::string tmpl;
        std::size_t n = length(rng);
        for (std::size_t k = 0; k < n; ++k) tmpl += alphabet[pick(rng)];
        auto rendered = render_output_template(tmpl, sample_fields());
        auto validated = validate_output_template(tmpl, k_known);
        REQUIRE(rendered.ok() == validated.ok());
        if (!rendered.ok()) {
            REQUIRE_THAT(rendered.error().message, Catch::StartsWith("output template: "));
            REQUIRE(rendered.error().message.find('\n') == std::string::npos);
        } else if (tmpl.find("{{") == std::string::npos) {
            REQUIRE(*rendered == tmpl);
        }
    }
}

TEST_CASE("effective_output_template adds the variant to the default only", "[template]") {
    CHECK(effective_output_template("", false) == "dist/{{.Dir}}_{{.OS}}_{{.Arch}}");
    CHECK(effective_output_template("", true) == "dist/{{.Dir}}_{{.OS}}_{{.Arch}}_{{.Variant}}");
    CHECK(effective_output_template("bin/{{.OS}}", true) == "bin/{{.OS}}");
    CHECK(effective_output_template("bin/{{.OS}}", false) == "bin/{{.OS}}");
}

TEST_CASE("with_exe_suffix appends .exe for windows", "[template]") {
    CHECK(with_exe_suffix("dist/hello_windows_amd64", "windows") == "dist/hello_windows_amd64.exe");
    CHECK(with_exe_suffix("dist/hello.exe", "windows") == "dist/hello.exe");
    CHECK(with_exe_suffix("dist/HELLO.EXE", "windows") == "dist/HELLO.EXE");
    CHECK(with_exe_suffix("dist/hello.Exe", "windows") == "dist/hello.Exe");
    CHECK(with_exe_suffix("exe", "windows") == "exe.exe");
    CHECK(with_exe_suffix("", "windows") == ".exe");
    CHECK(with_exe_suffix("dist/hello_linux_amd64", "linux") == "dist/hello_linux_amd64");
    CHECK(with_exe_suffix("dist/hello", "Windows") == "dist/hello");
}
