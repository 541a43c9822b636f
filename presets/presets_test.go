package presets

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/model"
	"salesbi/query"
)

// The twelve boards of DESIGN.md "The twelve preset dashboards", in its
// order, by their slugs.
var designBoards = []string{"scorecard", "standup", "health", "accuracy", "compliance", "lost-deals",
	"funnel", "activity", "calibration", "attainment", "freshness", "industry"}

// The boards issue 10 builds on the board engine.
var issue10Boards = []string{"standup", "funnel", "activity", "industry"}

func TestEveryDesignBoardOnceInOrder(t *testing.T) {
	boards, err := Load()
	require.NoError(t, err)
	var ids []string
	for _, b := range boards {
		ids = append(ids, b.ID)
		require.Equal(t, "presets/"+b.ID+".yaml", b.File)
		require.Equal(t, "/dashboards/"+b.ID, b.Path())
		require.Equal(t, slices.Contains(issue10Boards, b.ID), b.Ready, "%s: the boards of issue 10 are served, the others not yet", b.ID)
		require.NotEmpty(t, b.Title.ZH, b.ID)
		require.NotEmpty(t, b.Title.EN, b.ID)
		require.True(t, b.Filters.Region && b.Filters.Rep, "%s: every board filters by region and rep", b.ID)
		require.Contains(t, PeriodPresets, b.Filters.Period, b.ID)
		for _, p := range b.Panels {
			require.GreaterOrEqual(t, p.Width, 1, "%s/%s", b.ID, p.ID)
			require.LessOrEqual(t, p.Width, 12, "%s/%s", b.ID, p.ID)
			require.NotEmpty(t, p.About.ZH, "%s/%s", b.ID, p.ID)
			require.NotEmpty(t, p.About.EN, "%s/%s", b.ID, p.ID)
		}
	}
	require.Equal(t, designBoards, ids)
	for _, id := range issue10Boards {
		b, ok := ByID(id)
		require.True(t, ok, id)
		require.NotEmpty(t, b.Panels, "%s has its panels", id)
	}
	_, ok := ByID("nope")
	require.False(t, ok)
}

// The stand-up's panels are the board of README "Stand-up definitions".
func TestStandupPanels(t *testing.T) {
	b, ok := ByID("standup")
	require.True(t, ok)
	var ids []string
	for _, p := range b.Panels {
		ids = append(ids, p.ID)
	}
	require.Equal(t, []string{"kpi_valid_leads", "kpi_visits", "kpi_signings", "kpi_signed_amount",
		"valid_leads", "channels", "not_followed_up", "visits", "signings"}, ids)
	require.Equal(t, "yesterday", b.Filters.Period)
	spec, skipped := b.PanelSpec(b.Panels[4], Selection{})
	require.Empty(t, skipped)
	require.Equal(t, query.Filter{Field: "created_at", Op: "relative", Period: "yesterday"}, spec.Filters[len(spec.Filters)-1])
	require.Len(t, b.Panels[4].Spec.Filters, 1, "PanelSpec leaves the preset as it was")
	pending := b.Panels[6]
	require.True(t, pending.Spec.Records)
	require.Equal(t, 3, pending.Spec.Limit.N)
	_, skipped = b.PanelSpec(pending, Selection{Period: "this_month"})
	require.Equal(t, []string{"period"}, skipped, "the fixed window does not take the board's period, and says so")
}

// With "this year", the panels that compare with last year or count
// working days read this year to date; the others this year.
func TestThisYearToDateForComparisons(t *testing.T) {
	b, ok := ByID("activity")
	require.True(t, ok)
	periods := map[string]string{}
	for _, p := range b.Panels {
		spec, skipped := b.PanelSpec(p, Selection{})
		require.Empty(t, skipped, p.ID)
		periods[p.ID] = spec.Filters[len(spec.Filters)-1].Period
	}
	require.Equal(t, "year_to_date", periods["visits_per_rep_day"])
	require.Equal(t, "year_to_date", periods["kpi_signed_amount"])
	require.Equal(t, "this_year", periods["visit_purpose"])
	spec, _ := b.PanelSpec(b.Panels[0], Selection{Period: "last_month"})
	require.Equal(t, "last_month", spec.Filters[len(spec.Filters)-1].Period)
}

