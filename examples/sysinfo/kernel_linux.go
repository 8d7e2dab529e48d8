package main

import "syscall"

func kernelInfo() (kernel, bool) {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return kernel{}, false
	}
	return kernel{
		sysname: cString(u.Sysname[:]),
		release: cString(u.Release[:]),
		machine: cString(u.Machine[:]),
	}, true
}

// cString converts a NUL-terminated Utsname field; the field's element type
// is int8 on most architectures and uint8 on arm, ppc64*, riscv64 and s390x.
func cString[T int8 | uint8](field []T) string {
	b := make([]byte, 0, len(field))
	for _, c := range field {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return string(b)
}
