package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"time"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/demo"
	"salesbi/demo/crmdemo"
	"salesbi/progress"
)

// writeDemoCRM serves `salesbi demo --mysql DSN` / `--postgres DSN`: the demo
// company written into a CRM-shaped schema (crm_account, crm_opportunity …)
// for the connectors to sync from; examples/crm-*.yaml map it back.
func writeDemoCRM(ctx context.Context, f commonFlags, mysqlDSN, pgDSN string, seed int64, scale int, anchor string) error {
	cfg, err := config.Load(f.config)
	if err != nil {
		return err
	}
	cal, err := clock.NewCalendar(clock.System{}, cfg.Business.TimeZone)
	if err != nil {
		return err
	}
	at, err := parseAnchor(anchor, cal)
	if err != nil {
		return err
	}
	d, dsn := crmdemo.MySQL, mysqlDSN
	if pgDSN != "" {
		if mysqlDSN != "" {
			return fmt.Errorf("give one of --mysql or --postgres")
		}
		d, dsn = crmdemo.Postgres, pgDSN
	}
	rep := progress.New(os.Stderr)
	start := time.Now()
	rows, err := crmdemo.FromDemo(ctx, d, dsn, demo.Options{Seed: seed, Scale: scale, Anchor: at, Loc: cal.Loc, Progress: rep},
		crmdemo.Options{Loc: cal.Loc, Progress: rep})
	if err != nil {
		return fmt.Errorf("writing the demo CRM to %s: %w", d, err)
	}
	names := make([]string, 0, len(rows))
	var total int64
	for n, c := range rows {
		names = append(names, n)
		total += c
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("%-22s %9d rows\n", n, rows[n])
	}
	fmt.Printf("demo CRM written to %s: %d rows in %s; map it with examples/crm-%s.yaml\n", d, total, time.Since(start).Round(time.Millisecond), d)
	return nil
}
