package benchreport

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"strconv"
	"time"

	"salesbi/app"
	"salesbi/clock"
	"salesbi/presets"
)

// Goals of issue 10 printed beside the figures (never asserted).
const (
	goalColdMS      = 500  // GET /api/dashboards/{slug}, cold, at --scale 100
	goalCachedMS    = 50   // the same, cached
	goalPhoneMS     = 1200 // the stand-up drawn on the throttled phone
	goalFirstVisitB = 400 * 1024
)

// boardsSection is the preset boards as people get them, at each scale:
// the server time of every ready board's full JSON answer (cold: the query
// result cache emptied, data unchanged; and cached), then in headless
// Chromium the time from navigation to every chart drawn at desktop and
// phone size (the phone also throttled) and the bytes a first visit
// transfers. One server per scale serves both halves, so the scale-100
// company's start-up (its summary tables, the metrics recompute) is paid
// once.
func boardsSection(ctx context.Context, e *Env) error {
	var ready []presets.Board
	for _, b := range presets.All() {
		if b.Ready {
			ready = append(ready, b)
		}
	}
	if len(ready) == 0 {
		return fmt.Errorf("no preset board is ready (presets.All())")
	}
	var api, browser [][]string
	var firstVisit map[string][]resourceRow
	var browserErr error
	for _, scale := range e.Scales {
		a, r, err := boardsAt(ctx, e, scale, ready, browserErr == nil)
		if err != nil {
			return err
		}
		api = append(api, a...)
		if r.err != nil && browserErr == nil {
			browserErr = r.err
		}
		browser = append(browser, r.rows...)
		if firstVisit == nil {
			firstVisit = r.resources
		}
	}
	e.Table(fmt.Sprintf("Preset boards: server time of GET /api/dashboards/{slug} (in-process, Accept-Encoding br), median of %d cold / %d cached; goals: cold < %d ms at scale 100, cached < %d ms",
		boardColdRuns, boardCachedRuns, goalColdMS, goalCachedMS),
		[]string{"scale", "visits", "board", "panels", "JSON bytes", "sent (br)", "cold ms", "cold p95 ms", "cached ms", "cached p95 ms", "goal"}, api)
	if len(browser) > 0 {
		e.Table(fmt.Sprintf("Preset boards in Chromium: navigation → every chart drawn (fresh browser context each run: a first visit), median of %d runs with the answers cached and 1 with the result cache emptied; goals: stand-up on the throttled phone < %d ms, first visit < %d KB",
			browserRuns(), goalPhoneMS, goalFirstVisitB/1024),
			[]string{"scale", "board", "device", "charts", "html ms", "load ms", "first frame ms", "drawn ms", "drawn p95", "drawn, cold server ms", "requests", "first visit KB", "goal"}, browser)
		fmt.Fprintln(e.Out, "html: the page's last byte; load: the load event; first frame: every chart's first 'rendered' event; drawn: every chart's 'finished' event (its animation done).")
		fmt.Fprintln(e.Out, "phone: 390×844 at DPR 3, touch; throttled: Network.emulateNetworkConditionsByRule 9 Mbit/s down, 60 ms latency, and Emulation.setCPUThrottlingRate 4.")
	}
	for _, d := range devices {
		res := firstVisit[d.name]
		if len(res) == 0 || (d.mobile && !d.throttled) {
			continue
		}
		var rows [][]string
		var enc, dec int64
		for _, r := range res {
			rows = append(rows, []string{r.url, r.kind, r.encoding, fmt.Sprint(r.encoded), fmt.Sprint(r.decoded), fmt.Sprintf("%.0f", r.doneMS)})
			enc += r.encoded
			dec += r.decoded
		}
		rows = append(rows, []string{"total", "", "", fmt.Sprint(enc), fmt.Sprint(dec), ""})
		e.Table(fmt.Sprintf("First visit to %s, %s, scale %d: every response (on the wire: Network.loadingFinished encodedDataLength, headers included; done: its responseEnd from navigation start)", ready[0].Path(), d.name, e.Scales[0]),
			[]string{"url", "type", "encoding", "bytes on the wire", "bytes decoded", "done ms"}, rows)
	}
	return browserErr
}

