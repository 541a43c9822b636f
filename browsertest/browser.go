// Package browsertest drives Debian's headless Chromium (through chromedp)
// against a real salesbi server on loopback. Pages are tested as people use
// them: they must render, draw their charts, load nothing from outside the
// server and log no console error.
package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with a fresh profile. It records every
// request the page makes and every console error.
type Browser struct {
	Ctx context.Context

	mu       sync.Mutex
	requests []string
	errors   []string
}

// ChromiumPath is SALESBI_CHROMIUM, or `chromium` on the PATH.
func ChromiumPath() (string, error) {
	name := os.Getenv("SALESBI_CHROMIUM")
	if name == "" {
		name = "chromium"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("headless Chromium not found (%q): install the Debian package chromium (apt-get install chromium fonts-noto-cjk) or set SALESBI_CHROMIUM to its path", name)
	}
	return p, nil
}

// New starts Chromium for the test and closes it when the test ends. A
// missing Chromium fails the test: page tests are never skipped.
func New(t testing.TB) *Browser {
	t.Helper()
	path, err := ChromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	// A fresh profile per browser. Not t.TempDir: Chromium's helper
	// processes may still be writing to it for a moment after the browser
	// exits, and TempDir's cleanup then fails the test.
	profile, err := os.MkdirTemp("", "salesbi-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.DisableGPU,
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1366, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	b := &Browser{Ctx: ctx}
	chromedp.ListenTarget(ctx, b.listen)
	if err := chromedp.Run(ctx, network.Enable(), log.Enable(), runtime.Enable()); err != nil {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(profile)
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for i := 0; i < 20; i++ {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return b
}

func (b *Browser) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.requests = append(b.requests, ev.Request.URL)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			b.errors = append(b.errors, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		b.errors = append(b.errors, "exception: "+msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.LevelError {
			b.errors = append(b.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	}
}

// Requests are the URLs the page asked for so far.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string{}, b.requests...)
}

// AssertOffline fails if any request went anywhere but the loopback server
// (data: and blob: URLs are in-page and allowed).
func (b *Browser) AssertOffline(t testing.TB) {
	t.Helper()
	reqs := b.Requests()
	if len(reqs) == 0 {
		t.Fatal("the browser made no request at all: nothing was tested")
	}
	for _, r := range reqs {
		u, err := url.Parse(r)
		if err != nil {
			t.Errorf("unparsable request URL %q", r)
			continue
		}
		switch u.Scheme {
		case "data", "blob", "about":
			continue
		}
		h := u.Hostname()
		if h != "127.0.0.1" && h != "localhost" && h != "::1" {
			t.Errorf("page loaded something from outside the server: %s", r)
		}
	}
}

// AssertNoConsoleErrors fails on any console error or uncaught exception.
func (b *Browser) AssertNoConsoleErrors(t testing.TB) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		t.Errorf("browser: %s", e)
	}
}

// Screenshot saves a full-page PNG under the test's temp dir (or
// SALESBI_SCREENSHOTS when set, to keep them) and returns its path.
func (b *Browser) Screenshot(t testing.TB, name string) string {
	t.Helper()
	var png []byte
	if err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := os.Getenv("SALESBI_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
	return p
}
