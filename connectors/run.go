package connectors

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/model"
	"salesbi/progress"
)

// Counter is implemented by sources that can count a query's rows cheaply
// enough for a progress bar's ETA.
type Counter interface {
	Count(ctx context.Context, q Query) (int64, error)
}

// defaultOverlap re-reads the last ten minutes: long enough for a CRM
// transaction that stamped its rows before committing.
const defaultOverlap = 10 * time.Minute

// runTable stages the source rows and swaps or merges them in one
// transaction together with the watermark and the run's log row.
func (s *Syncer) runTable(ctx context.Context, src Source, table string, forceFull bool, run *Run) (*model.DataChange, error) {
	spec := s.Cfg.Tables[table]
	described, err := src.Describe(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("source %s, table %s: %w", spec.Source, table, err)
	}
	plan, probs, err := planTable(ctx, s.DB.DB, s.Cfg, table, described)
	if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		list := make([]string, len(probs))
		for i, p := range probs {
			list[i] = p.String()
		}
		return nil, apperr.New(apperr.BadInput, "the mapping of "+table+" does not fit the source", list...)
	}
	wm, err := GetWatermark(ctx, s.DB.DB, table)
	if err != nil {
		return nil, err
	}
	q := Query{Table: spec, Columns: plan.SrcCols, Incremental: spec.Incremental}
	incremental := spec.Incremental != "" && wm.At != nil && !forceFull
	if incremental {
		overlap := spec.Overlap
		if overlap == 0 {
			overlap = defaultOverlap
		}
		since := wm.At.Add(-overlap)
		q.Since = &since
		run.Mode = "incremental"
	}
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening a DuckDB connection: %w", err)
	}
	defer conn.Close()
	stageT := stageName(table)
	canon := make([]canonColumn, len(plan.Columns))
	for i, c := range plan.Columns {
		canon[i] = c.canonColumn
	}
	// A full load stages a complete twin of the live table that the swap
	// renames over it; an incremental one stages the mapped columns to merge.
	stageCols := plan.Columns
	if incremental {
		err = createStage(ctx, conn, stageT, canon)
	} else if err = createFullStage(ctx, conn, plan, stageT); err == nil {
		stageCols, err = fullColumns(ctx, conn, plan)
	}
	defer dropStage(ctx, conn, stageT)
	if err != nil {
		return nil, err
	}

	step := spec.Source + "." + table
	stageStart := time.Now()
	defer func() { run.StageTook = time.Since(stageStart) - run.SwapTook }()
	st, err := s.stageQuery(ctx, conn, src, stageT, plan, stageCols, q, step)
	run.RowsRead = st.Read
	run.ReadWait, run.AppendWait, run.Writer = st.ReadWait, st.AppendWait, st.Writer
	if err != nil {
		if !incremental {
			err = keyError(plan, err)
		}
		return nil, err
	}

	// Delete reconciliation of an incremental run compares key sets.
	keysT := ""
	every := spec.ReconcileEvery
	if every == 0 {
		every = 1
	}
	if incremental && every > 0 && (wm.Runs+1)%int64(every) == 0 {
		keysT = "stage_keys_" + table
		kp, kcols := plan.keyPlan()
		kc := make([]canonColumn, len(kcols))
		for i, c := range kcols {
			kc[i] = c.canonColumn
		}
		if err := createStage(ctx, conn, keysT, kc); err != nil {
			return nil, err
		}
		defer dropStage(ctx, conn, keysT)
		if _, err := s.stageQuery(ctx, conn, src, keysT, kp, kcols, Query{Table: spec, Columns: kp.SrcCols}, step+" keys"); err != nil {
			return nil, fmt.Errorf("reading keys for delete reconciliation: %w", err)
		}
	}
	swapStart := time.Now()
	defer func() { run.SwapTook = time.Since(swapStart) }()
	return s.swap(ctx, conn, plan, run, wm, st, incremental, keysT)
}

