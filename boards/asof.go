package boards

import (
	"context"
	"time"

	"salesbi/connectors"
	"salesbi/model"
	"salesbi/query"
)

// DefaultStaleAfter is dashboards.stale_after's default.
const DefaultStaleAfter = 24 * time.Hour

// syncLog reads, once per answer, when each table was last brought up to
// date (connectors.DataAsOf). A failure leaves the panels without a date;
// it never fails the board.
func (s *Service) syncLog(ctx context.Context) map[string]time.Time {
	if s.DB == nil {
		return nil
	}
	m, err := connectors.DataAsOf(ctx, s.DB.DB)
	if err != nil {
		s.log().Warn("boards: reading the sync log for data as of", "err", err)
		return nil
	}
	return m
}

// Tables are the canonical tables a spec reads (query's Plan.Tables, the
// same list the result cache is invalidated by), for the caller.
func (s *Service) Tables(spec query.Spec, id model.Identity, locale string) ([]string, error) {
	p, err := query.ValidateWith(spec, id, s.Cal, locale, query.Options{Holidays: s.Query.Holidays})
	if err != nil {
		return nil, err
	}
	return p.Tables, nil
}

// dataAsOf is the oldest last sync of the tables: the data is as recent
// as its least recent table. Zero when none of them is in the log.
func dataAsOf(log map[string]time.Time, tables []string) time.Time {
	var oldest time.Time
	for _, t := range tables {
		at, ok := log[t]
		if ok && (oldest.IsZero() || at.Before(oldest)) {
			oldest = at
		}
	}
	return oldest
}

// stale: older than StaleAfter at the server's now (not the ?asof day: a
// board viewed as of last week still says its data is a week old only
// when it is).
func (s *Service) stale(at time.Time) bool {
	if at.IsZero() {
		return false
	}
	after := s.StaleAfter
	if after <= 0 {
		after = DefaultStaleAfter
	}
	return s.Cal.Now().Sub(at) > after
}
