package metrics

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"time"
)

// Freshness (DESIGN.md "Data freshness"), rows of metric_freshness:
//
//   - entry_latency (hours; subject all, stage_change, key_action, visit,
//     contract, and rep:<id>): median of recorded_at − the instant the thing
//     happened (changed_at, completed_at, visited_at, signed_at) for records
//     that happened in [period start, min(period end, now)); records without
//     recorded_at are left out; a negative latency (clock skew) counts as 0.
//   - open_staleness (days; subject all): median of now − the last change
//     (latest stage change, else creation) of open opportunities.
//   - visits_per_day (subject rep:<id>) over the working days (Mon–Fri, not a
//     configured holiday) of the period so far, and fill_rate = that ÷ the
//     team norm (the median rep's rate); fill_rate/all is the team mean of
//     each rep's fill rate capped at 1.
//   - sync_lag (hours; subject = canonical table): now − the end of the last
//     successful run in sync_runs; absent when the sync log has no runs.
type Freshness struct {
	Period        string             `json:"period"`
	MedianHours   *float64           `json:"median_entry_latency_hours"`
	Records       int64              `json:"records"`
	ByKind        map[string]float64 `json:"by_kind"`
	StalenessDays *float64           `json:"open_staleness_days"`
	FillRate      *float64           `json:"fill_rate"`
	SyncLagHours  map[string]float64 `json:"sync_lag_hours"`
}

const latencySQL = `WITH lat AS (
		SELECT 'stage_change' AS kind, o.owner_rep_id AS rep_id, greatest(epoch(sh.recorded_at) - epoch(sh.changed_at), 0) / 3600.0 AS h
		FROM stage_history sh LEFT JOIN opportunities o ON o.opp_id = sh.opp_id
		WHERE sh.changed_at >= $1 AND sh.changed_at < $2 AND sh.recorded_at IS NOT NULL
		UNION ALL
		SELECT 'key_action', o.owner_rep_id, greatest(epoch(k.recorded_at) - epoch(k.completed_at), 0) / 3600.0
		FROM key_actions k LEFT JOIN opportunities o ON o.opp_id = k.opp_id
		WHERE k.completed_at >= $3 AND k.completed_at < $4 AND k.recorded_at IS NOT NULL
		UNION ALL
		SELECT 'visit', v.rep_id, greatest(epoch(v.recorded_at) - epoch(v.visited_at), 0) / 3600.0
		FROM visits v WHERE v.visited_at >= $5 AND v.visited_at < $6 AND v.recorded_at IS NOT NULL
		UNION ALL
		SELECT 'contract', coalesce(o.owner_rep_id, cu.owner_rep_id), greatest(epoch(c.recorded_at) - epoch(c.signed_at), 0) / 3600.0
		FROM contracts c LEFT JOIN opportunities o ON o.opp_id = c.opp_id LEFT JOIN customers cu ON cu.customer_id = c.customer_id
		WHERE c.signed_at >= $7 AND c.signed_at < $8 AND c.recorded_at IS NOT NULL)
	SELECT $9, 'entry_latency', 'all', median(h), count(*), 'hours' FROM lat
	UNION ALL SELECT $10, 'entry_latency', kind, median(h), count(*), 'hours' FROM lat GROUP BY kind
	UNION ALL SELECT $11, 'entry_latency', 'rep:' || rep_id, median(h), count(*), 'hours' FROM lat WHERE rep_id IS NOT NULL GROUP BY rep_id`

