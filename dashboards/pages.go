package dashboards

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/i18n"
	"salesbi/model"
)

//go:embed templates
var templateFS embed.FS

// page is what every page template gets.
type page struct {
	Title        string
	Locale       string
	LangQuery    string // "?lang=en" when English was chosen explicitly
	OtherLangURL string
	AsOf         string
	TestMode     bool
	Data         any
}

// parsePage parses the layout with one content template. Parsed once at
// mount; a template error fails the server start, never a request.
func (s *Server) parsePage(name string) (*template.Template, error) {
	return template.New("layout").Funcs(s.pageFuncs()).ParseFS(templateFS, "templates/layout.html", "templates/"+name)
}

// pageFuncs are the functions every page template may call.
func (s *Server) pageFuncs() template.FuncMap {
	return template.FuncMap{
		"money":   Money,
		"en":      i18n.IsEnglish,
		"pct":     Pct,
		"label":   model.LabelOf,
		"fmtTime": s.fmtTime,
		"waited":  s.waited,
		"asset":   asset, // content-hashed /static URL (static.go)
	}
}

// render executes t with the page frame filled from the request.
func (s *Server) render(c *fiber.Ctx, t *template.Template, title string, data any) error {
	loc := s.Locale(c)
	p := page{Title: title, Locale: loc, TestMode: s.Config.Server.TestMode, Data: data,
		AsOf: s.Cal.Now().Format("2006-01-02 15:04")}
	if c.Query("lang") != "" {
		p.LangQuery = "?lang=" + url.QueryEscape(loc)
	}
	q := c.Request().URI().QueryArgs()
	other := i18n.EN
	if i18n.IsEnglish(loc) {
		other = i18n.ZH
	}
	args := url.Values{}
	q.VisitAll(func(k, v []byte) { args.Set(string(k), string(v)) })
	args.Set("lang", other)
	p.OtherLangURL = c.Path() + "?" + args.Encode()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// fmtTime shows an instant in the business zone.
func (s *Server) fmtTime(t time.Time) string { return t.In(s.Cal.Loc).Format("2006-01-02 15:04") }

// waited is how long ago t was, in hours (or days past two days), with
// the unit in the reader's language: 42.8 小时 / 4.6 天, 42.8 h / 4.6 d.
func (s *Server) waited(t time.Time, locale string) string {
	h := s.Cal.Now().Sub(t).Hours()
	if h >= 48 {
		return fmt.Sprintf("%.1f %s", h/24, i18n.T("天", "d").In(locale))
	}
	return fmt.Sprintf("%.1f %s", h, i18n.T("小时", "h").In(locale))
}
