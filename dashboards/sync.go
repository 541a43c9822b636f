package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/connectors"
)

// SyncRequest is the body of POST /api/sync.
type SyncRequest struct {
	Tables []string `json:"tables"` // empty: every mapped table
	Source string   `json:"source"` // only this source's tables
	Full   bool     `json:"full"`   // force full loads
	Async  bool     `json:"async"`  // answer at once; follow /api/sync/runs
}

// The connectors' routes: POST /api/sync to run now (or, with async, in
// the background on the scheduler) and GET /api/sync/runs for the sync
// log. The scheduled runs themselves are the scheduler's
// (connectors.Scheduler, started by the composition root). Committed runs
// publish a DataChange on the bus (the Syncer does it) so caches and scores
// refresh.
func (s *Server) mountSync() error {
	syncer := s.Syncer
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
			if err := s.Scheduler.Go(opt); err != nil {
				return apperr.Wrap(apperr.Unavailable, "the server is shutting down", err)
			}
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
