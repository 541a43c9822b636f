package boards_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/boards"
	"salesbi/i18n"
	"salesbi/model"
	"salesbi/presets"
)

// The stand-up's valid leads drilled region → rep → customer → records:
// each level carries the clicked value, the crumbs lead back up, and the
// records level is paged and sorted with its total from a count.
func TestDrillToRecords(t *testing.T) {
	f := newService(t)
	b := board(t, "standup")
	sel := presets.Selection{Period: "this_year"}
	top := panelOf(t, f.answer(t, boards.Request{Board: b, Selection: sel}), "valid_leads")
	region := top.Rows[0][0].(string)

	var points []map[string]any
	drill := func(pt map[string]any) boards.PanelAnswer {
		points = append(points, pt)
		a := f.answer(t, boards.Request{Board: b, Selection: sel, Drill: &boards.Drill{Panel: "valid_leads", Points: points}})
		p := panelOf(t, a, "valid_leads")
		require.Empty(t, p.Error)
		require.Len(t, p.Crumbs, len(points)+1)
		require.Equal(t, "全部", p.Crumbs[0].Label)
		for i, c := range p.Crumbs {
			require.Equal(t, i, c.Depth)
		}
		// The other panels stay at their top level.
		require.Empty(t, panelOf(t, a, "visits").Level)
		return p
	}
	reps := drill(top.Points[0][0])
	require.Equal(t, "rep", reps.Level)
	require.Equal(t, "区域："+region, reps.Crumbs[1].Label)
	var sum int64
	for _, row := range reps.Rows {
		sum += row[1].(int64)
	}
	require.Equal(t, top.Rows[0][1], sum, "the region's reps add up to its bar")
	rep := reps.Rows[0][0].(string)

	customers := drill(reps.Points[0][0])
	require.Equal(t, "customer", customers.Level)
	require.Equal(t, "销售："+rep, customers.Crumbs[2].Label)
	// The named customer with the most leads (leads without a customer
	// come as a null), so the records have a few pages when pages are small.
	ci := -1
	for i, row := range customers.Rows {
		if row[0] != nil && (ci < 0 || row[1].(int64) > customers.Rows[ci][1].(int64)) {
			ci = i
		}
	}
	customer := customers.Rows[ci][0]
	records := drill(customers.Points[0][ci])
	require.Equal(t, "客户："+customer.(string), records.Crumbs[3].Label)
	require.Equal(t, "records", records.Level)
	require.False(t, records.Drillable)
	require.Nil(t, records.Option)
	want := f.count(t, `SELECT count(*) FROM leads l JOIN regions rg USING (region_id) JOIN reps r ON r.rep_id = l.owner_rep_id
		JOIN customers c ON c.customer_id = l.customer_id
		WHERE rg.name = ? AND r.name = ? AND c.name = ? AND l.status IN ('valid','converted')
		AND l.created_at >= '2026-01-01 00:00:00+08' AND l.created_at < '2027-01-01 00:00:00+08'`, region, rep, customer)
	require.Equal(t, want, records.Total)
	require.Equal(t, customers.Rows[ci][1], records.Total)
	require.Len(t, records.Rows, int(want))
	require.Equal(t, 1, records.Page)

	// A panel whose drill path is just the region: a region's records,
	// paged (20 a page, by lead id, largest first) and as a CSV.
	short := b
	short.Panels = nil
	for _, p := range b.Panels {
		if p.ID == "valid_leads" {
			p.Spec.Drill = []string{"region"}
			short.Panels = append(short.Panels, p)
		}
	}
	month := presets.Selection{Period: "this_month"}
	r := boards.Request{Board: short, Selection: month, Drill: &boards.Drill{Panel: "valid_leads",
		Points: []map[string]any{{"region": region}}}, Records: boards.RecordsPage{Page: 3, Size: 20, Sort: "lead_id", Desc: true}}
	inRegion := `FROM leads l JOIN regions rg USING (region_id) WHERE rg.name = ? AND l.status IN ('valid','converted')
		AND l.created_at >= '2026-11-01 00:00:00+08' AND l.created_at < '2026-12-01 00:00:00+08'`
	total := f.count(t, `SELECT count(*) `+inRegion, region)
	require.Greater(t, total, int64(40), "a third page of 20")
	p := panelOf(t, f.answer(t, r), "valid_leads")
	require.Empty(t, p.Error)
	require.Equal(t, "records", p.Level)
	require.Equal(t, total, p.Total)
	require.Equal(t, 3, p.Page)
	col := -1
	for i, c := range p.Columns {
		if c.Key == "lead_id" {
			col = i
		}
	}
	require.GreaterOrEqual(t, col, 0)
	var got []string
	for _, row := range p.Rows {
		got = append(got, fmtID(row[col]))
	}
	require.Equal(t, names(t, f, `SELECT l.lead_id::VARCHAR `+inRegion+` ORDER BY l.lead_id DESC LIMIT 20 OFFSET 40`, region), got,
		"page 3 of the leads by id, largest first")
	r.Records = boards.RecordsPage{}
	p = panelOf(t, f.answer(t, r), "valid_leads")
	require.Len(t, p.Rows, int(min(total, boards.DefaultPageSize)), "a page, not the whole set")

	// The CSV: a byte order mark, the localized header, every record.
	var buf bytes.Buffer
	r.Locale, r.Identity = i18n.EN, model.DemoDirector
	require.NoError(t, f.svc.RecordsCSV(context.Background(), r, &buf))
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))
	lines, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "Created", lines[0][0])
	require.Len(t, lines, int(total)+1)

	// Not at the records level: no CSV.
	r.Drill.Points = nil
	require.Error(t, f.svc.RecordsCSV(context.Background(), r, &buf))
}

func fmtID(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatInt(int64(x), 10)
	}
	return fmt.Sprint(v)
}

// A KPI click opens the first level of its drill path.
func TestDrillFromKPI(t *testing.T) {
	f := newService(t)
	b := board(t, "standup")
	a := f.answer(t, boards.Request{Board: b, Drill: &boards.Drill{Panel: "kpi_signings", Points: []map[string]any{{}}}})
	p := panelOf(t, a, "kpi_signings")
	require.Empty(t, p.Error)
	require.Equal(t, "region", p.Level)
	require.Equal(t, []boards.Crumb{{Label: "全部", Depth: 0}, {Label: "区域", Depth: 1}}, p.Crumbs)
	var sum int64
	for _, row := range p.Rows {
		sum += row[1].(int64)
	}
	require.Equal(t, panelOf(t, f.answer(t, boards.Request{Board: b}), "kpi_signings").Rows[0][0], sum)
}

// The query string round-trips a drill position (FormatPoint → ParseRequest).
func TestParseDrill(t *testing.T) {
	f := newService(t)
	b := board(t, "standup")
	q := url.Values{"drill": {"valid_leads"}, "at": {boards.FormatPoint(map[string]any{"region": "华东"}), ""},
		"page": {"3"}, "sort": {"created_at"}, "desc": {"1"}, "period": {"this_week"}, "region": {"华东"}}
	r, err := f.svc.ParseRequest(b, q, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, []map[string]any{{"region": "华东"}, {}}, r.Drill.Points)
	require.Equal(t, boards.RecordsPage{Page: 3, Sort: "created_at", Desc: true}, r.Records)
	_, err = f.svc.ParseRequest(b, url.Values{"period": {"someday"}, "drill": {"nope"}}, i18n.EN)
	require.Error(t, err)
}
