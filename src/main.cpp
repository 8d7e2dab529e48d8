#include <xbuild/cli.hpp>

int main(int argc, char** argv) {
    return xbuild::run_main(argc, argv);
}
