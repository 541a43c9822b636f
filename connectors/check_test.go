package connectors_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/connectors"
)

// TestCheckListsEveryProblem: --check reports an unknown source table, an
// unknown source column, a missing key, an uncastable type and an unknown
// canonical column, each at its YAML line, and a sync with the same mapping
// moves nothing.
func TestCheckListsEveryProblem(t *testing.T) {
	ctx := context.Background()
	dsn, my := mysqlDatabase(t, myTestDB+"_check")
	_, err := my.Exec(`CREATE TABLE acct (id BIGINT PRIMARY KEY, title VARCHAR(50), made DATETIME, modified_at DATETIME NOT NULL)`)
	require.NoError(t, err)
	t.Setenv("SALESBI_TEST_MYSQL_DSN", dsn)
	cfg := loadConfig(t, `sources:
  crm: {kind: mysql, dsn_env: SALESBI_TEST_MYSQL_DSN}
tables:
  customers:
    source: crm
    from: acct
    incremental: modified_at
    columns:
      name: titel
      annual_purchase: made
      colour: title
  regions:
    source: crm
    from: crm_region
    columns:
      region_id: id
      name: region_name
`)
	dst := openDuck(t)
	probs := connectors.Check(ctx, dst, cfg)
	var lines []string
	for _, p := range probs {
		lines = append(lines, p.String())
	}
	all := strings.Join(lines, "\n")
	t.Log("\n" + all)
	for _, want := range []string{
		`salesbi.yaml:5: tables.customers.columns: required column customer_id`,
		`salesbi.yaml:11: tables.customers.columns.colour: customers has no column "colour"`,
		`salesbi.yaml:10: tables.customers.columns.annual_purchase: source column made (DATETIME) cannot be cast to DECIMAL(18,2)`,
		`salesbi.yaml:9: tables.customers.columns.name: source table "acct" has no column "titel"`,
		`salesbi.yaml:5: tables.customers.key: key column customer_id must be mapped`,
		`salesbi.yaml:13: tables.regions: reading the columns of table "crm_region"`,
	} {
		require.Contains(t, all, want)
	}
	require.Len(t, probs, 6)

	_, err = (&connectors.Syncer{Clock: clock.System{}, DB: dst, Cfg: cfg}).Sync(ctx, connectors.Options{Tables: []string{"customers"}})
	require.Error(t, err)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	var n int
	require.NoError(t, dst.QueryRow(`SELECT count(*) FROM customers`).Scan(&n))
	require.Zero(t, n)
}
