package demo

import (
	"context"
	"errors"
	"sync"

	"salesbi/model"
	"salesbi/progress"
)

// writePipeline writes opportunities, stage_history, key_actions,
// requirements and contracts. Details are drawn per opportunity in
// parallel and appended in opportunity order, so ids come out the same on
// every run.
func writePipeline(ctx context.Context, db *model.DB, seed int64, sp span, og *org, cs []customer, opps []*opp, contracts []*contract, prog progress.Reporter, stats *statsSink) error {
	names := []string{"opportunities", "stage_history", "key_actions", "requirements"}
	est := []int64{int64(len(opps)), int64(len(opps)) * 5, int64(len(opps)) * 2, int64(len(opps))}
	ws := make([]*tableWriter, len(names))
	for i, n := range names {
		w, err := openWriter(ctx, db, n, est[i], prog, stats)
		if err != nil {
			for _, o := range ws[:i] {
				o.app.Close()
				o.conn.Close()
			}
			return err
		}
		ws[i] = w
	}
	// Each table loads on its own goroutine (the appends are the costly
	// part); every one receives the same batches in the same order, so the
	// ids each assigns are the same on every run.
	var changeID, reqID int64
	fill := []func(w *tableWriter, d *oppDetail) error{
		func(w *tableWriter, d *oppDetail) error { return writeOpp(w, d, cs) },
		func(w *tableWriter, d *oppDetail) error { return writeChanges(w, d, &changeID) },
		writeActions,
		func(w *tableWriter, d *oppDetail) error { return writeRequirements(w, d, &reqID) },
	}
	chans := make([]chan []oppDetail, len(ws))
	errs := make([]error, len(ws))
	var wg sync.WaitGroup
	for i := range ws {
		chans[i] = make(chan []oppDetail, 4)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for ds := range chans[i] {
				for k := range ds {
					if errs[i] == nil { // after an error, keep draining so the sender never blocks
						errs[i] = fill[i](ws[i], &ds[k])
					}
				}
			}
		}(i)
	}
	const block = 512
	err := ordered((len(opps)+block-1)/block, func(b int) []oppDetail {
		lo, hi := b*block, min((b+1)*block, len(opps))
		out := make([]oppDetail, 0, hi-lo)
		for _, o := range opps[lo:hi] {
			out = append(out, detail(seed, sp, og, o))
		}
		return out
	}, func(_ int, ds []oppDetail) error {
		for _, ch := range chans {
			ch <- ds
		}
		return ctx.Err()
	})
	for _, ch := range chans {
		close(ch)
	}
	wg.Wait()
	for _, e := range errs {
		if err == nil {
			err = e
		}
	}
	for _, w := range ws {
		if err == nil {
			err = w.close()
		} else {
			w.app.Close()
			w.conn.Close()
		}
	}
	if err != nil {
		return err
	}
	return writeContracts(ctx, db, seed, sp, contracts, prog, stats)
}

func writeOpp(w *tableWriter, d *oppDetail, cs []customer) error {
	o := d.o
	var reason any
	if o.outcome == outLost {
		reason = o.reason
	}
	amount := o.raw
	if o.outcome == outWon {
		amount = o.amount
	}
	outcome := [...]string{"open", "won", "lost"}[o.outcome]
	return w.row(o.id, cs[o.cust].id, o.owner.id, money(amount), model.Stages[d.stage], outcome, reason,
		o.created, nullTime(d.closed), o.planned, d.updated)
}

func writeChanges(w *tableWriter, d *oppDetail, changeID *int64) error {
	for _, c := range d.changes {
		*changeID++
		var from any
		if c.from >= 0 {
			from = model.Stages[c.from]
		}
		if err := w.row(*changeID, d.o.id, from, model.Stages[c.to], c.at, c.rec, c.rec); err != nil {
			return err
		}
	}
	return nil
}

func writeActions(w *tableWriter, d *oppDetail) error {
	for _, a := range d.actions {
		if err := w.row(d.o.id, actionCodes[a.action], a.done, a.rec, a.evidence, a.approver, a.rec); err != nil {
			return err
		}
	}
	return nil
}

func writeRequirements(w *tableWriter, d *oppDetail, reqID *int64) error {
	for _, q := range d.reqs {
		*reqID++
		var ticket any
		if q.ticket != "" {
			ticket = q.ticket
		}
		upd := q.raised
		if !q.approved.IsZero() {
			upd = q.approved
		}
		if err := w.row(*reqID, d.o.id, q.raised, ticket, nullTime(q.approved), upd); err != nil {
			return err
		}
	}
	return nil
}

func writeContracts(ctx context.Context, db *model.DB, seed int64, sp span, contracts []*contract, prog progress.Reporter, stats *statsSink) error {
	return writeTable(ctx, db, "contracts", int64(len(contracts)), prog, stats, func(w *tableWriter) error {
		for _, c := range contracts {
			if c.opp.contract < 0 {
				return errors.New("demo: contract without its opportunity (generator bug)")
			}
			r := stream(seed, kindRenewal, 3<<40|uint64(c.id))
			rec := sp.clampBefore(c.signed.Add(entryLatency(r, c.opp.owner.discipline)), c.signed)
			var renew any
			if c.renewOf != nil {
				renew = c.renewOf.id
			}
			if err := w.row(c.id, c.opp.id, int64(c.cust+1), money(c.amount), c.signed, rec, renew, rec); err != nil {
				return err
			}
		}
		return nil
	})
}
