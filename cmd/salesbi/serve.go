package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/config"
	"salesbi/dashboards"
)

// shutdownGrace is how long requests in flight get to finish after SIGTERM
// or SIGINT before their contexts are cancelled.
const shutdownGrace = 30 * time.Second

func newServeCmd() *cobra.Command {
	var f commonFlags
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboards (fills an empty database with the demo company first)",
		Long: `Serves the dashboards until SIGINT or SIGTERM, then shuts down cleanly:
requests in flight finish (up to 30 s), background syncs, scoring and alert
delivery stop, and the database file is closed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(f.config)
			if err != nil {
				return err
			}
			if f.db != "" {
				cfg.Database.Path = f.db
			}
			if addr != "" {
				cfg.Server.Addr = addr
			}
			return serve(cmd.Context(), cfg)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&addr, "addr", "", "listen address (default: server.addr of the config, :8080)")
	return cmd
}

// serve composes the app, serves until a signal and shuts down.
func serve(ctx context.Context, cfg *config.Config) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a, err := app.New(ctx, app.Options{Config: cfg, Clock: clock.System{}, Log: log, FillDemo: true, Progress: os.Stderr})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		_ = a.Shutdown(sctx)
		return err
	}
	dashboards.TuneGC()
	log.Info("serving", "addr", ln.Addr().String(), "db", cfg.Database.Path)
	fmt.Fprintf(os.Stderr, "salesbi is up: open http://%s/dashboards/standup\n", displayAddr(cfg.Server.Addr))
	err = a.Run(ctx, ln, shutdownGrace)
	log.Info("stopped", "err", err)
	return err
}

// displayAddr is the listen address as a browser would be pointed at it.
func displayAddr(a string) string {
	if strings.HasPrefix(a, ":") {
		return "localhost" + a
	}
	return a
}
