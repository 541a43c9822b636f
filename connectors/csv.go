package connectors

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"salesbi/config"
)

// csvSource reads CSV files: path is one file, or a folder whose files the
// tables name in from. The first record is the header; an Excel-style BOM
// is skipped; every record must have as many fields as the header.
type csvSource struct {
	path string
	loc  *time.Location
}

func openCSV(ctx context.Context, name string, s config.Source, loc *time.Location) (Source, error) {
	if _, err := os.Stat(s.Path); err != nil {
		return nil, fmt.Errorf("sources.%s.path: %w", name, err)
	}
	return &csvSource{path: s.Path, loc: loc}, nil
}

func (c *csvSource) Close() error { return nil }

func (c *csvSource) file(t config.Table) string {
	if fi, err := os.Stat(c.path); err == nil && fi.IsDir() {
		return filepath.Join(c.path, t.From)
	}
	return c.path
}

func (c *csvSource) open(t config.Table) (*os.File, *csv.Reader, []string, error) {
	name := c.file(t)
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<16)
	if b, err := br.Peek(3); err == nil && string(b) == "\xEF\xBB\xBF" {
		_, _ = br.Discard(3) // cannot fail: Peek just buffered these three bytes
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		f.Close()
		if errors.Is(err, io.EOF) {
			return nil, nil, nil, fmt.Errorf("%s is empty: want a header line of column names", name)
		}
		return nil, nil, nil, fmt.Errorf("%s: reading the header: %w", name, err)
	}
	header = append([]string(nil), header...)
	r.FieldsPerRecord = len(header)
	return f, r, header, nil
}

func (c *csvSource) Describe(ctx context.Context, t config.Table) ([]SourceColumn, error) {
	f, _, header, err := c.open(t)
	if err != nil {
		return nil, err
	}
	f.Close()
	return describeHeader(header), nil
}

func (c *csvSource) Read(ctx context.Context, q Query) (Rows, error) {
	f, r, header, err := c.open(q.Table)
	if err != nil {
		return nil, err
	}
	name := c.file(q.Table)
	next := func() ([]string, int64, error) {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", name, err) // csv.ParseError names the line
		}
		line, _ := r.FieldPos(0)
		return rec, int64(line), nil
	}
	rows, err := newFileRows(name, header, q, c.loc, next, f.Close)
	if err != nil {
		f.Close()
		return nil, err
	}
	return rows, nil
}
