#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace xbuild::test {

// Output written to a memory buffer, read back as text.
class CapturedFile {
public:
    CapturedFile() : m_file(open_memstream(&m_data, &m_size)) {}
    ~CapturedFile() {
        std::fclose(m_file);
        std::free(m_data);
    }
    CapturedFile(const CapturedFile&) = delete;
    CapturedFile& operator=(const CapturedFile&) = delete;

    std::FILE* get() const { return m_file; }
    std::string text() {
        std::fflush(m_file);
        return std::string(m_data, m_size);
    }

private:
    char* m_data = nullptr;
    std::size_t m_size = 0;
    std::FILE* m_file;
};

}  // namespace xbuild::test
