package dashboards

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/connectors"
)

// The connectors' mount: a background scheduler per source (each on its own
// interval, retrying failures with backoff), POST /api/sync to run now and
// GET /api/sync/runs for the sync log. Committed runs publish a DataChange
// on the bus (the Syncer does it) so caches and scores refresh.
func init() {
	RegisterMount(Mount{Name: "sync", Order: 30, Fn: mountSync})
}

// SyncRequest is the body of POST /api/sync.
type SyncRequest struct {
	Tables []string `json:"tables"` // empty: every mapped table
	Source string   `json:"source"` // only this source's tables
	Full   bool     `json:"full"`   // force full loads
	Async  bool     `json:"async"`  // answer at once; follow /api/sync/runs
}

// retryBase is the first wait after a failed scheduled run; it doubles per
// failure up to the source's interval.
const retryBase = 10 * time.Second

func mountSync(s *Server) error {
	syncer := &connectors.Syncer{DB: s.DB, Cfg: s.Config, Log: s.Log, Bus: s.Bus}
	for name, src := range s.Config.Sources {
		name, every := name, src.Every
		if tables, _ := syncer.Tables(connectors.Options{Source: name}); len(tables) == 0 {
			continue
		}
		s.Go(func(ctx context.Context) { scheduleSource(ctx, s, syncer, name, every) })
	}

	s.App.Post("/api/sync", func(c *fiber.Ctx) error {
		var req SyncRequest
		if len(c.Body()) > 0 {
			if err := c.BodyParser(&req); err != nil {
				return apperr.New(apperr.BadInput, "POST /api/sync", "body: "+err.Error())
			}
		}
		if len(s.Config.Tables) == 0 {
			return apperr.New(apperr.BadInput, "nothing to sync", "no tables are mapped in the configuration (see the tables section of salesbi.yaml)")
		}
		opt := connectors.Options{Tables: req.Tables, Source: req.Source, Full: req.Full}
		if _, err := syncer.Tables(opt); err != nil {
			return err
		}
		if req.Async {
			s.Go(func(ctx context.Context) { _, _ = syncer.Sync(ctx, opt) })
			return c.Status(fiber.StatusAccepted).JSON(Envelope{Status: "success", Data: fiber.Map{"started": true}})
		}
		runs, err := syncer.Sync(c.UserContext(), opt)
		if err != nil && apperr.KindOf(err) == apperr.Conflict {
			return err
		}
		// Failed runs are answers too: the log rows say what failed where.
		return OK(c, fiber.Map{"runs": runs, "failed": err != nil})
	})

	s.App.Get("/api/sync/runs", func(c *fiber.Ctx) error {
		runs, err := connectors.ListRuns(c.UserContext(), s.DB.DB, connectors.RunFilter{
			Table: c.Query("table"), Status: c.Query("status"), Limit: c.QueryInt("limit", 100),
		})
		if err != nil {
			return err
		}
		return OK(c, runs)
	})
	return nil
}

// scheduleSource syncs one source's tables every interval; after a failure
// it retries sooner, doubling the wait (10s, 20s, 40s …) up to the interval.
func scheduleSource(ctx context.Context, s *Server, syncer *connectors.Syncer, source string, every time.Duration) {
	wait := time.Second // first run shortly after start-up
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		_, err := syncer.Sync(ctx, connectors.Options{Source: source})
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && !errors.Is(err, connectors.ErrBusy):
			failures++
			wait = retryBase << min(failures-1, 16)
			if wait > every {
				wait = every
			}
			s.Log.Warn("scheduled sync failed; retrying", "source", source, "in", wait, "err", err)
		default:
			failures, wait = 0, every
		}
	}
}
