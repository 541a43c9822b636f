package presets

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/query"
)

// The board files, one per board.
//
//go:embed *.yaml
var files embed.FS

// The embedded boards are read and checked once, at first use (not in an
// init function: a broken file is reported by Load to whoever asks, and
// the server's start asks first).
var loaded = sync.OnceValues(func() ([]Board, error) { return loadFS(files, "presets") })

// Load returns every board in home-page order, or an error naming the
// file, panel and key of each problem.
func Load() ([]Board, error) {
	bs, err := loaded()
	if err != nil {
		return nil, err
	}
	return slices.Clone(bs), nil
}

// All lists the boards in home-page order (DESIGN.md's). The files are
// part of the binary, so a broken one is a build defect: All panics with
// Load's error (the tests and the server's start call Load first).
func All() []Board {
	bs, err := Load()
	if err != nil {
		panic(err)
	}
	return bs
}

// ByID finds a board by its slug.
func ByID(id string) (Board, bool) {
	for _, b := range All() {
		if b.ID == id {
			return b, true
		}
	}
	return Board{}, false
}

// The shape of a board file. Keys are checked against these yaml tags
// before decoding (checkKeys); a panel's spec is checked against
// query.Spec's json tags instead, so the spec keys are exactly the JSON
// API's and query.ParseSpec stays the one definition of the spec shape.
type boardFile struct {
	ID          string      `yaml:"id"`
	Title       i18n.Text   `yaml:"title"`
	Description i18n.Text   `yaml:"description"`
	Ready       bool        `yaml:"ready"`
	Order       int         `yaml:"order"`
	Filters     filtersFile `yaml:"filters"`
	Panels      []yaml.Node `yaml:"panels"`
}

type filtersFile struct {
	Period *struct {
		Default string `yaml:"default"`
	} `yaml:"period"`
	Region *struct{} `yaml:"region"`
	Rep    *struct{} `yaml:"rep"`
}

type panelFile struct {
	ID     string    `yaml:"id"`
	Title  i18n.Text `yaml:"title"`
	About  i18n.Text `yaml:"about"`
	Width  int       `yaml:"width"`
	Order  int       `yaml:"order"`
	Period string    `yaml:"period"`
	Spec   yaml.Node `yaml:"spec"`
}

