module example.com/medium

go 1.19
