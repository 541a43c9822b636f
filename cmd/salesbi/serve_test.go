package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"salesbi/model"
)

// `salesbi serve` on a new file fills it with the demo company, serves the
// stand-up page, and on SIGTERM exits 0 with the file closed.
func TestServeCommandExitsZeroOnSIGTERM(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serve.duckdb")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SALESBI_TEST_RUN=serve --db "+path+" --addr "+addr)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	var page string
	for deadline := time.Now().Add(3 * time.Minute); ; {
		resp, err := http.Get("http://" + addr + "/dashboards/standup")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("stand-up page: %d %s", resp.StatusCode, b)
			}
			page = string(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not come up: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(page, "晨会看板") {
		t.Fatalf("not the stand-up page: %.200s", page)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve did not exit 0 on SIGTERM: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("serve did not stop within a minute of SIGTERM")
	}
	db, err := model.Open(context.Background(), path, model.Options{MemoryLimit: "256MB"})
	if err != nil {
		t.Fatalf("the file is still held after exit: %v", err)
	}
	db.Close()
}
