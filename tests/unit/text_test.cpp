#include <xbuild/text.hpp>

#include <catch2/catch.hpp>

using namespace xbuild;

TEST_CASE("edit_distance counts insertions, deletions and substitutions", "[text]") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("linux", "linux") == 0);
    CHECK(edit_distance("windos", "windows") == 1);
    CHECK(edit_distance("amd46", "amd64") == 1);
    CHECK(edit_distance("ab", "ba") == 1);
    CHECK(edit_distance("linxu", "linux") == 1);
    // Optimal string alignment edits no substring twice, unlike full Damerau.
    CHECK(edit_distance("ca", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("sitting", "kitten") == 3);
}

TEST_CASE("closest_match suggests only plausible typos", "[text]") {
    const std::vector<std::string> oses = {"darwin", "freebsd", "linux", "windows"};

    SECTION("a close word is suggested") {
        CHECK(closest_match("windos", oses) == "windows");
        CHECK(closest_match("linx", oses) == "linux");
        CHECK(closest_match("linux", oses) == "linux");
    }
    SECTION("distance above max(1, size / 3) is not") {
        // "darwxx" is 2 edits from "darwin" and 6 / 3 = 2; "darxxx" is 3.
        CHECK(closest_match("darwxx", oses) == "darwin");
        CHECK_FALSE(closest_match("darxxx", oses).has_value());
        // "lnx" is 2 edits from "linux" but 3 / 3 = 1.
        CHECK_FALSE(closest_match("lnx", oses).has_value());
        CHECK_FALSE(closest_match("plan9", oses).has_value());
    }
    SECTION("short words still allow one edit") {
        CHECK(closest_match("ar", std::vector<std::string>{"arm"}) == "arm");
    }
    SECTION("ties go to the first candidate") {
        CHECK(closest_match("ab", std::vector<std::string>{"ac", "ad"}) == "ac");
    }
    SECTION("no candidates") {
        CHECK_FALSE(closest_match("linux", {}).has_value());
    }
}

TEST_CASE("split_list splits on commas and whitespace", "[text]") {
    using List = std::vector<std::string>;
    CHECK(split_list("") == List{});
    CHECK(split_list(" ,\t,\n") == List{});
    CHECK(split_list("linux") == List{"linux"});
    CHECK(split_list("linux,darwin") == List{"linux", "darwin"});
    CHECK(split_list(" linux , darwin\twindows\n") == List{"linux", "darwin", "windows"});
    CHECK(split_list("a,,b") == List{"a", "b"});
}

TEST_CASE("glob_match supports * and ?", "[text]") {
    CHECK(glob_match("linux", "linux"));
    CHECK_FALSE(glob_match("linux", "linux2"));
    CHECK(glob_match("*", ""));
    CHECK(glob_match("*", "anything"));
    CHECK(glob_match("arm*", "arm"));
    CHECK(glob_match("arm*", "arm64"));
    CHECK_FALSE(glob_match("arm*", "amd64"));
    CHECK(glob_match("*64", "amd64"));
    CHECK(glob_match("*64le", "mips64le"));
    CHECK(glob_match("mips*le", "mips64le"));
    CHECK(glob_match("mips*le", "mipsle"));
    CHECK_FALSE(glob_match("mips*le", "mips64"));
    CHECK(glob_match("?86", "386"));
    CHECK_FALSE(glob_match("?86", "86"));
    CHECK(glob_match("a*b*c", "aXbYbZc"));
    CHECK_FALSE(glob_match("a*b*c", "aXbYbZ"));
    CHECK_FALSE(glob_match("", "x"));
    CHECK(glob_match("", ""));
    SECTION("pathological patterns stay fast") {
        const std::string text(5000, 'a');
        CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", text));
    }
}
