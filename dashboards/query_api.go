package dashboards

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/dashboards/charts"
	"salesbi/query"
)

// The query API behind the chart builder and saved charts:
//
//	GET  /api/rollups                      the summary tables and whether each is fresh
//	GET  /api/catalog                      datasets, fields, grains, aggregates, operators, chart kinds
//	POST /api/query                        spec → {columns, rows, option, elapsed_ms, as_of, cached}
//	POST /api/query/sql                    spec → {sql, args} (the builder's "show SQL")
//	POST /api/query/drill                  {spec, point} → {spec, level} one level down
//	GET  /api/charts, POST /api/charts     saved charts ({name, spec})
//	GET  /api/charts/:id
//
// The custom dashboards' API is in custom.go.
//
// Every request runs as s.Identity(c); the row restriction is compiled in.
// The engine (with its cache and rollups) is Deps.Query.
func (s *Server) mountQueryAPI() error {
	eng := s.Query
	s.App.Get("/api/rollups", func(c *fiber.Ctx) error {
		if eng.Rollups == nil {
			return OK(c, []query.RollupStatus{})
		}
		return OK(c, eng.Rollups.Status())
	})
	s.App.Get("/api/catalog", func(c *fiber.Ctx) error { return OK(c, catalogView()) })
	s.App.Post("/api/query", func(c *fiber.Ctx) error {
		spec, err := query.ParseSpec(c.Body())
		if err != nil {
			return err
		}
		return runQuery(c, s, eng, spec)
	})
	s.App.Post("/api/query/sql", func(c *fiber.Ctx) error {
		spec, err := query.ParseSpec(c.Body())
		if err != nil {
			return err
		}
		_, q, err := eng.Prepare(spec, s.Identity(c), s.Locale(c))
		if err != nil {
			return err
		}
		return OK(c, q)
	})
	s.App.Post("/api/query/drill", func(c *fiber.Ctx) error {
		var req struct {
			Spec  json.RawMessage `json:"spec"`
			Point map[string]any  `json:"point"`
		}
		if err := json.Unmarshal(c.Body(), &req); err != nil {
			return apperr.New(apperr.BadInput, "drill request is not valid JSON", err.Error())
		}
		spec, err := query.ParseSpec(req.Spec)
		if err != nil {
			return err
		}
		step, err := query.Drill(spec, req.Point, s.Cal)
		if err != nil {
			return err
		}
		return OK(c, step)
	})
	mountSavedCharts(s, eng)
	return nil
}

// queryAnswer is the body of POST /api/query without its per-request
// fields (elapsed_ms, cached), which writeQueryAnswer splices in front so
// the encoded bytes can be kept with the cached result and reused as is,
// and without the option and the rows, which encodeQueryAnswer appends
// (charts.Option.AppendJSON and query.AppendRowsJSON: no reflection per
// value).
type queryAnswer struct {
	Columns []query.Column `json:"columns"`
	SQL     string         `json:"sql"`
	Args    []any          `json:"args"`
	Rollup  string         `json:"rollup,omitempty"`
	AsOf    time.Time      `json:"as_of"`
}

// encodeQueryAnswer encodes the answer object, the option and rows last;
// rows is the rows' JSON array (encodeRows).
func encodeQueryAnswer(res *query.Result, opt *charts.Option, rows []byte) ([]byte, error) {
	head, err := json.Marshal(queryAnswer{Columns: res.Columns, SQL: res.SQL, Args: res.Args, Rollup: res.Rollup, AsOf: res.AsOf})
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, "encoding the query answer", err)
	}
	body := make([]byte, 0, len(head)+2*len(rows)+64)
	body = append(body, head[:len(head)-1]...) // head is an object: drop its closing brace
	body = append(body, `,"option":`...)
	if body, err = opt.AppendJSON(body); err != nil {
		return nil, apperr.Wrap(apperr.Internal, "encoding the chart option", err)
	}
	body = append(body, `,"rows":`...)
	body = append(body, rows...)
	return append(body, '}'), nil
}

// encodeRows starts encoding the rows on another goroutine: with a chart
// option to draw too, the two halves of a cold answer use both cores (for
// a 4,000-point trend from a summary table they were a quarter of the time).
func encodeRows(rows [][]any) <-chan encodedRows {
	out := make(chan encodedRows, 1)
	go func() {
		b, err := query.AppendRowsJSON(nil, rows)
		if err != nil {
			err = apperr.Wrap(apperr.Internal, "encoding the query answer's rows", err)
		}
		out <- encodedRows{b, err}
	}()
	return out
}

