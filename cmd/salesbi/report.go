package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"salesbi/metrics"
)

// `salesbi report [--period 2026-Q3]` recomputes the metrics of a quarter
// on the database and prints them: grading accuracy (health grade and static
// tier side by side), compliance, technical-confirmation rate, calibration
// degree, attainment spread, freshness and the scorecard.
func newReportCmd() *cobra.Command {
	var f commonFlags
	var period, server string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Print the sales-management metrics of a quarter (grading accuracy, compliance, calibration, freshness)",
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			if server != "" {
				var r metrics.Report
				path := "/api/metrics/report?period=" + url.QueryEscape(period)
				if err := callServer(cmd.Context(), http.MethodGet, server, path, nil, 10*time.Minute, &r); err != nil {
					return err
				}
				return writeReport(out, r, asJSON)
			}
			env, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer env.Close()
			h := &metrics.Health{DB: env.DB, Cfg: env.Cfg, Cal: env.Cal, Log: env.Log}
			if err := h.EnsureScored(cmd.Context()); err != nil {
				return err
			}
			p, err := metrics.QuarterPeriod(env.Cal, period)
			if err != nil {
				return err
			}
			r, err := metrics.Recompute(cmd.Context(), env.DB.DB, p, env.Cfg)
			if err != nil {
				return fmt.Errorf("computing the metrics of %s: %w", p.Label, err)
			}
			return writeReport(out, r, asJSON)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&period, "period", "", "quarter, e.g. 2026-Q3 (default: the current quarter)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the whole report as JSON")
	cmd.Flags().StringVar(&server, "server", "", "ask the running server at this URL (e.g. http://localhost:8080) instead of opening the file")
	return cmd
}

func writeReport(w io.Writer, r metrics.Report, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	PrintReport(w, r)
	return nil
}

// PrintReport writes the report as aligned tables.
func PrintReport(w io.Writer, r metrics.Report) {
	fmt.Fprintf(w, "salesbi metrics, %s\n\n", r.Period)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "grading accuracy\tA (signed)\tC (lost/inactive)\tB (signed)\taccuracy\tbackfilled")
	for _, a := range r.Accuracy {
		fmt.Fprintf(tw, "%s\t%d/%d\t%d/%d\t%d/%d\t%s\t%d\n", a.Basis, a.AMatched, a.A, a.CMatched, a.C, a.BSigned, a.B, pct(a.Accuracy), a.Backfilled)
	}
	tw.Flush()
	c := r.Compliance
	fmt.Fprintf(w, "\ncompliance (amount ≥ %.0f): %d/%d = %s; technical confirmation %d/%d = %s; violations %d; lost %d, delayed %d\n",
		c.Threshold, c.Compliant, c.Population, pct(c.Rate), c.TechConfirmed, c.PastSolution, pct(c.TechRate), c.Violations, c.Lost, c.Delayed)
	k := r.Calibration
	fmt.Fprintf(w, "calibration: %d reps, team target %.0f, degree %s, attainment mean %s, spread ±%s, below target two quarters %d\n",
		k.Team, k.Total, pct(k.Degree), pct(k.MeanAttain), pct(k.Spread), k.BelowTwice)
	fr := r.Freshness
	fmt.Fprintf(w, "freshness: median entry latency %s over %d records", hours(fr.MedianHours), fr.Records)
	for _, kind := range []string{"stage_change", "key_action", "visit", "contract"} {
		if v, ok := fr.ByKind[kind]; ok {
			fmt.Fprintf(w, "; %s %.2f h", kind, v)
		}
	}
	fmt.Fprintln(w)
	if fr.StalenessDays != nil {
		fmt.Fprintf(w, "open opportunities: median %.1f days since their last change\n", *fr.StalenessDays)
	}
	if fr.FillRate != nil {
		fmt.Fprintf(w, "visit fill rate against the team norm: %s\n", pct(*fr.FillRate))
	}
	if len(fr.SyncLagHours) == 0 {
		fmt.Fprintln(w, "sync lag: no successful sync runs logged")
	} else {
		for t, v := range fr.SyncLagHours {
			fmt.Fprintf(w, "sync lag %s: %.1f h\n", t, v)
		}
	}
	fmt.Fprintln(w, "\nscorecard")
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, s := range r.Scorecard {
		v, pass := "—", "no data"
		if s.Value != nil {
			v = fmt.Sprintf("%.4g", *s.Value)
			pass = "FAIL"
			if *s.Pass {
				pass = "pass"
			}
		}
		op := "≥"
		if s.Direction == "max" {
			op = "≤"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s %.4g\t%s\n", s.Metric, v, op, s.Goal, pass)
	}
	tw.Flush()
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", x*100) }

func hours(h *float64) string {
	if h == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f h", *h)
}