// Every panel of every board validates and compiles against the catalog
// for the director, a manager and a rep, with the board's default period,
// a custom range, and region and rep chosen: an unknown field, grain or
// operator fails here, not on a page.
func TestEveryPanelCompilesForEveryRole(t *testing.T) {
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	cal, err := clock.NewCalendar(clock.NewFixed(now), "Asia/Shanghai")
	require.NoError(t, err)
	e := &query.Engine{Cal: cal}
	identities := []model.Identity{
		model.DemoDirector,
		{UserID: 12, Login: "zhao", Role: model.RoleManager, RepID: 5},
		{UserID: 11, Login: "zhangsan", Role: model.RoleRep, RepID: 3},
	}
	selections := []Selection{
		{},
		{Period: "last_month", Region: "华东"},
		{From: "2026-01-01", To: "2026-03-31", Region: "华北", Rep: "王五"},
	}
	n := 0
	for _, b := range All() {
		for _, p := range b.Panels {
			for _, sel := range selections {
				spec, _ := b.PanelSpec(p, sel)
				for _, id := range identities {
					plan, q, err := e.Prepare(spec, id, "zh-CN")
					require.NoError(t, err, "%s: panel %q as %s with %+v", b.File, p.ID, id.Role, sel)
					require.NotEmpty(t, q.SQL)
					require.NotEmpty(t, plan.Columns)
					n++
				}
			}
		}
	}
	require.Greater(t, n, 0)
}

// A broken board file fails with the file, the panel and the key named.
func TestBrokenPresetsNameFilePanelAndKey(t *testing.T) {
	const good = `id: broken
order: 1
title: {zh: 坏, en: Broken}
description: {zh: 坏, en: Broken}
filters: {period: {default: yesterday}, region: {}, rep: {}}
panels:
  - id: stages
    order: 1
    width: 6
    title: {zh: 阶段, en: Stages}
    about: {zh: 阶段, en: Stages}
    period: created_at
    spec:
      dataset: opportunities
      dimensions: [{field: stage}]
      measures: [{field: amount, agg: sum}]
      chart: bar
`
	_, err := parseBoard("presets/broken.yaml", []byte(good))
	require.NoError(t, err, "the base text is a good board")

	cases := []struct {
		name, from, to string
		want           []string
	}{
		{"unknown catalog field", "{field: amount, agg: sum}", "{field: revnue, agg: sum}",
			[]string{`presets/broken.yaml:16: panel "stages": spec: measures[0]: unknown field "revnue"`}},
		{"unknown field in a filter", "chart: bar\n", "chart: bar\n      filters: [{field: stge, op: eq, values: [quote]}]\n",
			[]string{`presets/broken.yaml:`, `panel "stages": spec: filters[0]: unknown field "stge"`}},
		{"unknown field in a ratio's side", "{field: amount, agg: sum}",
			"{agg: ratio, num: {agg: sum, field: amout}, den: {agg: count}}",
			[]string{`presets/broken.yaml:16`, `panel "stages": spec: measures[0].num: unknown field "amout"`}},
		{"unknown spec key", "{field: amount, agg: sum}", "{fild: amount, agg: sum}",
			[]string{`presets/broken.yaml:16`, `panel "stages": spec: measures[0]: unknown key "fild"`}},
		{"unknown grain", "{field: stage}", "{field: created_at, grain: fortnight}",
			[]string{`panel "stages": spec: dimensions[0].grain: unknown grain "fortnight"`}},
		{"unknown operator", "chart: bar\n", "chart: bar\n      filters: [{field: outcome, op: like, values: [open]}]\n",
			[]string{`panel "stages": spec: filters[0].op: unknown operator "like"`}},
		{"unknown panel key", "    width: 6\n", "    widht: 6\n",
			[]string{`presets/broken.yaml:9: panel "stages": unknown key "widht"`}},
		{"bad width", "width: 6", "width: 13", []string{`panel "stages": width: must be 1 to 12`}},
		{"unknown top-level key", "title: {zh", "titel: {zh: x, en: y}\ntitle: {zh",
			[]string{`presets/broken.yaml:3: unknown key "titel"`}},
		{"bad period field", "period: created_at", "period: stage",
			[]string{`panel "stages": period: "stage" is not a time field of dataset "opportunities"`}},
		{"id not the file name", "id: broken", "id: other", []string{`presets/broken.yaml:1: id: "other" must be the file's name "broken"`}},
		{"bad default period", "default: yesterday", "default: someday", []string{`filters.period.default: want one of`}},
		{"one language only", "about: {zh: 阶段, en: Stages}", "about: {zh: 阶段}", []string{`panel "stages": about: needs both zh and en`}},
	}
	for _, c := range cases {
		text := strings.Replace(good, c.from, c.to, 1)
		require.NotEqual(t, good, text, c.name)
		_, err := parseBoard("presets/broken.yaml", []byte(text))
		require.Error(t, err, c.name)
		for _, w := range c.want {
			require.Contains(t, err.Error(), w, c.name)
		}
	}

	dup := good + strings.Replace(good[strings.Index(good, "  - id: stages"):], "order: 1", "order: 2", 1)
	_, err = parseBoard("presets/broken.yaml", []byte(dup))
	require.ErrorContains(t, err, `panel "stages": id used twice (first at line 7)`)

	// Two files with the same slug or order are refused together.
	a, err := parseBoard("presets/broken.yaml", []byte(good))
	require.NoError(t, err)
	errs := checkBoards([]Board{a, a})
	require.Len(t, errs, 2)
}
