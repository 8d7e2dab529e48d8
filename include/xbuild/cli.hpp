#pragma once

namespace xbuild {

// The whole command line program: parses argv, runs the subcommand, prints
// errors as "xbuild: error: ..." and returns the exit code (exit_codes.hpp).
// Never throws.
int run_main(int argc, char** argv);

}  // namespace xbuild