const (
	boardColdRuns   = 5
	boardCachedRuns = 10
)

// browserRuns is the warm page loads per board and device
// (SALESBI_BENCH_BROWSER_RUNS, default 3).
func browserRuns() int {
	if n, err := strconv.Atoi(os.Getenv("SALESBI_BENCH_BROWSER_RUNS")); err == nil && n > 0 {
		return n
	}
	return 3
}

func boardsAt(ctx context.Context, e *Env, scale int, ready []presets.Board, withBrowser bool) ([][]string, browserResult, error) {
	db, err := e.OpenDemo(ctx, scale)
	if err != nil {
		return nil, browserResult{}, err
	}
	defer db.Close()
	// The demo's "now" is the anchor's morning stand-up, as in "standup page".
	a, err := startApp(ctx, e, db, clock.NewFixed(e.Anchor.Add(8*time.Hour+30*time.Minute)), nil)
	if err != nil {
		return nil, browserResult{}, err
	}
	defer stopApp(a)
	var visits int64
	_ = db.QueryRowContext(ctx, `SELECT count(*) FROM visits`).Scan(&visits)

	var rows [][]string
	for _, b := range ready {
		row, err := boardAPI(a, b)
		if err != nil {
			return nil, browserResult{}, fmt.Errorf("%s: %w", b.ID, err)
		}
		rows = append(rows, append([]string{fmt.Sprint(scale), fmt.Sprint(visits), b.ID}, row...))
	}
	if !withBrowser {
		return rows, browserResult{}, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, browserResult{}, err
	}
	go func() { _ = a.Web.App.Listener(ln) }()
	br := boardsInChromium(ctx, "http://"+ln.Addr().String(), a, ready, scale)
	return rows, br, nil
}

// boardAPI times GET /api/dashboards/{slug}: one untimed round, then cold
// (the result cache emptied, data and summary tables unchanged: the board
// opened for the first time since the last sync) alternating with cached.
func boardAPI(a *app.App, b presets.Board) ([]string, error) {
	path := "/api/dashboards/" + b.ID
	a.Query.Cache.Clear()
	first, err := getBoardJSON(a, path, "")
	if err != nil {
		return nil, err
	}
	if first.status == 404 {
		return []string{fmt.Sprint(len(b.Panels)), "—", "—", "not served (404)", "", "", "", ""}, nil
	}
	sent, err := getBoardJSON(a, path, "gzip, deflate, br")
	if err != nil {
		return nil, err
	}
	var cold, cached Durations
	for i := 0; i < boardCachedRuns; i++ {
		if i < boardColdRuns {
			a.Query.Cache.Clear()
			r, err := getBoardJSON(a, path, "gzip, deflate, br")
			if err != nil {
				return nil, err
			}
			cold = append(cold, r.took)
		}
		r, err := getBoardJSON(a, path, "gzip, deflate, br")
		if err != nil {
			return nil, err
		}
		cached = append(cached, r.took)
	}
	goal := fmt.Sprintf("< %d / < %d", goalColdMS, goalCachedMS)
	return []string{fmt.Sprint(len(b.Panels)), fmt.Sprint(first.bytes), fmt.Sprintf("%d (%s)", sent.bytes, sent.encoding),
		MS(cold.Median()), MS(cold.P95()), MS(cached.Median()), MS(cached.P95()), goal}, nil
}

type boardResponse struct {
	status   int
	bytes    int
	encoding string
	took     time.Duration
}

func getBoardJSON(a *app.App, path, acceptEncoding string) (boardResponse, error) {
	req := httptest.NewRequest("GET", path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	start := time.Now()
	resp, err := a.Web.App.Test(req, -1)
	if err != nil {
		return boardResponse{}, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := boardResponse{status: resp.StatusCode, bytes: len(body), encoding: resp.Header.Get("Content-Encoding"), took: time.Since(start)}
	if r.encoding == "" {
		r.encoding = "identity"
	}
	if r.status != 200 && r.status != 404 {
		return r, fmt.Errorf("GET %s: %d: %.300s", path, r.status, body)
	}
	return r, nil
}
