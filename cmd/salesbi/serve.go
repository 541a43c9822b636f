package main

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"salesbi/dashboards"
	"salesbi/demo"
	"salesbi/progress"
)

func init() {
	var f commonFlags
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboards (fills an empty database with the demo company first)",
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer env.Close()
			if addr != "" {
				env.Cfg.Server.Addr = addr
			}
			if *env.Cfg.Demo.FillEmpty {
				empty, err := demo.IsEmpty(cmd.Context(), env.DB)
				if err != nil {
					return err
				}
				if empty {
					env.Log.Info("empty database: generating the demo company", "path", env.Cfg.Database.Path)
					if _, err := demo.Generate(cmd.Context(), env.DB, demo.Options{
						Seed: env.Cfg.Demo.Seed, Scale: env.Cfg.Demo.Scale, Anchor: env.Cal.Today(),
						Loc: env.Cal.Loc, Progress: progress.New(os.Stderr),
					}); err != nil {
						return fmt.Errorf("generating the demo company: %w", err)
					}
				}
			}
			dashboards.TuneGC()
			srv, err := dashboards.New(dashboards.Deps{DB: env.DB, Config: env.Cfg, Cal: env.Cal, Log: env.Log})
			if err != nil {
				return err
			}
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
			go func() { <-stop; _ = srv.Shutdown() }()
			env.Log.Info("serving", "addr", env.Cfg.Server.Addr, "db", env.Cfg.Database.Path)
			fmt.Fprintf(os.Stderr, "salesbi is up: open http://%s/dashboards/standup\n", displayAddr(env.Cfg.Server.Addr))
			return srv.Listen(env.Cfg.Server.Addr)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&addr, "addr", "", "listen address (default: server.addr of the config, :8080)")
	root.AddCommand(cmd)
}

// displayAddr is the listen address as a browser would be pointed at it.
func displayAddr(a string) string {
	if strings.HasPrefix(a, ":") {
		return "localhost" + a
	}
	return a
}
