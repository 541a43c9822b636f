package dashboards

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/utils"

	"salesbi/dashboards/charts"
)

// static holds CSS, page scripts and the vendored ECharts (the custom
// build of web/echarts-entry.js made by `make assets` from the npm
// package, with its .br and .gz beside it): everything a page loads comes
// from here.
//
//go:embed static
var static embed.FS

// AssetsHost is where go-echarts is told ECharts lives: this server.
const AssetsHost = "/static/vendor/"

// EChartsPresent reports whether the binary was built with ECharts embedded.
func EChartsPresent() bool {
	_, err := fs.Stat(static, "static/vendor/echarts.min.js")
	return err == nil
}

// Cache lifetimes of static assets: a content-hashed URL never changes
// its body, so browsers keep it a year without asking again; a plain URL
// (/static/app.css, kept for old links and pages cached elsewhere) may
// change with the next binary, so it is kept briefly.
const (
	immutableCache = "public, max-age=31536000, immutable"
	plainMaxAge    = 300 // seconds
)

// mountStatic serves the embedded assets — by content-hashed URL
// (/static/app.3f2a1c9d0e.css, what the templates' `asset` func writes)
// with a year's immutable caching, and by plain URL with a short one —
// and /favicon.ico from the embedded SVG: browsers ask for it whatever
// the page says, and no request should end in a 404 console error. It
// also installs the response compression, which is why it is mounted
// first: every route after it (pages, JSON, the plain static URLs) is
// compressed when the client accepts it.
func (s *Server) mountStatic() error {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return err
	}
	assets, err := embeddedAssets()
	if err != nil {
		return fmt.Errorf("hashing the embedded static assets: %w", err)
	}
	s.App.Use(compressText())
	s.App.Use("/static", assets.serveHashed)
	for name, body := range generatedAssets {
		ct := utils.GetMIME(path.Ext(name)) + "; charset=utf-8"
		s.App.Get("/static/"+name, func(c *fiber.Ctx) error {
			c.Set(fiber.HeaderContentType, ct)
			c.Set(fiber.HeaderCacheControl, fmt.Sprintf("public, max-age=%d", plainMaxAge))
			return c.SendString(body)
		})
	}
	s.App.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(sub), MaxAge: plainMaxAge}))
	s.App.Get("/static/vendor/echarts.min.js", func(c *fiber.Ctx) error {
		return fiber.NewError(fiber.StatusNotFound, "echarts.min.js is not embedded in this binary: build with `make build` (it builds it from the npm package echarts)")
	})
	s.App.Get("/favicon.ico", func(c *fiber.Ctx) error { return c.Redirect("/static/favicon.svg", fiber.StatusMovedPermanently) })
	return nil
}

// compressText is fiber's compress middleware (brotli or gzip, as the
// request's Accept-Encoding allows; fasthttp only touches text,
// application/*, and SVG bodies over 200 bytes, and leaves a body that
// already has a Content-Encoding alone — the hashed assets below come
// pre-compressed).
func compressText() fiber.Handler {
	return compress.New(compress.Config{Level: compress.LevelDefault})
}

// asset is the template func `asset "app.css"`: the content-hashed URL of
// an embedded static file (a name under dashboards/static/). An unknown
// name fails the page's rendering rather than linking to a 404 (but for
// vendor/ files missing from a build without `make assets`).
func asset(name string) (string, error) {
	a, err := embeddedAssets()
	if err != nil {
		return "", err
	}
	name = strings.TrimPrefix(name, "/")
	if u, ok := a.url[name]; ok {
		return u, nil
	}
	if strings.HasPrefix(name, "vendor/") {
		// Built by `make assets` and absent from a plain `go build` of a
		// fresh clone: the plain URL's handler says how to build it.
		return "/static/" + name, nil
	}
	return "", fmt.Errorf("asset %q is not an embedded static file (dashboards/static/)", name)
}

// embeddedAssets hashes the embedded files once per process (they are
// part of the binary, so every server of the process shares the table).
var embeddedAssets = sync.OnceValues(func() (*assetTable, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	t, err := hashAssets(sub)
	if err != nil {
		return nil, err
	}
	for name, body := range generatedAssets {
		t.add(name, utils.GetMIME(path.Ext(name)), []byte(body))
	}
	return t, nil
})

// assetTable maps each embedded file to its content-hashed URL and back.
type assetTable struct {
	fsys  fs.FS
	url   map[string]string       // "app.css" → "/static/app.3f2a1c9d0e.css"
	files map[string]*hashedAsset // "app.3f2a1c9d0e.css" → the file
}

