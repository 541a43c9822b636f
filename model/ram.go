package model

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// halfOfRAM reads MemTotal from /proc/meminfo and returns half of it in a
// form DuckDB's memory_limit accepts. DESIGN.md: default half of RAM.
func halfOfRAM() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "4GB"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "MemTotal:") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			break
		}
		kb, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || kb <= 0 {
			break
		}
		return fmt.Sprintf("%dMB", kb/1024/2)
	}
	return "4GB"
}
