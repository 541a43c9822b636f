package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// callServer sends one request to a running `salesbi serve` (DuckDB has one
// writer process, so commands hand their work to the server that holds the
// file) and decodes the data of its JSON envelope into out.
func callServer(ctx context.Context, method, base, path string, body any, timeout time.Duration, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	url := strings.TrimRight(base, "/") + path
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return fmt.Errorf("--server %q: %w", base, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Timeout: timeout}).Do(req)
	if err != nil {
		return fmt.Errorf("reaching the server at %s: %w (is `salesbi serve` running?)", base, err)
	}
	defer resp.Body.Close()
	var env struct {
		Status   string          `json:"status"`
		Error    string          `json:"error"`
		Problems []string        `json:"problems"`
		Data     json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return fmt.Errorf("reading the answer of %s (HTTP %d): %w", url, resp.StatusCode, err)
	}
	if env.Status != "success" {
		return fmt.Errorf("server (HTTP %d): %s", resp.StatusCode, env.Error)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("reading the answer of %s: %w", url, err)
	}
	return nil
}
