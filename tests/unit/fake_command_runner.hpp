#pragma once

// A CommandRunner that answers from canned replies instead of running
// anything, and records every ProcessSpec it was asked to run.

#include <map>
#include <string>
#include <vector>

#include <xbuild/process.hpp>

namespace xbuild::test {

class FakeCommandRunner final : public CommandRunner {
public:
    // Replies to any command whose arguments after argv[0], joined by spaces,
    // equal `args` (e.g. "env -json"). Later replies for the same key win.
    void reply(const std::string& args, std::string output, int exit_code = 0) {
        ProcessExit exit;
        exit.exit_code = exit_code;
        exit.output = std::move(output);
        m_replies[args] = std::move(exit);
    }

    // Like reply(), but only for the program `program` (argv[0]); wins over reply().
    void reply_for(const std::string& program, const std::string& args, std::string output,
                   int exit_code = 0) {
        reply(program + "|" + args, std::move(output), exit_code);
    }

    Result<ProcessExit> run(const ProcessSpec& spec) override {
        calls.push_back(spec);
        std::string key;
        for (std::size_t i = 1; i < spec.argv.size(); ++i) {
            if (i > 1) key += ' ';
            key += spec.argv[i];
        }
        auto it = m_replies.find(spec.argv.at(0) + "|" + key);
        if (it == m_replies.end()) it = m_replies.find(key);
        if (it == m_replies.end()) return make_error("fake: no reply for \"{}\"", key);
        return it->second;
    }

    std::vector<ProcessSpec> calls;

private:
    std::map<std::string, ProcessExit> m_replies;
};

}  // namespace xbuild::test
