// Command salesbi is the one binary: serve, demo, sync, report, bench,
// version. Each subcommand is built by its constructor (in its own file)
// and newRoot lists them all; nothing registers itself.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"salesbi/model"
)

// version is set by the Makefile (-ldflags "-X main.version=…").
var version = "dev"

// newRoot builds the command tree.
func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "salesbi",
		Short:         "Embedded BI for sales directors: CRM data in, sales-management dashboards out",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newServeCmd(), newDemoCmd(), newSyncCmd(), newReportCmd(), newBenchCmd(), newVersionCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and the schema version it writes",
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Printf("salesbi %s (schema version %d)\n", version, model.LatestVersion())
		},
	}
}

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "salesbi:", err)
		if errors.Is(err, model.ErrLocked) {
			os.Exit(3)
		}
		os.Exit(1)
	}
}
