package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"salesbi/config"
	"salesbi/connectors"
	"salesbi/model"
	"salesbi/progress"
)

func newSyncCmd() *cobra.Command {
	var f commonFlags
	var check, full bool
	var tables []string
	var server string
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Copy the mapped CRM/ERP tables into the database once (or check the mapping)",
		Long: `Runs every table mapped under tables: in salesbi.yaml once, with a progress
bar per table: a full load the first time (or with --full), then incremental
loads from the stored watermark. Against the database file when no server
holds it, or through the running server with --server URL.

--check validates the mapping against the live sources and lists every
problem with its place in the YAML, before any data moves.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if check {
				return runCheck(ctx, f)
			}
			if server != "" {
				return syncThroughServer(ctx, server, tables, full)
			}
			env, err := f.open(ctx)
			if err != nil {
				if errors.Is(err, model.ErrLocked) {
					return fmt.Errorf("%w\n(to sync through the running server: salesbi sync --server http://localhost:8080)", err)
				}
				return err
			}
			defer env.Close()
			if len(env.Cfg.Tables) == 0 {
				return fmt.Errorf("no tables are mapped in %s: add sources: and tables: sections (see examples/crm-mysql.yaml)", configName(env.Cfg))
			}
			s := &connectors.Syncer{DB: env.DB, Cfg: env.Cfg, Log: env.Log, Clock: env.Cal.Clock, Progress: progress.New(os.Stderr)}
			runs, err := s.Sync(ctx, connectors.Options{Tables: tables, Full: full})
			printRuns(runs)
			return err
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&check, "check", false, "validate the mapping against the live sources; move no data")
	cmd.Flags().BoolVar(&full, "full", false, "full loads even where a watermark exists")
	cmd.Flags().StringSliceVar(&tables, "table", nil, "sync only these canonical tables (repeat or comma-separate)")
	cmd.Flags().StringVar(&server, "server", "", "run the sync in the running server at this URL (e.g. http://localhost:8080)")
	return cmd
}

func configName(c *config.Config) string {
	if c.Path() == "" {
		return "the built-in defaults (no --config given)"
	}
	return c.Path()
}

// runCheck checks against an in-memory copy of the canonical schema, so it
// works while a server holds the database file.
func runCheck(ctx context.Context, f commonFlags) error {
	cfg, err := config.Load(f.config)
	if err != nil {
		return err
	}
	if len(cfg.Tables) == 0 {
		return fmt.Errorf("no tables are mapped in %s", configName(cfg))
	}
	db, err := model.Open(ctx, ":memory:", model.Options{TimeZone: cfg.Business.TimeZone, MemoryLimit: "256MB"})
	if err != nil {
		return err
	}
	defer db.Close()
	probs := connectors.Check(ctx, db, cfg)
	for _, p := range probs {
		fmt.Println(p.String())
	}
	if len(probs) > 0 {
		return fmt.Errorf("%d problem(s) in the mapping; nothing was synced", len(probs))
	}
	fmt.Printf("%s: %d mapped tables match their sources\n", configName(cfg), len(cfg.Tables))
	return nil
}

func syncThroughServer(ctx context.Context, url string, tables []string, full bool) error {
	fmt.Fprintln(os.Stderr, "syncing through", url, "(progress is in the server's log)")
	var out struct {
		Runs   []connectors.Run `json:"runs"`
		Failed bool             `json:"failed"`
	}
	if err := callServer(ctx, http.MethodPost, url, "/api/sync", map[string]any{"tables": tables, "full": full}, 6*time.Hour, &out); err != nil {
		return err
	}
	printRuns(out.Runs)
	if out.Failed {
		return errors.New("some tables failed to sync; see the error column")
	}
	return nil
}

func printRuns(runs []connectors.Run) {
	if len(runs) == 0 {
		return
	}
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "table\tsource\tmode\tstatus\tread\twritten\tdeleted\ttook\twatermark\terror")
	for _, r := range runs {
		wm := ""
		if r.Watermark != nil {
			wm = r.Watermark.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", r.Table, r.Source, r.Mode, r.Status,
			r.RowsRead, r.RowsWritten, r.RowsDeleted, r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond), wm, r.Error)
	}
	tw.Flush()
}
