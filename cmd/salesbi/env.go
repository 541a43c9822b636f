package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// appEnv is what most subcommands need: the config, the business calendar
// and the open database.
type appEnv struct {
	Cfg *config.Config
	Cal clock.Calendar
	DB  *model.DB
	Log *slog.Logger
}

// commonFlags are shared by subcommands that touch the database.
type commonFlags struct {
	config string
	db     string
}

func (f *commonFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.config, "config", "", "path of salesbi.yaml (default: built-in defaults)")
	cmd.Flags().StringVar(&f.db, "db", "", "DuckDB file (default: database.path of the config, salesbi.duckdb)")
}

// open loads the config and opens the database. A file held by a running
// server gives model.ErrLocked with a message saying what to do.
func (f *commonFlags) open(ctx context.Context) (*appEnv, error) {
	cfg, err := config.Load(f.config)
	if err != nil {
		return nil, err
	}
	if f.db != "" {
		cfg.Database.Path = f.db
	}
	cal, err := clock.NewCalendar(clock.System{}, cfg.Business.TimeZone)
	if err != nil {
		return nil, err
	}
	db, err := model.Open(ctx, cfg.Database.Path, model.Options{MemoryLimit: cfg.Database.MemoryLimit, TimeZone: cfg.Business.TimeZone})
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return &appEnv{Cfg: cfg, Cal: cal, DB: db, Log: log}, nil
}

func (e *appEnv) Close() {
	if err := e.DB.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "closing database:", err)
	}
}