// hashedAsset is one file served under its hashed name, with its
// compressed bodies made on first request (or taken from the build's
// .br/.gz siblings when they hold the same bytes).
type hashedAsset struct {
	name        string // "vendor/echarts.min.js"
	contentType string
	body        []byte
	once        sync.Once
	br, gz      []byte
}

// hashLen is how many hex digits of the SHA-256 name a version: 40 bits,
// far from any collision among a few dozen files.
const hashLen = 10

// AssetHash is the version a file's content gets in its URL.
func AssetHash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])[:hashLen]
}

// HashedName puts the content hash before the file's extension:
// "vendor/echarts.min.js" → "vendor/echarts.min.<hash>.js".
func HashedName(name string, content []byte) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + AssetHash(content) + ext
}

// precompressed are the build's sibling files (echarts.min.js.br): served
// as variants of their file, never hashed on their own.
func precompressed(name string) bool {
	return strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz")
}

// hashAssets reads every file of fsys (README.md files aside) and names
// it by content.
func hashAssets(fsys fs.FS) (*assetTable, error) {
	t := &assetTable{fsys: fsys, url: map[string]string{}, files: map[string]*hashedAsset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || precompressed(name) || path.Base(name) == "README.md" {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		t.add(name, utils.GetMIME(path.Ext(name)), body)
		return nil
	})
	return t, err
}

// generatedAssets are static files that live outside dashboards/static/:
// the charts package's format.js (its page half of charts.Format), served
// as /static/format.js and by its hashed name like the rest.
var generatedAssets = map[string]string{"format.js": charts.FormatJS}

// add names one file by content.
func (t *assetTable) add(name, ct string, body []byte) {
	if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
		ct += "; charset=utf-8"
	}
	h := HashedName(name, body)
	t.url[name] = "/static/" + h
	t.files[h] = &hashedAsset{name: name, contentType: ct, body: body}
}

// Names lists the embedded files that have a hashed URL, sorted.
func (t *assetTable) Names() []string {
	out := make([]string, 0, len(t.url))
	for n := range t.url {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// serveHashed answers GET/HEAD /static/<hashed name>; any other path goes
// on to the plain file server.
func (t *assetTable) serveHashed(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return c.Next()
	}
	a, ok := t.files[strings.TrimPrefix(c.Path(), "/static/")]
	if !ok {
		return c.Next()
	}
	a.once.Do(func() { a.br, a.gz = t.compressed(a) })
	c.Set(fiber.HeaderContentType, a.contentType)
	c.Set(fiber.HeaderCacheControl, immutableCache)
	c.Vary(fiber.HeaderAcceptEncoding)
	body := a.body
	switch h := &c.Request().Header; {
	case a.br != nil && h.HasAcceptEncoding("br"):
		c.Set(fiber.HeaderContentEncoding, "br")
		body = a.br
	case a.gz != nil && h.HasAcceptEncoding("gzip"):
		c.Set(fiber.HeaderContentEncoding, "gzip")
		body = a.gz
	}
	return c.Send(body)
}

// minCompress is the smallest body worth compressing (fasthttp's limit).
const minCompress = 200

// compressed gives a's brotli and gzip bodies (nil: send it as is): the
// build's .br/.gz siblings when they decode to exactly a's bytes (made at
// the best, slow settings), else compressed here once (brotli 6: a tenth
// of a second for the 650 KB ECharts bundle, not the seconds of 11).
func (t *assetTable) compressed(a *hashedAsset) (br, gz []byte) {
	if len(a.body) < minCompress || !compressible(a.contentType) {
		return nil, nil
	}
	if b, err := fs.ReadFile(t.fsys, a.name+".br"); err == nil && decodesTo(brotli.NewReader(bytes.NewReader(b)), a.body) {
		br = b
	}
	if b, err := fs.ReadFile(t.fsys, a.name+".gz"); err == nil {
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil && decodesTo(zr, a.body) {
			gz = b
		}
	}
	if br == nil {
		var buf bytes.Buffer
		w := brotli.NewWriterLevel(&buf, 6)
		if _, err := w.Write(a.body); err == nil && w.Close() == nil {
			br = buf.Bytes()
		}
	}
	if gz == nil {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := w.Write(a.body); err == nil && w.Close() == nil {
			gz = buf.Bytes()
		}
	}
	return br, gz
}

func compressible(contentType string) bool {
	for _, p := range []string{"text/", "application/javascript", "application/json", "image/svg+xml"} {
		if strings.HasPrefix(contentType, p) {
			return true
		}
	}
	return false
}

// decodesTo reports whether r decodes to exactly want (a stale .br beside
// a rebuilt file is ignored, never served).
func decodesTo(r io.Reader, want []byte) bool {
	got, err := io.ReadAll(io.LimitReader(r, int64(len(want))+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false
	}
	return bytes.Equal(got, want)
}
