package dashboards_test

import (
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// A page links every asset by content-hashed URL; each is served with
// immutable caching, the page itself stays no-store, and both are
// compressed for a browser that accepts it.
func TestPageLinksHashedAssets(t *testing.T) {
	srv, _ := metricsServer(t)
	req := httpGet("/")
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	resp, err := srv.Web.App.Test(req, 10000)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	require.Equal(t, "br", resp.Header.Get("Content-Encoding"), "the page is compressed")

	code, body := do(t, srv, httpGet("/"))
	require.Equal(t, http.StatusOK, code)
	links := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1)
	require.GreaterOrEqual(t, len(links), 4, "favicon, app.css, echarts, charts.js")
	hashed := regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js|svg)$`)
	for _, l := range links {
		u := l[1]
		require.Regexp(t, hashed, u, "every asset by hashed URL")
		req := httpGet(u)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := srv.Web.App.Test(req, 10000)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, u)
		require.NotEmpty(t, b, u)
		require.Equal(t, "public, max-age=31536000, immutable", resp.Header.Get("Cache-Control"), u)
		if len(b) > 1000 {
			require.Equal(t, "gzip", resp.Header.Get("Content-Encoding"), u)
		}
	}
	// The old plain URL keeps working, briefly cached.
	resp, err = srv.Web.App.Test(httpGet("/static/app.css"), 10000)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "public, max-age=300", resp.Header.Get("Cache-Control"))
}
