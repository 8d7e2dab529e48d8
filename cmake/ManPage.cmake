# Writes xbuild.1 from the built binary's own help text, so the man page
# cannot drift from the flags. Run as a script:
#   cmake -DXBUILD=path/to/xbuild -DOUTPUT=xbuild.1 -DVERSION=0.1.0 -P ManPage.cmake
execute_process(COMMAND "${XBUILD}" --help-all OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ManPage.cmake: ${XBUILD} --help-all exited ${status}")
endif()
# roff: a backslash starts an escape, and a line starting with . or ' is a request.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
# CMake takes the date from SOURCE_DATE_EPOCH when it is set (reproducible).
string(TIMESTAMP date "%Y-%m-%d" UTC)
file(WRITE "${OUTPUT}" ".TH XBUILD 1 \"${date}\" \"xbuild ${VERSION}\" \"User Commands\"
.SH NAME
xbuild \\- cross-build Go programs for many targets, verified
.SH SYNOPSIS
.B xbuild
[\\fIbuild\\fR] [\\fIflags\\fR] [\\fIpackages\\fR...] [\\fB\\-\\-\\fR \\fIgo-build-args\\fR...]
.br
.B xbuild
\\fIcommand\\fR [\\fIflags\\fR]
.SH DESCRIPTION
xbuild builds Go main packages for many GOOS/GOARCH targets in parallel with
the real go toolchain, bootstraps targets the SDK is not ready for, refuses
cgo code without a C cross-compiler that really targets the platform,
verifies each binary's header and places it atomically.
.SH OPTIONS
The help text of every command:
.PP
.nf
${help}.fi
.SH EXIT STATUS
0 every target built; 1 a target failed or was refused; 2 bad usage or
configuration; 128+N stopped by signal N (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
.SH ENVIRONMENT
XBUILD_GO, XBUILD_HOME, XDG_CACHE_HOME, CC_FOR_\\fIgoos\\fR_\\fIgoarch\\fR,
NO_COLOR; see the README.
.SH FILES
\\fI~/.cache/xbuild\\fR, the store; \\fI/usr/share/xbuild/toolchains/cc.json\\fR,
the C cross-compiler candidates.
.SH SEE ALSO
.BR go (1),
.BR qemu-user (1)
")
