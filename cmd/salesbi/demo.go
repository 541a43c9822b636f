package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"salesbi/demo"
	"salesbi/progress"
)

func newDemoCmd() *cobra.Command {
	var f commonFlags
	var seed int64
	var scale int
	var anchor string
	var crmMySQL, crmPostgres string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill an empty database with the built-in demo company",
		Long: `Generates a believable Chinese B2B sales company (regions, reps, customers,
leads, opportunities, visits, contracts, targets …) anchored to --anchor, so
"yesterday" always has data. Same --seed and --anchor give the same data.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if crmMySQL != "" || crmPostgres != "" {
				return writeDemoCRM(cmd.Context(), f, crmMySQL, crmPostgres, seed, scale, anchor)
			}
			env, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer env.Close()
			at, err := parseAnchor(anchor, env.Cal)
			if err != nil {
				return err
			}
			st, err := demo.Generate(cmd.Context(), env.DB, demo.Options{
				Seed: seed, Scale: scale, Anchor: at, Loc: env.Cal.Loc, Progress: progress.New(os.Stderr),
				GeneratedAt: env.Cal.Now(),
			})
			if err != nil {
				return err
			}
			var total int64
			for _, n := range st.Rows {
				total += n
			}
			fmt.Printf("demo company written to %s: %d rows in %s (%.0f rows/s)\n",
				env.Cfg.Database.Path, total, st.Duration.Round(time.Millisecond), float64(total)/st.Duration.Seconds())
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().Int64Var(&seed, "seed", 1, "generator seed")
	cmd.Flags().IntVar(&scale, "scale", 1, "multiply customers, leads, opportunities and visits (100 gives >= 10M visits)")
	cmd.Flags().StringVar(&anchor, "anchor", "", "the demo's today, YYYY-MM-DD (default: today in the business time zone)")
	cmd.Flags().StringVar(&crmMySQL, "mysql", "", "write the demo company into a CRM-shaped MySQL/MariaDB schema at this DSN instead")
	cmd.Flags().StringVar(&crmPostgres, "postgres", "", "write the demo company into a CRM-shaped PostgreSQL schema at this DSN instead")
	return cmd
}

func parseAnchor(s string, cal interface{ Today() time.Time }) (time.Time, error) {
	if s == "" {
		return cal.Today(), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, cal.Today().Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("--anchor %q: want a date like 2026-11-27", s)
	}
	return t, nil
}
