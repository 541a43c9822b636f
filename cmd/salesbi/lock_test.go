package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"salesbi/model"
)

// TestMain lets the test binary play a second process: one that holds a
// database file, as a running `salesbi serve` does, or the binary itself.
func TestMain(m *testing.M) {
	if args := os.Getenv("SALESBI_TEST_RUN"); args != "" {
		// Play the salesbi binary itself with these arguments (serve_test.go).
		root := newRoot()
		root.SetArgs(strings.Fields(args))
		if err := root.Execute(); err != nil {
			fmt.Fprintln(os.Stderr, "salesbi:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if path := os.Getenv("SALESBI_TEST_HOLD_DB"); path != "" {
		db, err := model.Open(context.Background(), path, model.Options{MemoryLimit: "256MB"})
		if err != nil {
			fmt.Println("hold failed:", err)
			os.Exit(1)
		}
		fmt.Println("holding")
		time.Sleep(60 * time.Second)
		db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestCommandOnAFileHeldByAServerSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.duckdb")
	holder := exec.Command(os.Args[0], "-test.run=^$")
	holder.Env = append(os.Environ(), "SALESBI_TEST_HOLD_DB="+path)
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = holder.Process.Kill(); _ = holder.Wait() }()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "holding" {
		t.Fatalf("holder did not open the file: %q", line)
	}

	root := newRoot()
	root.SetArgs([]string{"demo", "--db", path, "--anchor", "2026-11-27"})
	err = root.Execute()
	if !errors.Is(err, model.ErrLocked) {
		t.Fatalf("want ErrLocked, got %v", err)
	}
	for _, want := range []string{path, "salesbi serve", "--server"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %q", err, want)
		}
	}
}