// ComputeFreshness recomputes metric_freshness for period p.
func ComputeFreshness(ctx context.Context, db *sql.DB, p Period, holidays []string) (Freshness, error) {
	end := p.End()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Freshness{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM metric_freshness WHERE period = $1`, p.Label); err != nil {
		return Freshness{}, wrapf(err, "clearing metric_freshness for %s", p.Label)
	}
	ins := `INSERT INTO metric_freshness (period, measure, subject, value, n, unit) `
	if _, err := tx.ExecContext(ctx, ins+latencySQL, p.From, end, p.From, end, p.From, end, p.From, end, p.Label, p.Label, p.Label); err != nil {
		return Freshness{}, wrapf(err, "computing entry latency for %s", p.Label)
	}
	if _, err := tx.ExecContext(ctx, ins+`
		SELECT $1, 'open_staleness', 'all', median(epoch($2::TIMESTAMPTZ) - epoch(last_change)) / 86400.0, count(*), 'days' FROM (
			SELECT greatest(o.created_at, coalesce(max(sh.changed_at), o.created_at)) AS last_change
			FROM opportunities o LEFT JOIN stage_history sh ON sh.opp_id = o.opp_id
			WHERE o.outcome = 'open' GROUP BY o.opp_id, o.created_at)`, p.Label, p.Now); err != nil {
		return Freshness{}, wrapf(err, "computing staleness of open opportunities")
	}
	if err := fillRate(ctx, tx, p, workingDays(p.From, end, holidays)); err != nil {
		return Freshness{}, err
	}
	if err := syncLag(ctx, tx, p); err != nil {
		return Freshness{}, err
	}
	if err := tx.Commit(); err != nil {
		return Freshness{}, err
	}
	return ReadFreshness(ctx, db, p.Label)
}

// workingDays counts Mon–Fri days in [from, to) that are not holidays.
func workingDays(from, to time.Time, holidays []string) int {
	off := map[string]bool{}
	for _, h := range holidays {
		off[h] = true
	}
	n := 0
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !off[d.Format("2006-01-02")] {
			n++
		}
	}
	return n
}

// visitRate is one active rep's visits per working day.
type visitRate struct {
	rep int64
	v   float64
}

// visitRates reads every active rep's visits per working day of p; the
// rows are closed before fillRate writes on the same transaction.
func visitRates(ctx context.Context, tx *sql.Tx, p Period, days int) ([]visitRate, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.rep_id, count(v.visit_id) FROM reps r
		LEFT JOIN visits v ON v.rep_id = r.rep_id AND v.visited_at >= $1 AND v.visited_at < $2
		WHERE r.active GROUP BY r.rep_id ORDER BY r.rep_id`, p.From, p.End())
	if err != nil {
		return nil, wrapf(err, "counting visits per rep")
	}
	defer rows.Close()
	var rates []visitRate
	for rows.Next() {
		var r visitRate
		var n int64
		if err := rows.Scan(&r.rep, &n); err != nil {
			return nil, err
		}
		r.v = float64(n) / float64(days)
		rates = append(rates, r)
	}
	return rates, wrapf(rows.Err(), "counting visits per rep")
}

func fillRate(ctx context.Context, tx *sql.Tx, p Period, days int) error {
	if days == 0 {
		return nil
	}
	rates, err := visitRates(ctx, tx, p, days)
	if err != nil || len(rates) == 0 {
		return err
	}
	sorted := make([]float64, len(rates))
	for i, r := range rates {
		sorted[i] = r.v
	}
	sort.Float64s(sorted)
	norm := sorted[len(sorted)/2]
	if len(sorted)%2 == 0 {
		norm = (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
	}
	team := 0.0
	ins := `INSERT INTO metric_freshness (period, measure, subject, value, n, unit) VALUES ($1, $2, $3, $4, $5, $6)`
	for _, r := range rates {
		subject := "rep:" + strconv.FormatInt(r.rep, 10)
		fr := 1.0
		if norm > 0 {
			fr = r.v / norm
		}
		team += min(fr, 1)
		if _, err := tx.ExecContext(ctx, ins, p.Label, "visits_per_day", subject, r.v, days, "visits/day"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, ins, p.Label, "fill_rate", subject, fr, days, "ratio"); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, ins, p.Label, "visits_per_day", "norm", norm, len(rates), "visits/day"); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, ins, p.Label, "fill_rate", "all", team/float64(len(rates)), len(rates), "ratio")
	return err
}

// syncLag reads the connectors' sync log if this database has one.
func syncLag(ctx context.Context, tx *sql.Tx, p Period) error {
	var has int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'sync_runs'`).Scan(&has); err != nil || has == 0 {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO metric_freshness (period, measure, subject, value, n, unit)
		SELECT $1, 'sync_lag', table_name, (epoch($2::TIMESTAMPTZ) - epoch(max(finished_at))) / 3600.0, count(*), 'hours'
		FROM sync_runs WHERE status = 'ok' GROUP BY table_name`, p.Label, p.Now)
	return wrapf(err, "reading sync lag from sync_runs")
}

// ReadFreshness summarises the stored rows of a period.
func ReadFreshness(ctx context.Context, db *sql.DB, period string) (Freshness, error) {
	f := Freshness{Period: period, ByKind: map[string]float64{}, SyncLagHours: map[string]float64{}}
	rows, err := db.QueryContext(ctx, `SELECT measure, subject, value, coalesce(n, 0) FROM metric_freshness
		WHERE period = $1 AND (subject NOT LIKE 'rep:%') ORDER BY measure, subject`, period)
	if err != nil {
		return f, wrapf(err, "reading freshness for %s", period)
	}
	defer rows.Close()
	for rows.Next() {
		var measure, subject string
		var v sql.NullFloat64
		var n int64
		if err := rows.Scan(&measure, &subject, &v, &n); err != nil {
			return f, err
		}
		val := v.Float64
		switch {
		case measure == "entry_latency" && subject == "all":
			f.Records = n
			if v.Valid {
				f.MedianHours = &val
			}
		case measure == "entry_latency" && v.Valid:
			f.ByKind[subject] = val
		case measure == "open_staleness" && v.Valid:
			f.StalenessDays = &val
		case measure == "fill_rate" && subject == "all" && v.Valid:
			f.FillRate = &val
		case measure == "sync_lag" && v.Valid:
			f.SyncLagHours[subject] = val
		}
	}
	return f, rows.Err()
}
