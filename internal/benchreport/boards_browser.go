package benchreport

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"salesbi/app"
	"salesbi/presets"
)

// device is one way of opening a board.
type device struct {
	name          string
	width, height int64
	scale         float64
	mobile        bool
	throttled     bool
}

var devices = []device{
	{name: "desktop 1440×900", width: 1440, height: 900, scale: 1},
	{name: "phone 390×844", width: 390, height: 844, scale: 3, mobile: true},
	{name: "phone 390×844 throttled", width: 390, height: 844, scale: 3, mobile: true, throttled: true},
}

// Throttling of the phone (issue 10's benchmark): 9 Mbit/s down, 60 ms
// from request to response headers, the CPU slowed 4×.
const (
	throttleDownBytesPerS = 9e6 / 8
	throttleLatencyMS     = 60
	throttleCPU           = 4
)

type browserResult struct {
	rows [][]string
	// resources of the first board's first visit on each device
	resources map[string][]resourceRow
	err       error
}

type resourceRow struct {
	url, kind, encoding string
	encoded, decoded    int64
	doneMS              float64 // responseEnd, from navigation start
}

// pageHook runs in every document before its scripts. It wraps
// echarts.init when the page's ECharts bundle sets window.echarts, and
// records for each chart the time (performance.now(), from navigation
// start) of its first 'rendered' event (first frame on screen) and its
// first 'finished' event (drawn, animation over), plus the fetches in
// flight (a board filling in a late panel draws it after its fetch).
const pageHook = `(() => {
  const st = window.__salesbiBench = { charts: 0, rendered: 0, finished: 0, firstFrame: 0, drawn: 0, lastInit: 0, fetches: 0, lastFetch: 0, errors: [] };
  let ec;
  const patch = (v) => {
    if (!v || typeof v.init !== "function" || v.__salesbiBench) return;
    const init = v.init;
    try {
      v.init = function () {
        const c = init.apply(this, arguments);
        st.charts++; st.lastInit = performance.now();
        let r = false, f = false;
        c.on("rendered", () => { if (!r) { r = true; st.rendered++; st.firstFrame = Math.max(st.firstFrame, performance.now()); } });
        c.on("finished", () => { if (!f) { f = true; st.finished++; st.drawn = Math.max(st.drawn, performance.now()); } });
        return c;
      };
      v.__salesbiBench = true;
    } catch (e) { st.errors.push(String(e)); }
  };
  Object.defineProperty(window, "echarts", { configurable: true, get() { patch(ec); return ec; }, set(v) { ec = v; } });
  const f = window.fetch;
  window.fetch = function () {
    st.fetches++;
    return f.apply(this, arguments).finally(() => { st.fetches--; st.lastFetch = performance.now(); });
  };
})();`

// pageState is what the hook recorded, read back after the load.
type pageState struct {
	Charts     int     `json:"charts"`
	Rendered   int     `json:"rendered"`
	Finished   int     `json:"finished"`
	FirstFrame float64 `json:"firstFrame"`
	Drawn      float64 `json:"drawn"`
	LastInit   float64 `json:"lastInit"`
	Fetches    int     `json:"fetches"`
	LastFetch  float64 `json:"lastFetch"`
	Now        float64 `json:"now"`
	Load       float64 `json:"load"`
	HTML       float64 `json:"html"` // the document's last byte
	// Resources are the resource timing entries: URL → responseEnd.
	Resources map[string]float64 `json:"resources"`
	Ready     string             `json:"ready"`
	Errors    []string           `json:"errors"`
}

const readState = `(() => {
  const st = window.__salesbiBench || { charts: 0, errors: ["the page hook did not run"] };
  const nav = performance.getEntriesByType("navigation")[0];
  const res = {};
  performance.getEntriesByType("resource").forEach(r => { res[r.name] = r.responseEnd; });
  if (nav) res[location.href] = nav.responseEnd;
  return Object.assign({}, st, { now: performance.now(), load: nav ? nav.loadEventEnd : 0, html: nav ? nav.responseEnd : 0,
    resources: res, ready: document.readyState });
})()`

// visit is one page load measured.
type visit struct {
	state     pageState
	requests  int
	bytes     int64
	resources []resourceRow
}

