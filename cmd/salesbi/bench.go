package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	"salesbi/clock"
	bench "salesbi/internal/benchreport"
)

func newBenchCmd() *cobra.Command {
	var dir, only, anchor string
	var scales []int
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure generation, sync, query and scoring speed; prints tables of figures",
		RunE: func(cmd *cobra.Command, args []string) error {
			loc, _ := time.LoadLocation(clock.DefaultZone)
			at := time.Date(2026, 11, 27, 0, 0, 0, 0, loc)
			if anchor != "" {
				t, err := time.ParseInLocation("2006-01-02", anchor, loc)
				if err != nil {
					return err
				}
				at = t
			}
			return bench.Run(cmd.Context(), &bench.Env{Out: os.Stdout, Dir: dir, Anchor: at, Loc: loc, Scales: scales}, only)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "bench-data", "folder that keeps generated demo databases between runs")
	cmd.Flags().StringVar(&only, "only", "", "run only sections whose name contains this")
	cmd.Flags().StringVar(&anchor, "anchor", "", "demo anchor date (default 2026-11-27, fixed so runs compare)")
	cmd.Flags().IntSliceVar(&scales, "scales", []int{1, 100}, "demo scales to measure at")
	return cmd
}
