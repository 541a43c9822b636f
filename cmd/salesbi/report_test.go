package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"salesbi/browsertest"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/demo"
	"salesbi/metrics"
	"salesbi/model"
)

// `salesbi report --server URL` asks the running server (which holds the
// file) and prints the same figures as computing them on the database.
func TestReportThroughTheServer(t *testing.T) {
	ctx := context.Background()
	db, err := model.Open(ctx, ":memory:", model.Options{TimeZone: "Asia/Shanghai", MemoryLimit: "2GB"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the server (cleanups run last first)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	anchor := time.Date(2026, 11, 27, 0, 0, 0, 0, loc)
	if _, err := demo.Generate(ctx, db, demo.Options{Seed: 1, Scale: 1, Anchor: anchor, Loc: loc}); err != nil {
		t.Fatal(err)
	}
	cal, _ := clock.NewCalendar(clock.NewFixed(anchor.Add(9*time.Hour)), "Asia/Shanghai")
	_, base := browsertest.StartServerWith(t, db, browsertest.ServerOptions{Cal: &cal})

	var out bytes.Buffer
	root := newRoot()
	root.SetOut(&out)
	defer root.SetOut(nil)
	root.SetArgs([]string{"report", "--server", base, "--period", "2026-Q3", "--json"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	var viaServer metrics.Report
	if err := json.Unmarshal(out.Bytes(), &viaServer); err != nil {
		t.Fatalf("report --json is not JSON: %v\n%s", err, out.String())
	}

	p, err := metrics.QuarterPeriod(cal, "2026-Q3")
	if err != nil {
		t.Fatal(err)
	}
	direct, err := metrics.Recompute(ctx, db.DB, p, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(direct.Accuracy)
	b, _ := json.Marshal(viaServer.Accuracy)
	if string(a) != string(b) || direct.Compliance.Compliant != viaServer.Compliance.Compliant ||
		direct.Compliance.Population != viaServer.Compliance.Population {
		t.Fatalf("server report differs from the direct one:\nserver %s\ndirect %s", b, a)
	}
	if viaServer.Compliance.Population == 0 || len(viaServer.Accuracy) == 0 {
		t.Fatal("the report is empty: nothing was compared")
	}

	out.Reset()
	root.SetArgs([]string{"report", "--server", base, "--period", "2026-Q3", "--json=false"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"salesbi metrics, 2026-Q3", "grading accuracy", "health", "static", "compliance"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed report lacks %q:\n%s", want, out.String())
		}
	}

	root.SetArgs([]string{"report", "--server", "http://127.0.0.1:1", "--period", "2026-Q3"})
	if err := root.Execute(); err == nil || !strings.Contains(err.Error(), "is `salesbi serve` running?") {
		t.Fatalf("an unreachable server gives %v", err)
	}
}