// chromiumPath is SALESBI_CHROMIUM, or chromium on the PATH (as the
// browser tests find it).
func chromiumPath() (string, error) {
	name := os.Getenv("SALESBI_CHROMIUM")
	if name == "" {
		name = "chromium"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("headless Chromium not found (%q): apt-get install chromium, or set SALESBI_CHROMIUM", name)
	}
	return p, nil
}

// boardsInChromium opens every ready board in one headless Chromium
// (Debian's flags; a fresh profile), each load in a new browser context so
// it is a first visit with nothing cached.
func boardsInChromium(ctx context.Context, base string, a *app.App, ready []presets.Board, scale int) browserResult {
	path, err := chromiumPath()
	if err != nil {
		return browserResult{err: err}
	}
	profile, err := os.MkdirTemp("", "salesbi-bench-chromium-")
	if err != nil {
		return browserResult{err: err}
	}
	defer func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	}()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1440, 900),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Run(bctx); err != nil {
		return browserResult{err: fmt.Errorf("starting Chromium (%s): %w", path, err)}
	}
	var out browserResult
	for _, b := range ready {
		for _, d := range devices {
			var warm Durations
			var last visit
			for i := 0; i < browserRuns(); i++ {
				v, err := loadBoard(bctx, base+b.Path(), d)
				if err != nil {
					return browserResult{rows: out.rows, resources: out.resources, err: fmt.Errorf("%s on %s: %w", b.ID, d.name, err)}
				}
				warm = append(warm, msDuration(v.state.Drawn))
				last = v
				if b.ID == ready[0].ID && i == 0 {
					if out.resources == nil {
						out.resources = map[string][]resourceRow{}
					}
					out.resources[d.name] = v.resources
				}
			}
			a.Query.Cache.Clear()
			cold, err := loadBoard(bctx, base+b.Path(), d)
			if err != nil {
				return browserResult{rows: out.rows, resources: out.resources, err: fmt.Errorf("%s on %s (cold): %w", b.ID, d.name, err)}
			}
			goal := ""
			if b.ID == "standup" && d.throttled {
				goal = fmt.Sprintf("drawn < %d ms; ", goalPhoneMS)
			}
			goal += fmt.Sprintf("< %d KB", goalFirstVisitB/1024)
			s := last.state
			out.rows = append(out.rows, []string{fmt.Sprint(scale), b.ID, d.name, fmt.Sprint(s.Charts),
				fmt.Sprintf("%.0f", s.HTML), fmt.Sprintf("%.0f", s.Load), fmt.Sprintf("%.0f", s.FirstFrame), MS(warm.Median()), MS(warm.P95()), fmt.Sprintf("%.0f", cold.state.Drawn),
				fmt.Sprint(last.requests), fmt.Sprintf("%.1f", float64(last.bytes)/1024), goal})
		}
	}
	return out
}

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// loadBoard opens url in a new browser context (empty cache and cookies)
// on device d and waits for every chart to be drawn: the load event
// passed, every ECharts instance finished, no fetch in flight, and none of
// that changing for half a second (the figures are the recorded times,
// not the wait).
func loadBoard(bctx context.Context, pageURL string, d device) (visit, error) {
	// A new browser context, with a window of its own: Chromium's headless
	// mode refuses a tab in a context without one ("Failed to open new tab
	// - no browser is open"), which is what chromedp.WithNewBrowserContext
	// asks for.
	browser := cdp.WithExecutor(bctx, chromedp.FromContext(bctx).Browser)
	bcID, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(browser)
	if err != nil {
		return visit{}, fmt.Errorf("creating a browser context: %w", err)
	}
	defer func() { _ = target.DisposeBrowserContext(bcID).Do(browser) }()
	tID, err := target.CreateTarget("about:blank").WithBrowserContextID(bcID).WithNewWindow(true).Do(browser)
	if err != nil {
		return visit{}, fmt.Errorf("opening a tab: %w", err)
	}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithTargetID(tID))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()

	var mu sync.Mutex
	type req struct {
		url, kind, encoding string
		decoded             int64
		encoded             int64
		done                bool
	}
	reqs := map[network.RequestID]*req{}
	var order []network.RequestID
	var failed []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if _, ok := reqs[ev.RequestID]; !ok {
				order = append(order, ev.RequestID)
				reqs[ev.RequestID] = &req{url: ev.Request.URL, kind: string(ev.Type)}
			}
		case *network.EventResponseReceived:
			if r := reqs[ev.RequestID]; r != nil {
				r.kind = string(ev.Type)
				for k, v := range ev.Response.Headers {
					if strings.EqualFold(k, "content-encoding") {
						r.encoding = fmt.Sprint(v)
					}
				}
			}
		case *network.EventDataReceived:
			if r := reqs[ev.RequestID]; r != nil {
				r.decoded += ev.DataLength
			}
		case *network.EventLoadingFinished:
			if r := reqs[ev.RequestID]; r != nil {
				r.encoded = int64(ev.EncodedDataLength)
				r.done = true
			}
		case *network.EventLoadingFailed:
			if r := reqs[ev.RequestID]; r != nil && !ev.Canceled {
				failed = append(failed, r.url+": "+ev.ErrorText)
			}
		}
	})
	setup := chromedp.Tasks{
		network.Enable(),
		emulation.SetDeviceMetricsOverride(d.width, d.height, d.scale, d.mobile),
		emulation.SetTouchEmulationEnabled(d.mobile),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(pageHook).Do(ctx)
			return err
		}),
	}
	if d.throttled {
		setup = append(setup,
			chromedp.ActionFunc(func(ctx context.Context) error {
				_, err := network.EmulateNetworkConditionsByRule([]*network.Conditions{{
					Latency: throttleLatencyMS, DownloadThroughput: throttleDownBytesPerS, UploadThroughput: -1,
				}}).Do(ctx)
				return err
			}),
			emulation.SetCPUThrottlingRate(throttleCPU))
	}
	if err := chromedp.Run(ctx, setup); err != nil {
		return visit{}, fmt.Errorf("setting up the page: %w", err)
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(pageURL)); err != nil {
		return visit{}, fmt.Errorf("navigating to %s: %w", pageURL, err)
	}
	var st pageState
	var stable time.Time
	var key string
