#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/output_template.hpp>
#include <xbuild/process.hpp>

namespace xbuild {

// Whether any of `templates` (the -o template, --ldflags) names {{.Version}},
// {{.Commit}} or {{.Date}}: only then is git asked.
bool uses_version_fields(const std::vector<std::string>& templates);

// The fields "Version", "Commit" and "Date" for a build in `dir`:
// - Version: `version_string` when given (--version-string), else
//   `git describe --tags --always --dirty`;
// - Commit: `git rev-parse HEAD`;
// - Date: RFC 3339 UTC of SOURCE_DATE_EPOCH when set, else of the commit
//   (`git log -1 --format=%ct`), so that a build of one commit always says
//   the same, else `now`.
// Errors name what failed and what to do (not a git repository: pass
// --version-string; a malformed SOURCE_DATE_EPOCH). Without git and with
// --version-string, Commit is "unknown".
Result<TemplateFields> resolve_version_fields(CommandRunner& runner, const std::filesystem::path& dir,
                                              const Environment& env,
                                              const std::optional<std::string>& version_string,
                                              std::chrono::system_clock::time_point now);

}  // namespace xbuild
