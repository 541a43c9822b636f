package query

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/model"
)

func TestSavedChartsAndDashboards(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	spec := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}, Chart: "bar"}
	c, err := SaveChart(ctx, db, testCal, model.DemoDirector, " 区域线索 ", spec)
	require.NoError(t, err)
	require.Equal(t, "区域线索", c.Name)
	_, err = SaveChart(ctx, db, testCal, model.DemoDirector, "bad", Spec{Dataset: "leads", Measures: []Measure{{Field: "revnue", Agg: "sum"}}})
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	_, err = SaveChart(ctx, db, testCal, model.DemoDirector, "  ", spec)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))

	list, err := SavedCharts(ctx, db)
	require.NoError(t, err)
	require.Len(t, list, 1, "a rejected chart is not stored")
	require.Equal(t, spec, list[0].Spec)

	d, err := CreateDashboard(ctx, db, model.DemoDirector, "周会", i18n.ZH)
	require.NoError(t, err)
	require.NoError(t, AddToDashboard(ctx, db, d.ID, c.ID))
	require.NoError(t, AddToDashboard(ctx, db, d.ID, c.ID), "adding twice keeps one")
	require.Equal(t, apperr.NotFound, apperr.KindOf(AddToDashboard(ctx, db, d.ID, 999)))
	require.Equal(t, apperr.NotFound, apperr.KindOf(AddToDashboard(ctx, db, 999, c.ID)))
	ds, err := Dashboards(ctx, db)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	got := ds[0]
	require.Equal(t, d.ID, got.ID)
	require.Equal(t, "周会", got.Name)
	require.Equal(t, []int64{c.ID}, got.Charts)
	require.Equal(t, DefaultBoardFilters, got.Filters)
	require.Len(t, got.Panels, 1)
	p := got.Panels[0]
	require.Equal(t, CustomPanel{ID: p.ID, Position: 1, Width: 6, Title: i18n.T("区域线索", "区域线索"), Spec: spec, ChartID: c.ID}, p,
		"a saved chart becomes a half-width panel titled with its name")
}