type encodedRows struct {
	json []byte
	err  error
}

func runQuery(c *fiber.Ctx, s *Server, eng *query.Engine, spec query.Spec) error {
	locale := s.Locale(c)
	res, err := eng.Run(c.UserContext(), spec, s.Identity(c), locale)
	if err != nil {
		return err
	}
	kind := spec.Chart
	if spec.Records {
		kind = "table" // a record listing is always a table, whatever the chart above it was
	}
	animation := !s.Config.Server.TestMode
	// Two specs that differ only in chart kind share one SQL and so one
	// cached result; the option (and its labels) depends on kind and locale.
	variant := kind + "|" + locale + "|" + s.Config.Business.Currency + "|" + strconv.FormatBool(animation)
	if body, ok := res.Encoded.Get(variant); ok {
		return writeQueryAnswer(c, res, body)
	}
	rows := encodeRows(res.Rows)
	opt, err := charts.Render(charts.Input{Kind: kind, Columns: res.Columns, Rows: res.Rows, Locale: locale,
		Currency: s.Config.Business.Currency, Animation: animation})
	r := <-rows
	if err != nil {
		return err
	}
	if r.err != nil {
		return r.err
	}
	body, err := encodeQueryAnswer(res, opt, r.json)
	if err != nil {
		return err
	}
	res.Encoded.Put(variant, body)
	return writeQueryAnswer(c, res, body)
}

// writeQueryAnswer writes the success envelope around an encoded answer
// object, adding elapsed_ms and cached as its first two fields.
func writeQueryAnswer(c *fiber.Ctx, res *query.Result, body []byte) error {
	out := make([]byte, 0, len(body)+80)
	out = append(out, `{"status":"success","data":{"elapsed_ms":`...)
	out = strconv.AppendFloat(out, res.ElapsedMS, 'f', -1, 64)
	out = append(out, `,"cached":`...)
	out = strconv.AppendBool(out, res.Cached)
	out = append(out, ',')
	out = append(out, body[1:]...) // body is an object: {"columns":…}
	out = append(out, '}')
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(out)
}

type catalogAnswer struct {
	Datasets        []*query.Dataset `json:"datasets"`
	Grains          []string         `json:"grains"`
	Aggregates      []string         `json:"aggregates"`
	Operators       []string         `json:"operators"`
	ChartKinds      []string         `json:"chart_kinds"`
	RelativePeriods []string         `json:"relative_periods"`
}

func catalogView() catalogAnswer {
	return catalogAnswer{Datasets: query.Datasets(), Grains: query.Grains, Aggregates: query.Aggregates,
		Operators: query.Operators, ChartKinds: query.ChartKinds, RelativePeriods: query.RelativePeriods()}
}

func mountSavedCharts(s *Server, eng *query.Engine) {
	s.App.Get("/api/charts", func(c *fiber.Ctx) error {
		list, err := query.SavedCharts(c.UserContext(), s.DB)
		if err != nil {
			return err
		}
		return OK(c, list)
	})
	s.App.Post("/api/charts", func(c *fiber.Ctx) error {
		var req struct {
			Name string          `json:"name"`
			Spec json.RawMessage `json:"spec"`
		}
		if err := json.Unmarshal(c.Body(), &req); err != nil {
			return apperr.New(apperr.BadInput, "save request is not valid JSON", err.Error())
		}
		spec, err := query.ParseSpec(req.Spec)
		if err != nil {
			return err
		}
		saved, err := query.SaveChart(c.UserContext(), s.DB, s.Cal, s.Identity(c), req.Name, spec)
		if err != nil {
			return err
		}
		return OK(c, saved)
	})
	s.App.Get("/api/charts/:id", func(c *fiber.Ctx) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		saved, err := query.LoadChart(c.UserContext(), s.DB, id)
		if err != nil {
			return err
		}
		return OK(c, saved)
	})
}

func pathID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, apperr.New(apperr.BadInput, "invalid id", "path: id must be a positive integer, got "+strconv.Quote(c.Params("id")))
	}
	return id, nil
}
