// Package benchreport is the printed report behind `make bench` (`salesbi
// bench`): the sections listed in sections.go run in that order and print
// tables of measured figures. Nothing here is asserted. It measures the
// other packages through their exported APIs only, and it alone fiddles
// with the process (environment variables, /proc/self) to do so; the micro
// figures are also Go benchmarks in the packages' _test.go files.
package benchreport

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"salesbi/clock"
	"salesbi/demo"
	"salesbi/model"
	"salesbi/progress"
)

// Section is one group of measurements.
type Section struct {
	Name string
	Run  func(ctx context.Context, e *Env) error
}

// Env is what a section gets.
type Env struct {
	Out io.Writer
	// Dir keeps generated demo databases between runs (bench-data/).
	Dir string
	// Anchor is the fixed demo "today", so runs are comparable.
	Anchor time.Time
	Loc    *time.Location
	// Scales lists the demo scales to measure at (default 1 and 100).
	Scales []int
}

// Table prints an aligned table with a title.
func (e *Env) Table(title string, header []string, rows [][]string) {
	fmt.Fprintf(e.Out, "\n## %s\n", title)
	tw := tabwriter.NewWriter(e.Out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}

// DemoPath is the file of the demo company at scale, generated on first use
// and reused after (a scale-100 company takes a while to build).
func (e *Env) DemoPath(ctx context.Context, scale int) (string, error) {
	path := filepath.Join(e.Dir, fmt.Sprintf("demo-s%d-%s.duckdb", scale, e.Anchor.Format("20060102")))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	os.Remove(tmp)
	os.Remove(tmp + ".wal")
	db, err := model.Open(ctx, tmp, model.Options{TimeZone: e.Loc.String()})
	if err != nil {
		return "", err
	}
	_, err = demo.Generate(ctx, db, demo.Options{Seed: 1, Scale: scale, Anchor: e.Anchor, Loc: e.Loc, Progress: progress.New(os.Stderr)})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// OpenDemo opens the demo company at scale (see DemoPath).
func (e *Env) OpenDemo(ctx context.Context, scale int) (*model.DB, error) {
	path, err := e.DemoPath(ctx, scale)
	if err != nil {
		return nil, err
	}
	return model.Open(ctx, path, model.Options{TimeZone: e.Loc.String()})
}

// Run runs the sections whose name contains filter ("" = all).
func Run(ctx context.Context, e *Env, filter string) error {
	if e.Loc == nil {
		e.Loc, _ = time.LoadLocation(clock.DefaultZone)
	}
	if len(e.Scales) == 0 {
		e.Scales = []int{1, 100}
	}
	if err := os.MkdirAll(e.Dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(e.Out, "# salesbi bench — %s, anchor %s, scales %v\n", time.Now().Format(time.RFC3339), e.Anchor.Format("2006-01-02"), e.Scales)
	var failed []string
	for _, s := range sections {
		if filter != "" && !strings.Contains(s.Name, filter) {
			continue
		}
		start := time.Now()
		if err := s.Run(ctx, e); err != nil {
			fmt.Fprintf(e.Out, "\n## %s: FAILED: %v\n", s.Name, err)
			failed = append(failed, s.Name)
			continue
		}
		fmt.Fprintf(e.Out, "(%s took %s)\n", s.Name, time.Since(start).Round(time.Millisecond))
	}
	if len(failed) > 0 {
		return fmt.Errorf("bench sections failed: %s", strings.Join(failed, ", "))
	}
	return nil
}