wait:
	for {
		if err := chromedp.Run(ctx, chromedp.Evaluate(readState, &st)); err != nil {
			return visit{}, err
		}
		if len(st.Errors) > 0 {
			return visit{}, errors.New(strings.Join(st.Errors, "; "))
		}
		mu.Lock()
		inflight := 0
		for _, r := range reqs {
			if !r.done {
				inflight++
			}
		}
		mu.Unlock()
		done := st.Ready == "complete" && st.Load > 0 && st.Fetches == 0 && inflight == 0 && st.Finished == st.Charts
		k := fmt.Sprint(st.Charts, st.Finished, st.LastFetch, len(order))
		switch {
		case !done || k != key:
			key, stable = k, time.Now()
		case time.Since(stable) > 500*time.Millisecond:
			break wait
		}
		if ctx.Err() != nil {
			return visit{}, fmt.Errorf("waited 2 min for %s: %d of %d charts drawn, %d fetches and %d requests in flight", pageURL, st.Finished, st.Charts, st.Fetches, inflight)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st.Charts == 0 { // a board of KPI cards and tables: drawn when loaded
		st.FirstFrame, st.Drawn = st.Load, st.Load
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) > 0 {
		return visit{}, fmt.Errorf("requests failed: %s", strings.Join(failed, "; "))
	}
	v := visit{state: st}

	for _, id := range order {
		r := reqs[id]
		if strings.HasPrefix(r.url, "data:") {
			continue
		}
		v.requests++
		v.bytes += r.encoded
		u := r.url
		if pu, err := url.Parse(r.url); err == nil {
			u = pu.RequestURI()
		}
		enc := r.encoding
		if enc == "" {
			enc = "identity"
		}
		v.resources = append(v.resources, resourceRow{url: u, kind: r.kind, encoding: enc, encoded: r.encoded, decoded: r.decoded, doneMS: st.Resources[r.url]})
	}
	sort.SliceStable(v.resources, func(i, j int) bool { return v.resources[i].encoded > v.resources[j].encoded })
	return v, nil
}