// A database left by the version of salesbi whose custom dashboards held
// saved charts by id: upgrading turns each into a panel, in the order the
// dashboard had, and drops the old link table.
func TestCustomDashboardMigrationTurnsChartsIntoPanels(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v5.duckdb")
	raw, err := model.OpenRaw(ctx, path)
	require.NoError(t, err)
	require.NoError(t, model.MigrateTo(ctx, raw, 5))
	for _, q := range []string{
		`INSERT INTO saved_charts (chart_id, name, spec) VALUES
			(1, '区域线索', '{"dataset":"leads","dimensions":[{"field":"region"}],"measures":[{"agg":"count"}],"chart":"bar"}'),
			(2, '渠道', '{"dataset":"leads","dimensions":[{"field":"channel"}],"measures":[{"agg":"count"}],"chart":"pie"}'),
			(3, '签约', '{"dataset":"contracts","measures":[{"field":"amount","agg":"sum"}],"chart":"kpi"}')`,
		`INSERT INTO custom_dashboards (dashboard_id, name) VALUES (1, '周会'), (2, '月会'), (3, '空的')`,
		// positions as version 5 wrote them: max + 1, gaps possible.
		`INSERT INTO custom_dashboard_charts (dashboard_id, chart_id, position) VALUES (1, 2, 1), (1, 1, 2), (1, 3, 5), (2, 3, 1)`,
	} {
		_, err := raw.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	require.NoError(t, raw.Close())

	db, err := model.Open(ctx, path, model.Options{MemoryLimit: "512MB", Threads: 1})
	require.NoError(t, err)
	defer db.Close()
	ds, err := Dashboards(ctx, db)
	require.NoError(t, err)
	require.Len(t, ds, 3)
	type shown struct {
		Pos, Width int
		Title      string
		Chart      int64
		Dataset    string
	}
	view := func(d CustomDashboard) []shown {
		out := []shown{}
		for _, p := range d.Panels {
			out = append(out, shown{p.Position, p.Width, p.Title.ZH, p.ChartID, p.Spec.Dataset})
			require.Equal(t, p.Title.ZH, p.Title.EN)
		}
		return out
	}
	require.Equal(t, []shown{{1, 6, "渠道", 2, "leads"}, {2, 6, "区域线索", 1, "leads"}, {3, 6, "签约", 3, "contracts"}}, view(ds[0]))
	require.Equal(t, []shown{{1, 6, "签约", 3, "contracts"}}, view(ds[1]))
	require.Equal(t, []shown{}, view(ds[2]))
	require.Equal(t, []int64{2, 1, 3}, ds[0].Charts)
	for _, d := range ds {
		require.Equal(t, DefaultBoardFilters, d.Filters)
		require.Empty(t, d.Preset)
	}
	var n int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'custom_dashboard_charts'`).Scan(&n))
	require.Zero(t, n, "the old link table is gone: the panels are the one store")
	// New panels get ids after the migrated ones.
	p, err := AddChartPanel(ctx, db, 3, 1, 12, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, 1, p.Position)
	require.Greater(t, p.ID, ds[0].Panels[2].ID)
}

func presetLike() CustomDashboard {
	kpi := Spec{Dataset: "leads", Measures: []Measure{{Agg: "count"}}, Chart: "kpi"}
	bar := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "region"}}, Measures: []Measure{{Agg: "count"}}, Chart: "bar", Drill: []string{"region", "rep"}}
	pie := Spec{Dataset: "leads", Dimensions: []Dimension{{Field: "channel"}}, Measures: []Measure{{Agg: "count"}}, Chart: "pie"}
	return CustomDashboard{Name: "晨会看板", Preset: "standup", Filters: BoardFilters{Period: "yesterday", Region: true, Rep: true},
		Panels: []CustomPanel{
			{Width: 3, Title: i18n.T("线索", "Leads"), About: i18n.T("期间内的线索。", "Leads of the period."), Period: "created_at", Spec: kpi, Preset: "standup", PresetPanel: "kpi"},
			{Width: 8, Title: i18n.T("按区域", "By region"), About: i18n.T("按区域。", "By region."), Period: "created_at", Spec: bar, Preset: "standup", PresetPanel: "by_region"},
			{Width: 4, Title: i18n.T("渠道", "Channels"), About: i18n.T("渠道。", "Channels."), Period: "created_at", Spec: pie, Preset: "standup", PresetPanel: "channels"},
		}}
}

// The store as the customise page uses it: a copy of a preset keeps its
// panels whole; panels are added from saved charts, resized, moved and
// removed; reset gives back exactly the preset's panels; bad edits name
// the field in the caller's language; unknown ids are not found.
func TestCustomDashboardCopyEditAndReset(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	src := presetLike()
	d, err := CopyDashboard(ctx, db, model.DemoDirector, src, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, "standup", d.Preset)
	require.Equal(t, src.Filters, d.Filters)
	require.Len(t, d.Panels, 3)
	for i, p := range d.Panels {
		want := src.Panels[i]
		want.ID, want.Position = p.ID, i+1
		require.Equal(t, want, p, "panel %d is stored whole", i)
	}
	ids := func() []string {
		got, err := LoadDashboard(ctx, db, d.ID, i18n.ZH)
		require.NoError(t, err)
		var out []string
		for i, p := range got.Panels {
			require.Equal(t, i+1, p.Position, "positions stay 1..n")
			name := p.PresetPanel
			if p.ChartID != 0 {
				name = "chart"
			}
			out = append(out, name)
		}
		return out
	}

	// Add a saved chart: at the end.
	c, err := SaveChart(ctx, db, testCal, model.DemoDirector, "签约金额", Spec{Dataset: "contracts", Measures: []Measure{{Field: "amount", Agg: "sum"}}, Chart: "kpi"})
	require.NoError(t, err)
	added, err := AddChartPanel(ctx, db, d.ID, c.ID, 4, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, 4, added.Position)
	require.Equal(t, []string{"kpi", "by_region", "channels", "chart"}, ids())

	// Resize.
	w := 12
	p, err := UpdatePanel(ctx, db, d.ID, d.Panels[1].ID, PanelChange{Width: &w}, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, 12, p.Width)
	for _, bad := range []int{0, 13, -1} {
		_, err = UpdatePanel(ctx, db, d.ID, d.Panels[1].ID, PanelChange{Width: &bad}, i18n.ZH)
		require.Equal(t, apperr.BadInput, apperr.KindOf(err))
		require.Len(t, apperr.ProblemsOf(err), 1)
		require.Contains(t, apperr.ProblemsOf(err)[0], "width：宽度应为 1 到 12 列")
		_, err = UpdatePanel(ctx, db, d.ID, d.Panels[1].ID, PanelChange{Width: &bad}, i18n.EN)
		require.Contains(t, apperr.ProblemsOf(err)[0], "width: must be 1 to 12 columns")
	}
	zero := 0
	_, err = UpdatePanel(ctx, db, d.ID, d.Panels[1].ID, PanelChange{Position: &zero}, i18n.EN)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	require.Contains(t, apperr.ProblemsOf(err)[0], "position:")
	_, err = UpdatePanel(ctx, db, d.ID, d.Panels[1].ID, PanelChange{}, i18n.EN)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	_, err = AddChartPanel(ctx, db, d.ID, c.ID, 13, i18n.EN)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))

	// Move: to the front, down one, past the end (= last).
	move := func(id int64, to int) {
		t.Helper()
		_, err := UpdatePanel(ctx, db, d.ID, id, PanelChange{Position: &to}, i18n.ZH)
		require.NoError(t, err)
	}
	move(added.ID, 1)
	require.Equal(t, []string{"chart", "kpi", "by_region", "channels"}, ids())
	move(d.Panels[0].ID, 3)
	require.Equal(t, []string{"chart", "by_region", "kpi", "channels"}, ids())
	move(added.ID, 99)
	require.Equal(t, []string{"by_region", "kpi", "channels", "chart"}, ids())

	// Remove.
	require.NoError(t, RemovePanel(ctx, db, d.ID, d.Panels[0].ID, i18n.ZH))
	require.Equal(t, []string{"by_region", "channels", "chart"}, ids())

	// Unknown dashboard or panel: not found, in the caller's language.
	err = RemovePanel(ctx, db, d.ID, 999, i18n.ZH)
	require.Equal(t, apperr.NotFound, apperr.KindOf(err))
	require.Contains(t, err.Error(), "没有面板 999")
	_, err = UpdatePanel(ctx, db, 999, d.Panels[1].ID, PanelChange{Width: &w}, i18n.EN)
	require.Equal(t, apperr.NotFound, apperr.KindOf(err))
	require.Contains(t, err.Error(), "custom dashboard 999 does not exist")
	other, err := CreateDashboard(ctx, db, model.DemoDirector, "另一个", i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, apperr.NotFound, apperr.KindOf(RemovePanel(ctx, db, other.ID, d.Panels[1].ID, i18n.ZH)),
		"a panel of another dashboard is not this one's")
	_, err = LoadDashboard(ctx, db, 999, i18n.ZH)
	require.Equal(t, apperr.NotFound, apperr.KindOf(err))

	// Reset: exactly the preset's panels again (widths, order, specs).
	reset, err := ResetPanels(ctx, db, d.ID, src.Filters, src.Panels, i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, []string{"kpi", "by_region", "channels"}, ids())
	for i, p := range reset.Panels {
		want := src.Panels[i]
		want.ID, want.Position = p.ID, i+1
		require.Equal(t, want, p)
	}
	_, err = ResetPanels(ctx, db, 999, src.Filters, src.Panels, i18n.ZH)
	require.Equal(t, apperr.NotFound, apperr.KindOf(err))

	// Rename and delete.
	r, err := RenameDashboard(ctx, db, d.ID, "我的晨会", i18n.ZH)
	require.NoError(t, err)
	require.Equal(t, "我的晨会", r.Name)
	_, err = RenameDashboard(ctx, db, d.ID, " ", i18n.EN)
	require.Equal(t, apperr.BadInput, apperr.KindOf(err))
	require.Contains(t, apperr.ProblemsOf(err)[0], "name:")
	require.NoError(t, DeleteDashboard(ctx, db, other.ID, i18n.ZH))
	ds, err := Dashboards(ctx, db)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	require.Equal(t, apperr.NotFound, apperr.KindOf(DeleteDashboard(ctx, db, other.ID, i18n.ZH)))
}

// Two edits of one dashboard at once (two taps, two tabs) both land: a
// write-write conflict between their transactions is retried, not a 500.
func TestCustomDashboardConcurrentEdits(t *testing.T) {
	db := openFixture(t)
	db.SetMaxOpenConns(4)
	ctx := context.Background()
	d, err := CopyDashboard(ctx, db, model.DemoDirector, presetLike(), i18n.ZH)
	require.NoError(t, err)
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func(i int) {
			w, to := i%12+1, i%3+1
			_, err := UpdatePanel(ctx, db, d.ID, d.Panels[i%3].ID, PanelChange{Width: &w, Position: &to}, i18n.EN)
			errs <- err
		}(i)
	}
	for i := 0; i < 8; i++ {
		require.NoError(t, <-errs)
	}
	got, err := LoadDashboard(ctx, db, d.ID, i18n.EN)
	require.NoError(t, err)
	seen := map[int]bool{}
	for _, p := range got.Panels {
		seen[p.Position] = true
	}
	require.Equal(t, map[int]bool{1: true, 2: true, 3: true}, seen, "positions stay 1..n")
}