// stageQuery reads q from src into the staging table with a progress step.
func (s *Syncer) stageQuery(ctx context.Context, conn *sql.Conn, src Source, stageT string, p *tablePlan, cols []mappedColumn, q Query, step string) (stageStats, error) {
	rep := s.Progress
	if rep == nil {
		rep = progress.Nop{}
	}
	total := int64(-1)
	if c, ok := src.(Counter); ok && s.Progress != nil {
		if n, err := c.Count(ctx, q); err == nil {
			total = n
		}
	}
	rows, err := src.Read(ctx, q)
	if err != nil {
		return stageStats{}, fmt.Errorf("source %s, table %s: %w", p.Source, p.Table, err)
	}
	defer rows.Close()
	rep.Step(step, 0, total)
	st, err := stage(ctx, s.DB.DB, stageT, p, cols, rows, int64(s.FlushEvery), s.Writer, func(n int64, committed bool) {
		rep.Step(step, n, total)
		if committed && s.OnRows != nil {
			s.OnRows(p.Table, n)
		}
	})
	rep.Done(step)
	return st, err
}

// keyPlan is the plan of the key columns alone (delete reconciliation).
func (p *tablePlan) keyPlan() (*tablePlan, []mappedColumn) {
	kp := &tablePlan{Table: p.Table, Source: p.Source, Spec: p.Spec, IncIdx: -1, Loc: p.Loc}
	var cols []mappedColumn
	for _, k := range p.Key {
		for _, c := range p.Columns {
			if c.Name == k {
				kp.SrcCols = append(kp.SrcCols, p.SrcCols[c.Src])
				c.Src = len(kp.SrcCols) - 1
				cols = append(cols, c)
			}
		}
	}
	kp.Columns = cols
	return kp, cols
}

