package dashboards_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/app"
	"salesbi/boards"
	"salesbi/config"
	"salesbi/dashboards"
	"salesbi/model"
)

type boardEnvelope struct {
	dashboards.Envelope
	Data boards.Answer `json:"data"`
}

func boardServer(t *testing.T) (*app.App, *model.Bus, *model.DB) {
	db, cal := demoCompany(t)
	bus := &model.Bus{}
	cfg := config.Default()
	return newApp(t, db, cfg, cal, bus), bus, db
}

func getBoard(t *testing.T, srv *app.App, path string) (int, boardEnvelope) {
	t.Helper()
	resp, err := srv.Web.App.Test(httpGet(path), -1)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env boardEnvelope
	require.NoError(t, json.Unmarshal(b, &env), string(b))
	return resp.StatusCode, env
}

func boardPanel(t *testing.T, a boards.Answer, id string) boards.PanelAnswer {
	t.Helper()
	for _, p := range a.Panels {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no panel %s", id)
	return boards.PanelAnswer{}
}

func TestBoardAPI(t *testing.T) {
	srv, bus, db := boardServer(t)

	// The list.
	code, _, _ := call(t, srv, "GET", "/api/dashboards", "")
	require.Equal(t, 200, code)
	resp, err := srv.Web.App.Test(httpGet("/api/dashboards?lang=en"), -1)
	require.NoError(t, err)
	defer resp.Body.Close()
	var list struct {
		Data []map[string]any `json:"data"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	require.Len(t, list.Data, 12)
	var standup map[string]any
	for _, b := range list.Data {
		if b["slug"] == "standup" {
			standup = b
		}
	}
	require.Equal(t, true, standup["ready"])
	require.Equal(t, "/dashboards/standup", standup["path"])
	require.Equal(t, "Morning stand-up", standup["title"])
	require.Equal(t, float64(9), standup["panels"])

	// A board's answer: every panel, the numbers of the test's SQL.
	code, env := getBoard(t, srv, "/api/dashboards/standup?period=yesterday")
	require.Equal(t, 200, code, env.Error)
	a := env.Data
	require.Equal(t, "昨日 11-26", a.PeriodLabel)
	require.Len(t, a.Panels, 9)
	require.False(t, a.DataAsOf.IsZero(), "the demo's generation is in the sync log")
	var want int64
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM leads WHERE status IN ('valid','converted')
		AND created_at >= '2026-11-26 00:00:00+08' AND created_at < '2026-11-27 00:00:00+08'`).Scan(&want))
	kpi := boardPanel(t, a, "kpi_valid_leads")
	require.Equal(t, float64(want), kpi.Rows[0][0])
	require.Equal(t, "昨日 · 新增有效线索", kpi.Title)
	require.NotEmpty(t, a.Filters.Regions)

	// Cached the second time (asked twice: under load the board's first
	// answer may have left this panel pending, still warming the cache);
	// a sync's data change drops it.
	getBoard(t, srv, "/api/dashboards/standup?period=yesterday&panel=kpi_valid_leads")
	_, env = getBoard(t, srv, "/api/dashboards/standup?period=yesterday&panel=kpi_valid_leads")
	require.Len(t, env.Data.Panels, 1)
	require.True(t, env.Data.Panels[0].Cached)
	bus.Publish(model.DataChange{Tables: []string{"leads"}, Cause: "sync"})
	_, env = getBoard(t, srv, "/api/dashboards/standup?period=yesterday&panel=kpi_valid_leads")
	require.False(t, env.Data.Panels[0].Cached, "a sync of leads drops the cached answer")

	// English, a region.
	region := a.Filters.Regions[0].Value
	_, env = getBoard(t, srv, "/api/dashboards/standup?lang=en&region="+url.QueryEscape(region))
	require.Equal(t, "Yesterday, Nov 26", env.Data.PeriodLabel)
	require.Equal(t, region, env.Data.Selection.Region)
	for _, r := range boardPanel(t, env.Data, "valid_leads").Rows {
		require.Equal(t, region, r[0])
	}

	// Unknown board, bad filters.
	code, env = getBoard(t, srv, "/api/dashboards/nope")
	require.Equal(t, 404, code)
	require.Equal(t, "not_found", env.ErrorType)
	code, env = getBoard(t, srv, "/api/dashboards/standup?period=someday&from=2026-13-01&lang=en")
	require.Equal(t, 400, code)
	require.Equal(t, "bad_input", env.ErrorType)
	require.Len(t, env.Problems, 2, "%v", env.Problems)
	require.True(t, strings.HasPrefix(env.Problems[0], "period: unknown period"), env.Problems[0])
	code, env = getBoard(t, srv, "/api/dashboards/standup?period=someday")
	require.Equal(t, 400, code)
	require.Contains(t, env.Problems[0], "未知的期间")

	// Drill to the records of the first region's first rep's first named
	// customer, then the CSV of them.
	q := url.Values{"period": {"this_month"}, "drill": {"valid_leads"}}
	_, env = getBoard(t, srv, "/api/dashboards/standup?"+q.Encode())
	top := boardPanel(t, env.Data, "valid_leads")
	q.Add("at", boards.FormatPoint(top.Points[0][0]))
	_, env = getBoard(t, srv, "/api/dashboards/standup?"+q.Encode())
	reps := boardPanel(t, env.Data, "valid_leads")
	require.Equal(t, "rep", reps.Level)
	q.Add("at", boards.FormatPoint(reps.Points[0][0]))
	_, env = getBoard(t, srv, "/api/dashboards/standup?"+q.Encode())
	customers := boardPanel(t, env.Data, "valid_leads")
	require.Equal(t, "customer", customers.Level)
	ci := 0
	for customers.Rows[ci][0] == nil {
		ci++
	}
	q.Add("at", boards.FormatPoint(customers.Points[0][ci]))
	code, env = getBoard(t, srv, "/api/dashboards/standup?"+q.Encode())
	require.Equal(t, 200, code, env.Error)
	records := boardPanel(t, env.Data, "valid_leads")
	require.Equal(t, "records", records.Level)
	require.Equal(t, int64(customers.Rows[ci][1].(float64)), records.Total)
	require.Len(t, records.Crumbs, 4)

	csvResp, err := srv.Web.App.Test(httpGet("/api/dashboards/standup/records.csv?"+q.Encode()+"&lang=en"), -1)
	require.NoError(t, err)
	defer csvResp.Body.Close()
	resp = csvResp
	require.Equal(t, 200, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "text/csv")
	require.Contains(t, resp.Header.Get("Content-Disposition"), "standup-valid_leads.csv")
	body, _ := io.ReadAll(resp.Body)
	require.True(t, bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")), "a byte order mark for Excel")
	lines, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "Created", lines[0][0])
	require.Len(t, lines, int(records.Total)+1)

	// The CSV of a level above the records is refused before any byte.
	refused, err := srv.Web.App.Test(httpGet("/api/dashboards/standup/records.csv?period=this_month&drill=valid_leads"), -1)
	require.NoError(t, err)
	defer refused.Body.Close()
	resp = refused
	require.Equal(t, 400, resp.StatusCode)
}
