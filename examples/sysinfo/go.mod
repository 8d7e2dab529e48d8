module example.com/sysinfo

go 1.19
