#!/usr/bin/env bash
# Installation: `cmake --install` into a temporary prefix gives a working
# xbuild that reads its C compiler data from <prefix>/share/xbuild (shown by
# damaging that copy), bash/zsh/fish completions and a man page that man(1)
# can render; `cpack -G DEB` builds a Debian package holding the same files.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool cmake cpack dpkg-deb

build_dir=$(dirname "$XBUILD")
[[ -f "$build_dir/cmake_install.cmake" ]] || skip "$build_dir is not a CMake build directory"
prefix=$WORK/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$WORK/install.log" 2>&1 ||
    fail "cmake --install failed: $(tail -20 "$WORK/install.log")"
installed=$prefix/bin/xbuild
assert_file "$installed"
for file in share/xbuild/toolchains/cc.json share/bash-completion/completions/xbuild \
    share/zsh/vendor-completions/_xbuild share/fish/vendor_completions.d/xbuild.fish \
    share/man/man1/xbuild.1; do
    assert_file "$prefix/$file"
done
"$installed" version | grep -q '^xbuild ' || fail "the installed xbuild does not run"

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
XBUILD=$installed xb_expect 0 -t linux/arm64
assert_file dist/hello_linux_arm64
# The installed data is the one read: a damaged copy is reported by path.
cp "$prefix/share/xbuild/toolchains/cc.json" "$WORK/cc.json"
echo '{ broken' >"$prefix/share/xbuild/toolchains/cc.json"
XBUILD=$installed xb_expect 2 -t linux/arm64 --force
assert_contains "$XB_ERR" "$prefix/share/xbuild/toolchains/cc.json" "the installed registry's path"
cp "$WORK/cc.json" "$prefix/share/xbuild/toolchains/cc.json"
note "cmake --install: a working binary that finds its data"

bash -c "source '$prefix/share/bash-completion/completions/xbuild' && complete -p xbuild" >/dev/null ||
    fail "the installed bash completion does not load"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$prefix/share/man/man1/xbuild.1" 2>"$WORK/man.err" >"$WORK/man.txt" ||
        fail "man cannot render xbuild.1: $(cat "$WORK/man.err")"
    assert_contains "$(cat "$WORK/man.txt")" "--shard" "the man page lists build's flags"
else
    assert_contains "$(cat "$prefix/share/man/man1/xbuild.1")" ".SH NAME" "the man page"
fi
note "completions and the man page are installed"

(cd "$build_dir" && cpack -G DEB -B "$WORK/package" >"$WORK/cpack.log" 2>&1) ||
    fail "cpack -G DEB failed: $(tail -20 "$WORK/cpack.log")"
deb=$(find "$WORK/package" -maxdepth 1 -name 'xbuild_*.deb' | head -1)
[[ -n "$deb" ]] || fail "cpack made no .deb: $(ls "$WORK/package")"
contents=$(dpkg-deb -c "$deb")
for file in ./usr/bin/xbuild ./usr/share/xbuild/toolchains/cc.json ./usr/share/man/man1/xbuild.1 \
    ./usr/share/bash-completion/completions/xbuild; do
    assert_contains "$contents" "$file" "the package's files"
done
assert_contains "$(dpkg-deb -f "$deb" Depends)" "libc6" "the package's shared-library dependencies"
note "cpack -G DEB: $(basename "$deb")"