var (
	boardID = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	panelID = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// loadFS reads every *.yaml of fsys; dir is the folder named in messages.
func loadFS(fsys fs.FS, dir string) ([]Board, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	var boards []Board
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		b, err := parseBoard(path.Join(dir, name), data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		boards = append(boards, b)
	}
	errs = append(errs, checkBoards(boards)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(boards, func(i, j int) bool { return boards[i].Order < boards[j].Order })
	return boards, nil
}

// checkBoards checks what no single file can: slugs and orders unique.
func checkBoards(boards []Board) []error {
	var errs []error
	ids, orders := map[string]string{}, map[int]string{}
	for _, b := range boards {
		if f, dup := ids[b.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: id %q is also the id of %s", b.File, b.ID, f))
		}
		if f, dup := orders[b.Order]; dup {
			errs = append(errs, fmt.Errorf("%s: order %d is also the order of %s", b.File, b.Order, f))
		}
		ids[b.ID], orders[b.Order] = b.File, b.File
	}
	return errs
}

// problems collects the problems of one file, each with its line, panel
// and key path: "presets/funnel.yaml:23: panel "stages": spec: measures[0]: …".
type problems struct {
	file string
	list []string
}

func (p *problems) add(line int, where, format string, args ...any) {
	loc := p.file
	if line > 0 {
		loc = fmt.Sprintf("%s:%d", p.file, line)
	}
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	p.list = append(p.list, loc+": "+msg)
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	// One line per problem, each complete on its own (file, line, panel, key).
	return errors.New(strings.Join(p.list, "\n"))
}

// checkCal resolves relative periods while checking specs; any clock and
// zone give the same verdict on a spec's names.
var checkCal = clock.Calendar{Clock: clock.System{}, Loc: time.UTC}

// parseBoard decodes and checks one board file; name is the file's path as
// messages show it.
func parseBoard(name string, data []byte) (Board, error) {
	pr := &problems{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pr.add(0, "", "%v", err)
		return Board{}, pr.err()
	}
	if len(doc.Content) == 0 {
		pr.add(0, "", "the file is empty")
		return Board{}, pr.err()
	}
	root := doc.Content[0]
	checkKeys(pr, root, typeOf[boardFile](), "yaml", "", "")
	if len(pr.list) > 0 {
		return Board{}, pr.err()
	}
	var bf boardFile
	if err := root.Decode(&bf); err != nil {
		pr.add(root.Line, "", "%v", err)
		return Board{}, pr.err()
	}
	b := Board{ID: bf.ID, Title: bf.Title, Description: bf.Description, Ready: bf.Ready, Order: bf.Order, File: name,
		Filters: Filters{Region: bf.Filters.Region != nil, Rep: bf.Filters.Rep != nil}}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); bf.ID != want {
		pr.add(root.Line, "id", "%q must be the file's name %q", bf.ID, want)
	} else if !boardID.MatchString(bf.ID) {
		pr.add(root.Line, "id", "%q: want lower-case letters, digits and -", bf.ID)
	}
	checkText(pr, root.Line, "", "title", bf.Title)
	checkText(pr, root.Line, "", "description", bf.Description)
	if bf.Order < 1 {
		pr.add(root.Line, "order", "must be 1 or more, got %d", bf.Order)
	}
	if bf.Filters.Period == nil || !slices.Contains(PeriodPresets, bf.Filters.Period.Default) {
		got := "none"
		if bf.Filters.Period != nil {
			got = fmt.Sprintf("%q", bf.Filters.Period.Default)
		}
		pr.add(root.Line, "filters.period.default", "want one of %s, got %s", strings.Join(PeriodPresets, ", "), got)
	} else {
		b.Filters.Period = bf.Filters.Period.Default
	}
	if bf.Ready && len(bf.Panels) == 0 {
		pr.add(root.Line, "panels", "a ready board needs at least one panel")
	}
	ids, orders := map[string]int{}, map[int]string{}
	for i := range bf.Panels {
		p, ok := parsePanel(pr, &bf.Panels[i], i)
		if !ok {
			continue
		}
		where := fmt.Sprintf("panel %q", p.ID)
		if line, dup := ids[p.ID]; dup {
			pr.add(bf.Panels[i].Line, where, "id used twice (first at line %d)", line)
		}
		if other, dup := orders[p.Order]; dup {
			pr.add(bf.Panels[i].Line, where, "order %d is also panel %q's", p.Order, other)
		}
		ids[p.ID], orders[p.Order] = bf.Panels[i].Line, p.ID
		b.Panels = append(b.Panels, p)
	}
	if err := pr.err(); err != nil {
		return Board{}, err
	}
	sort.Slice(b.Panels, func(i, j int) bool { return b.Panels[i].Order < b.Panels[j].Order })
	return b, nil
}

// parsePanel decodes and checks panels[i]; ok is false when it is too
// broken to take part in the board's own checks.
func parsePanel(pr *problems, n *yaml.Node, i int) (Panel, bool) {
	where := fmt.Sprintf("panels[%d]", i)
	if id := mappingValue(n, "id"); id != nil && id.Kind == yaml.ScalarNode && id.Value != "" {
		where = fmt.Sprintf("panel %q", id.Value)
	}
	before := len(pr.list)
	checkKeys(pr, n, typeOf[panelFile](), "yaml", where, "")
	if len(pr.list) > before {
		return Panel{}, false
	}
	var pf panelFile
	if err := n.Decode(&pf); err != nil {
		pr.add(n.Line, where, "%v", err)
		return Panel{}, false
	}
	p := Panel{ID: pf.ID, Title: pf.Title, About: pf.About, Width: pf.Width, Order: pf.Order, Period: pf.Period}
	if !panelID.MatchString(pf.ID) {
		pr.add(n.Line, where, "id: %q: want lower-case letters, digits and _", pf.ID)
	}
	checkText(pr, n.Line, where, "title", pf.Title)
	checkText(pr, n.Line, where, "about", pf.About)
	if pf.Width < 1 || pf.Width > 12 {
		pr.add(n.Line, where, "width: must be 1 to 12 (columns of the grid), got %d", pf.Width)
	}
	if pf.Order < 1 {
		pr.add(n.Line, where, "order: must be 1 or more, got %d", pf.Order)
	}
	if pf.Spec.Kind == 0 {
		pr.add(n.Line, where, "spec: missing")
		return p, true
	}
	spec, ok := parseSpec(pr, &pf.Spec, where, n.Line, pf.Period)
	if !ok {
		return p, true
	}
	p.Spec = spec
	return p, true
}

// parseSpec turns a panel's spec node into a query.Spec by way of JSON
// (query.ParseSpec, strict), then validates it against the catalog as
// the director (validation does not depend on the caller; the row
// restriction is compiled in later, per request). A panel that takes the
// board's period (period, a time field of the dataset; panelLine is where
// the panel starts) is validated with a period on that field, as it is
// always asked: a comparison with last year or a per-working-day value
// needs one.
func parseSpec(pr *problems, n *yaml.Node, where string, panelLine int, period string) (query.Spec, bool) {
	before := len(pr.list)
	checkKeys(pr, n, typeOf[query.Spec](), "json", where+": spec", "")
	if len(pr.list) > before {
		return query.Spec{}, false
	}
	var v any
	if err := n.Decode(&v); err != nil {
		pr.add(n.Line, where, "spec: %v", err)
		return query.Spec{}, false
	}
	raw, err := json.Marshal(v)
	if err != nil {
		pr.add(n.Line, where, "spec: %v", err)
		return query.Spec{}, false
	}
	spec, err := query.ParseSpec(raw)
	if err != nil {
		pr.add(n.Line, where, "spec: %v", err)
		return query.Spec{}, false
	}
	asked := spec
	if ds, known := query.Lookup(spec.Dataset); known && period != "" { // an unknown dataset is Validate's to report
		if f, found := ds.Field(period); !found || f.Kind != query.KindTime {
			pr.add(panelLine, where, "period: %q is not a time field of dataset %q", period, spec.Dataset)
			return query.Spec{}, false
		}
		asked.Filters = append(append([]query.Filter(nil), spec.Filters...),
			query.Filter{Field: period, Op: "relative", Period: "this_month"})
	}
	if _, err := query.Validate(asked, model.DemoDirector, checkCal, i18n.ZH); err != nil {
		ps := apperr.ProblemsOf(err)
		if len(ps) == 0 {
			ps = []string{err.Error()}
		}
		for _, p := range ps {
			key, _, _ := strings.Cut(p, ":")
			pr.add(lineOf(n, key), where, "spec: %s", p)
		}
		return query.Spec{}, false
	}
	return spec, true
}

func checkText(pr *problems, line int, where, key string, t i18n.Text) {
	if strings.TrimSpace(t.ZH) == "" || strings.TrimSpace(t.EN) == "" {
		pr.add(line, where, "%s: needs both zh and en", key)
	}
}
