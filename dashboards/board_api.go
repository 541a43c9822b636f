package dashboards

import (
	"bufio"
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/boards"
	"salesbi/i18n"
	"salesbi/presets"
)

// The preset boards' JSON API (numbers from boards.Service, which asks the
// query engine; nothing here computes one):
//
//	GET /api/dashboards                     every board: slug, title, description, ready, path, panels
//	GET /api/dashboards/:slug               the board's Answer for the query string (boards.ParseRequest:
//	                                        period, from/to, region, rep, asof, drill/at, page/sort/desc,
//	                                        panel=… for some panels only, lang)
//	GET /api/dashboards/:slug/records.csv   the whole record set of the drilled records level
//	                                        (drill=…&at=…), CSV with a UTF-8 BOM for Excel
//
// An unknown slug is a 404, a bad filter a 400 with every problem in the
// caller's language.
func (s *Server) mountBoardAPI() error {
	s.App.Get("/api/dashboards", func(c *fiber.Ctx) error {
		locale := s.Locale(c)
		bs, err := presets.Load()
		if err != nil {
			return err
		}
		out := make([]boardSummary, 0, len(bs))
		for _, b := range bs {
			out = append(out, boardSummary{Slug: b.ID, Title: b.Title.In(locale), Description: b.Description.In(locale),
				Ready: b.Ready, Path: b.Path(), Panels: len(b.Panels)})
		}
		return OK(c, out)
	})
	s.App.Get("/api/dashboards/:slug", func(c *fiber.Ctx) error {
		r, err := s.boardRequest(c)
		if err != nil {
			return err
		}
		a, err := s.Boards.Answer(c.UserContext(), r)
		if err != nil {
			return err
		}
		return OK(c, a)
	})
	s.App.Get("/api/dashboards/:slug/records.csv", func(c *fiber.Ctx) error {
		r, err := s.boardRequest(c)
		if err != nil {
			return err
		}
		// Checked before the first byte, so a bad drill is a 400 envelope.
		if _, err := s.Boards.RecordsSpec(r); err != nil {
			return err
		}
		name := r.Board.ID + "-" + r.Drill.Panel + ".csv"
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
		// The body is written after the handler returns: the stream gets
		// its own context, ended by the request's deadline or the server's
		// shutdown, and counts as a request in flight until it is done.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), s.RequestTimeout)
		stop := context.AfterFunc(s.Requests, cancel)
		s.inflight.Add(1)
		c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
			defer s.inflight.Done()
			defer stop()
			defer cancel()
			if err := s.Boards.RecordsCSV(ctx, r, w); err != nil {
				s.Log.Warn("writing a board's records CSV", "board", r.Board.ID, "err", err)
			}
			_ = w.Flush()
		})
		return nil
	})
	return nil
}

// boardSummary is one board in GET /api/dashboards.
type boardSummary struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Ready       bool   `json:"ready"`
	Path        string `json:"path"`
	Panels      int    `json:"panels"`
}

// boardRequest reads the board and the view of it the query string asks
// for, as the caller.
func (s *Server) boardRequest(c *fiber.Ctx) (boards.Request, error) {
	locale := s.Locale(c)
	slug := c.Params("slug")
	b, ok := presets.ByID(slug)
	if !ok {
		return boards.Request{}, apperr.New(apperr.NotFound, i18n.T("没有这个看板：", "no such dashboard: ").In(locale)+slug)
	}
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return boards.Request{}, apperr.New(apperr.BadInput, i18n.T("查询参数无法解析", "the query string cannot be read").In(locale), err.Error())
	}
	r, err := s.Boards.ParseRequest(b, q, locale)
	if err != nil {
		return boards.Request{}, err
	}
	r.Identity = s.Identity(c)
	return r, nil
}
