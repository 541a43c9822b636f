// Command salesbi is the one binary: serve, demo, sync, bench, version.
// Each subcommand lives in its own file and adds itself to root from init.
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

var root = &cobra.Command{
	Use:           "salesbi",
	Short:         "Embedded BI for sales directors: CRM data in, sales-management dashboards out",
	SilenceUsage:  true,
	SilenceErrors: true,
}

func init() {
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the version and the schema version it writes",
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Printf("salesbi %s (schema version %d)\n", version, model.LatestVersion())
		},
	})
}

func main() {
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "salesbi:", err)
		if errors.Is(err, model.ErrLocked) {
			os.Exit(3)
		}
		os.Exit(1)
	}
}