// swap makes the staged rows live in ONE transaction with the watermark
// and the log row: readers see the old table or the new, never a mix. A
// full load renames its complete stage over the live table; an incremental
// one merges the changed rows.
func (s *Syncer) swap(ctx context.Context, conn *sql.Conn, p *tablePlan, run *Run, wm Watermark, st stageStats, incremental bool, keysT string) (*model.DataChange, error) {
	table, stageT := p.Table, stageName(p.Table)
	cols := make([]string, len(p.Columns))
	hasCustomer := false
	for i, c := range p.Columns {
		cols[i] = c.Name
		hasCustomer = hasCustomer || c.Name == "customer_id"
	}
	list := strings.Join(cols, ", ")
	// What is selected from the stage: a NULL in a NOT NULL column with a
	// default (updated_at, outcome …) takes the default.
	sel := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		sel[i] = c.Name
		if c.NotNull && c.HasDefault {
			sel[i] = "coalesce(" + c.Name + ", " + c.Default + ")"
		}
	}
	selList := strings.Join(sel, ", ")
	keyMatch := func(a, b string) string {
		parts := make([]string, len(p.Key))
		for i, k := range p.Key {
			parts[i] = a + "." + k + " = " + b + "." + k
		}
		return strings.Join(parts, " AND ")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("starting the swap of %s: %w", table, err)
	}
	defer tx.Rollback()
	exec := func(what, q string) (int64, error) {
		res, err := tx.ExecContext(ctx, q)
		if err != nil {
			return 0, fmt.Errorf("%s %s: %w", what, table, err)
		}
		n, _ := res.RowsAffected()
		return n, nil
	}
	change := &model.DataChange{Tables: []string{table}, Cause: "sync"}
	var customers []int64
	if !incremental {
		var before int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&before); err != nil {
			return nil, fmt.Errorf("counting %s: %w", table, err)
		}
		if before > 0 { // the first load deletes nothing: skip the anti-join
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" l WHERE NOT EXISTS (SELECT 1 FROM "+stageT+" s WHERE "+keyMatch("s", "l")+")").Scan(&run.RowsDeleted); err != nil {
				return nil, fmt.Errorf("counting rows gone from %s: %w", table, err)
			}
		}
		if err := replaceLive(ctx, tx, table, stageT); err != nil {
			return nil, err
		}
		run.RowsWritten = st.Read
	} else {
		// Rows re-read inside the overlap window are usually unchanged: only
		// rows that differ are written, counted and announced.
		var sets, differs, sdiffers []string
		isKey := map[string]bool{}
		for _, k := range p.Key {
			isKey[k] = true
		}
		for _, c := range cols {
			if !isKey[c] {
				sets = append(sets, c+" = excluded."+c)
				differs = append(differs, table+"."+c+" IS DISTINCT FROM excluded."+c)
				sdiffers = append(sdiffers, "l."+c+" IS DISTINCT FROM s."+c)
			}
		}
		action := "DO NOTHING"
		if len(sets) > 0 {
			action = "DO UPDATE SET " + strings.Join(sets, ", ") + " WHERE " + strings.Join(differs, " OR ")
		}
		if hasCustomer {
			changed := "l." + p.Key[0] + " IS NULL"
			if len(sdiffers) > 0 {
				changed += " OR " + strings.Join(sdiffers, " OR ")
			}
			customers, err = distinctCustomers(ctx, tx, "SELECT DISTINCT s.customer_id FROM "+stageT+" s LEFT JOIN "+table+
				" l ON "+keyMatch("s", "l")+" WHERE s.customer_id IS NOT NULL AND ("+changed+")")
			if err != nil {
				return nil, err
			}
		}
		if run.RowsWritten, err = exec("merging into", "INSERT INTO "+table+" ("+list+") SELECT "+selList+" FROM "+stageT+
			" ON CONFLICT ("+strings.Join(p.Key, ", ")+") "+action); err != nil {
			return nil, err
		}
		if keysT != "" {
			gone := " FROM " + table + " l WHERE NOT EXISTS (SELECT 1 FROM " + keysT + " k WHERE " + keyMatch("k", "l") + ")"
			if hasCustomer {
				more, err := distinctCustomers(ctx, tx, "SELECT DISTINCT l.customer_id"+gone+" AND l.customer_id IS NOT NULL")
				if err != nil {
					return nil, err
				}
				customers = append(customers, more...)
			}
			if run.RowsDeleted, err = exec("deleting rows gone from the source from", "DELETE"+strings.Replace(gone, " l ", " AS l ", 1)); err != nil {
				return nil, err
			}
		}
		if hasCustomer {
			change.CustomerIDs = customers
		}
		if table == "customers" {
			change.CustomerIDs = nil // re-score every customer: their own row changed
		}
	}
	if p.Spec.Incremental != "" {
		at := wm.At
		if !st.MaxInc.IsZero() && (at == nil || st.MaxInc.After(*at)) {
			at = &st.MaxInc
		}
		runs := int64(0)
		if incremental {
			runs = wm.Runs + 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_watermarks (table_name, source, watermark, incremental_runs, updated_at)
			VALUES ($1, $2, $3, $4, now()) ON CONFLICT (table_name) DO UPDATE SET source = excluded.source,
			watermark = excluded.watermark, incremental_runs = excluded.incremental_runs, updated_at = now()`,
			table, p.Source, nullTime(at), runs); err != nil {
			return nil, fmt.Errorf("writing the watermark of %s: %w", table, err)
		}
		run.Watermark = at
	}
	run.Status, run.FinishedAt = "ok", s.now()
	if run.RunID, err = insertRun(ctx, tx, *run); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("committing the sync of %s: %w", table, err)
	}
	if incremental && run.RowsWritten == 0 && run.RowsDeleted == 0 {
		return nil, nil // nothing changed: caches stay valid
	}
	return change, nil
}

func distinctCustomers(ctx context.Context, tx *sql.Tx, q string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("listing changed customers: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// dropStage removes a run's working table, even when the run was cancelled.
// Its error is not the run's: a table left behind is replaced by the next
// run's CREATE OR REPLACE, and the run's own outcome is already decided.
func dropStage(ctx context.Context, conn *sql.Conn, table string) {
	_, _ = conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+table)
}
