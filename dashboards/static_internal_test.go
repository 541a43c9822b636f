package dashboards

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/stretchr/testify/require"
)

// A file's URL names its content: the same bytes give the same name, one
// changed byte another, so a browser holding the old one a year never
// sees stale CSS or JS after an upgrade.
func TestHashedNameFollowsContent(t *testing.T) {
	a := []byte("body { color: #333 }")
	b := []byte("body { color: #334 }")
	require.Equal(t, HashedName("app.css", a), HashedName("app.css", append([]byte{}, a...)))
	require.NotEqual(t, HashedName("app.css", a), HashedName("app.css", b))
	require.Regexp(t, `^app\.[0-9a-f]{10}\.css$`, HashedName("app.css", a))
	require.Regexp(t, `^vendor/echarts\.min\.[0-9a-f]{10}\.js$`, HashedName("vendor/echarts.min.js", a))

	fsys := fstest.MapFS{"app.css": {Data: a}}
	t1, err := hashAssets(fsys)
	require.NoError(t, err)
	fsys["app.css"] = &fstest.MapFile{Data: b}
	t2, err := hashAssets(fsys)
	require.NoError(t, err)
	require.NotEqual(t, t1.url["app.css"], t2.url["app.css"], "a changed file gets a changed URL")
}

// The hashed URL is served with a year's immutable caching, brotli or gzip
// as the request accepts (a stale .br beside the file is not used), and
// the plain URL still works with a short cache.
func TestHashedAssetServedImmutableAndCompressed(t *testing.T) {
	js := []byte(strings.Repeat("function f(){return 42}\n", 200))
	var stale bytes.Buffer
	w := brotli.NewWriter(&stale)
	_, _ = w.Write([]byte("an older build"))
	require.NoError(t, w.Close())
	fsys := fstest.MapFS{
		"vendor/lib.js":    {Data: js},
		"vendor/lib.js.br": {Data: stale.Bytes()},
		"vendor/README.md": {Data: []byte("not served hashed")},
		"tiny.svg":         {Data: []byte("<svg/>")},
	}
	tab, err := hashAssets(fsys)
	require.NoError(t, err)
	require.Equal(t, []string{"tiny.svg", "vendor/lib.js"}, tab.Names())
	app := fiber.New()
	app.Use(compressText())
	app.Use("/static", tab.serveHashed)
	app.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(fsys), MaxAge: plainMaxAge}))

	get := func(path, enc string) (http.Header, []byte) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := app.Test(req, -1)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		return resp.Header, b
	}
	u := tab.url["vendor/lib.js"]
	require.Regexp(t, `^/static/vendor/lib\.[0-9a-f]{10}\.js$`, u)
	for _, enc := range []string{"gzip, deflate, br", "gzip", ""} {
		hdr, body := get(u, enc)
		require.Equal(t, immutableCache, hdr.Get("Cache-Control"), enc)
		require.Contains(t, hdr.Get("Content-Type"), "javascript")
		require.Contains(t, hdr.Get("Vary"), "Accept-Encoding")
		var plain []byte
		switch enc {
		case "gzip, deflate, br":
			require.Equal(t, "br", hdr.Get("Content-Encoding"))
			plain, err = io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
		case "gzip":
			require.Equal(t, "gzip", hdr.Get("Content-Encoding"))
			zr, zerr := gzip.NewReader(bytes.NewReader(body))
			require.NoError(t, zerr)
			plain, err = io.ReadAll(zr)
		default:
			require.Empty(t, hdr.Get("Content-Encoding"))
			plain = body
		}
		require.NoError(t, err)
		require.Equal(t, js, plain, "%q: the file's own bytes (not the stale .br)", enc)
		if enc != "" {
			require.Less(t, len(body), len(js)/5, "compressed")
		}
	}
	// The plain URL: short cache, compressed by the middleware.
	hdr, body := get("/static/vendor/lib.js", "br")
	require.Equal(t, "public, max-age=300", hdr.Get("Cache-Control"))
	require.Equal(t, "br", hdr.Get("Content-Encoding"))
	plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
	require.NoError(t, err)
	require.Equal(t, js, plain)
	// A file too small to compress is sent as is.
	hdr, body = get(tab.url["tiny.svg"], "br")
	require.Empty(t, hdr.Get("Content-Encoding"))
	require.Equal(t, "<svg/>", string(body))
	require.Equal(t, immutableCache, hdr.Get("Cache-Control"))
}

// Every file of the binary's static folder has a hashed URL, and the
// template func gives it (an unknown name is an error, not a dead link).
func TestAssetFuncNamesEmbeddedFiles(t *testing.T) {
	for _, name := range []string{"app.css", "charts.js", "builder.js", "builder.css", "favicon.svg"} {
		u, err := asset(name)
		require.NoError(t, err, name)
		body, err := static.ReadFile("static/" + name)
		require.NoError(t, err)
		require.Equal(t, "/static/"+HashedName(name, body), u)
	}
	_, err := asset("nope.css")
	require.ErrorContains(t, err, "nope.css")
}
