#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/exit_codes.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/report_merge.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace {

struct ReportOptions {
    std::vector<std::string> files;
    std::string output;
};

Result<nlohmann::json> read_report(const std::string& file) {
    auto text = read_file(file);
    if (!text) return make_error("cannot read report {}", file);
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return make_error("{}: not JSON (expected an xbuild --report file)", file);
    return json;
}

int run_merge(const ReportOptions& options) {
    std::vector<std::pair<std::string, nlohmann::json>> reports;
    for (const std::string& file : options.files) {
        auto report = read_report(file);
        if (!report) return report_error(report.error(), k_exit_usage);
        reports.emplace_back(file, std::move(*report));
    }
    auto merged = merge_reports(reports);
    if (!merged) return report_error(merged.error(), k_exit_usage);
    const std::string text = json_text(*merged, 2) + "\n";
    if (options.output.empty()) {
        fmt::print("{}", text);
    } else if (auto written = write_file_atomic(options.output, text); !written) {
        return report_error(written.error(), k_exit_failed);
    }
    const auto& counts = (*merged)["counts"];
    fmt::print(stderr, "merged {} reports: {} targets, {} ok, exit_code {}\n", reports.size(),
               counts["total"].get<std::size_t>(), counts["ok"].get<std::size_t>(),
               (*merged)["exit_code"].get<int>());
    return k_exit_ok;
}

}  // namespace

CommandRunnerFn add_report_command(CLI::App& app) {
    auto options = std::make_shared<ReportOptions>();
    auto chosen = std::make_shared<std::function<int()>>();
    CLI::App* cmd = app.add_subcommand("report", "work with JSON reports (merge the reports of CI shards)");
    cmd->require_subcommand(1);
    CLI::App* merge = cmd->add_subcommand("merge", "merge --report files into one report on stdout");
    merge->add_option("files", options->files, "the reports to merge")->required();
    merge->add_option("-o,--output", options->output, "write the merged report to FILE instead");
    merge->callback([options, chosen] { *chosen = [options] { return run_merge(*options); }; });
    return [chosen] { return *chosen ? (*chosen)() : k_exit_usage; };
}

}  // namespace xbuild::cli
