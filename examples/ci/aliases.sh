# Shell aliases around xbuild; source this from ~/.bashrc or ~/.zshrc.
alias xmac='xbuild --os darwin --arch amd64,arm64'          # both Macs
alias xlinux='xbuild -t linux/amd64,linux/arm64,linux/arm/v7'
alias xwin='xbuild -t windows/amd64,windows/arm64'
alias xall='xbuild -t first-class --checksums'              # every first-class port, with SHA256SUMS
alias xdry='xbuild -n'                                      # what would run, for any of the above: xdry -t linux/*
