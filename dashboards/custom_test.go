package dashboards_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/i18n"
	"salesbi/presets"
	"salesbi/query"
)

// The custom dashboards' JSON API: copy a preset (its panels and filters
// whole), edit it (add a saved chart, resize, move, remove), reset it; the
// preset never changes; unknown dashboards, panels, presets and charts are
// 404 and bad widths, positions and ids 400, each said in the caller's
// language with the field named. The pages draw the copy through the
// board engine.
func TestCustomDashboardAPI(t *testing.T) {
	srv, _, db := apiServer(t)
	standup, ok := presets.ByID("standup")
	require.True(t, ok)
	before := fmt.Sprintf("%#v", standup)

	code, env, data := call(t, srv, "POST", "/api/custom-dashboards/from-preset/standup", "")
	require.Equal(t, 200, code, env.Error)
	id := int64(data["id"].(float64))
	require.Equal(t, standup.Title.ZH, data["name"], "a copy is named after its preset")
	require.Equal(t, "standup", data["preset"])
	require.Equal(t, map[string]any{"period": "yesterday", "region": true, "rep": true}, data["filters"])
	d, err := query.LoadDashboard(context.Background(), db, id, i18n.ZH)
	require.NoError(t, err)
	require.Len(t, d.Panels, len(standup.Panels))
	for i, p := range d.Panels {
		want := standup.Panels[i]
		require.Equal(t, want.ID, p.PresetPanel)
		require.Equal(t, want.Width, p.Width)
		require.Equal(t, want.Title, p.Title)
		require.Equal(t, want.About, p.About)
		require.Equal(t, want.Period, p.Period)
		require.Equal(t, want.Spec, p.Spec)
		require.Equal(t, i+1, p.Position)
	}
	code, _, data = call(t, srv, "POST", "/api/custom-dashboards/from-preset/standup?lang=en", `{"name":"My stand-up"}`)
	require.Equal(t, 200, code)
	require.Equal(t, "My stand-up", data["name"])

	// Unknown or unbuilt presets.
	code, env, _ = call(t, srv, "POST", "/api/custom-dashboards/from-preset/nope", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, env.Error, "没有名为“nope”的预置看板")
	code, env, _ = call(t, srv, "POST", "/api/custom-dashboards/from-preset/nope?lang=en", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, env.Error, `there is no preset board "nope"`)
	for _, b := range presets.All() {
		if !b.Ready {
			code, env, _ = call(t, srv, "POST", "/api/custom-dashboards/from-preset/"+b.ID, "")
			require.Equal(t, http.StatusConflict, code, b.ID)
			require.Contains(t, env.Error, "还在建设中")
			break
		}
	}

	panel := func(i int) string {
		return fmt.Sprintf("/api/custom-dashboards/%d/panels/%d", id, d.Panels[i].ID)
	}
	// Resize: a good width, then bad ones named in both languages.
	code, env, data = call(t, srv, "PATCH", panel(4), `{"width":12}`)
	require.Equal(t, 200, code, env.Error)
	require.Equal(t, float64(12), data["width"])
	code, env, _ = call(t, srv, "PATCH", panel(4), `{"width":13}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, "bad_input", env.ErrorType)
	require.Equal(t, []string{"width：宽度应为 1 到 12 列（12 列网格），收到 13"}, env.Problems)
	code, env, _ = call(t, srv, "PATCH", panel(4)+"?lang=en", `{"width":0}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, []string{"width: must be 1 to 12 columns of the 12-column grid, got 0"}, env.Problems)
	code, env, _ = call(t, srv, "PATCH", panel(4)+"?lang=en", `{"width":"wide"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Len(t, env.Problems, 1)
	require.True(t, strings.HasPrefix(env.Problems[0], "width: wrong type"), env.Problems[0])
	code, env, _ = call(t, srv, "PATCH", panel(4), `{"colour":"red"}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, env.Problems[0], "colour")
	code, env, _ = call(t, srv, "PATCH", panel(4), `{"position":0}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.True(t, strings.HasPrefix(env.Problems[0], "position："), env.Problems[0])

	// Unknown dashboard or panel: 404 in the caller's language; a bad id 400.
	code, env, _ = call(t, srv, "PATCH", fmt.Sprintf("/api/custom-dashboards/%d/panels/99999", id), `{"width":6}`)
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, fmt.Sprintf("自定义看板 %d 没有面板 99999", id), env.Error)
	code, env, _ = call(t, srv, "PATCH", "/api/custom-dashboards/99999/panels/1?lang=en", `{"width":6}`)
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, "custom dashboard 99999 does not exist", env.Error)
	code, env, _ = call(t, srv, "DELETE", "/api/custom-dashboards/99999/panels/1", "")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, env.Error, "自定义看板 99999 不存在")
	code, env, _ = call(t, srv, "GET", "/api/custom-dashboards/99999", "")
	require.Equal(t, http.StatusNotFound, code)
	code, env, _ = call(t, srv, "PATCH", "/api/custom-dashboards/abc/panels/1?lang=en", `{"width":6}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.Equal(t, []string{`id: must be a positive integer, got "abc"`}, env.Problems)
	code, _, _ = call(t, srv, "POST", "/api/custom-dashboards/99999/reset", "")
	require.Equal(t, http.StatusNotFound, code)

	// Add a saved chart (at the end), move it first, remove a panel.
	code, env, data = call(t, srv, "POST", "/api/charts", `{"name":"渠道线索","spec":{"dataset":"leads","dimensions":[{"field":"channel"}],"measures":[{"agg":"count"}],"chart":"bar"}}`)
	require.Equal(t, 200, code, env.Error)
	chart := int64(data["id"].(float64))
	code, env, data = call(t, srv, "POST", fmt.Sprintf("/api/custom-dashboards/%d/panels", id), fmt.Sprintf(`{"chart_id":%d,"width":4}`, chart))
	require.Equal(t, 200, code, env.Error)
	added := data["panel"].(map[string]any)
	require.Equal(t, float64(len(standup.Panels)+1), added["position"])
	require.Equal(t, float64(4), added["width"])
	code, env, _ = call(t, srv, "POST", fmt.Sprintf("/api/custom-dashboards/%d/panels", id), `{"chart_id":99999}`)
	require.Equal(t, http.StatusNotFound, code)
	require.Equal(t, "已保存的图表 99999 不存在", env.Error)
	code, env, _ = call(t, srv, "POST", fmt.Sprintf("/api/custom-dashboards/%d/panels?lang=en", id), `{"chart_id":1,"width":20}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.True(t, strings.HasPrefix(env.Problems[0], "width: must be 1 to 12"), env.Problems)
	code, env, _ = call(t, srv, "POST", fmt.Sprintf("/api/custom-dashboards/%d/panels?lang=en", id), `{}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.True(t, strings.HasPrefix(env.Problems[0], "chart_id:"), env.Problems)
	code, env, _ = call(t, srv, "PATCH", fmt.Sprintf("/api/custom-dashboards/%d/panels/%d", id, int64(added["id"].(float64))), `{"position":1}`)
	require.Equal(t, 200, code, env.Error)
	code, env, _ = call(t, srv, "DELETE", panel(0), "")
	require.Equal(t, 200, code, env.Error)
	d, err = query.LoadDashboard(context.Background(), db, id, i18n.ZH)
	require.NoError(t, err)
	require.Len(t, d.Panels, len(standup.Panels))
	require.Equal(t, chart, d.Panels[0].ChartID, "the saved chart moved first")
	require.Equal(t, standup.Panels[1].ID, d.Panels[1].PresetPanel, "the first preset panel was removed")

	// The page draws the edited copy through the board engine; /edit adds
	// the controls; the home page lists it under the presets.
	code, body := do(t, srv, httpGet(fmt.Sprintf("/custom-dashboards/%d", id)))
	require.Equal(t, 200, code, body)
	require.Contains(t, body, "渠道线索")
	require.Equal(t, len(d.Panels), strings.Count(body, `class="card cd-panel"`))
	require.NotContains(t, body, `class="cd-error"`, "every panel answered")
	require.Regexp(t, `<td>2026-11-\d\d \d\d:\d\d</td>`, body, "record instants in the business zone, as people write them")
	require.NotContains(t, body, "+08:00")
	require.NotContains(t, body, `class="cd-tools"`)
	require.Contains(t, body, `style="grid-column: span 12"`)
	code, body = do(t, srv, httpGet(fmt.Sprintf("/custom-dashboards/%d/edit?lang=en", id)))
	require.Equal(t, 200, code)
	require.Equal(t, len(d.Panels), strings.Count(body, `class="cd-tools"`))
	require.Contains(t, body, "Reset to the preset")
	code, _ = do(t, srv, httpGet("/custom-dashboards/99999"))
	require.Equal(t, http.StatusNotFound, code)
	code, body = do(t, srv, httpGet("/"))
	require.Equal(t, 200, code)
	require.Contains(t, body, fmt.Sprintf(`href="/custom-dashboards/%d"`, id))
	require.Contains(t, body, `action="/custom-dashboards/from-preset/standup"`)
	resp, err := srv.Web.App.Test(httpGet(fmt.Sprintf("/builder/dashboards/%d", id)), -1)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	require.Equal(t, fmt.Sprintf("/custom-dashboards/%d", id), resp.Header.Get("Location"))

	// Reset: the preset's panels again; a dashboard that is no copy cannot be reset.
	code, env, data = call(t, srv, "POST", fmt.Sprintf("/api/custom-dashboards/%d/reset", id), "")
	require.Equal(t, 200, code, env.Error)
	require.Len(t, data["panels"], len(standup.Panels))
	d, err = query.LoadDashboard(context.Background(), db, id, i18n.ZH)
	require.NoError(t, err)
	for i, p := range d.Panels {
		require.Equal(t, standup.Panels[i].ID, p.PresetPanel)
		require.Equal(t, standup.Panels[i].Width, p.Width)
	}
	code, env, data = call(t, srv, "POST", "/api/custom-dashboards", `{"name":"周会"}`)
	require.Equal(t, 200, code, env.Error)
	plain := int64(data["id"].(float64))
	code, env, _ = call(t, srv, "POST", fmt.Sprintf("/api/custom-dashboards/%d/reset", plain), "")
	require.Equal(t, http.StatusConflict, code)
	require.Contains(t, env.Error, "不是从预置看板复制的")
	code, env, _ = call(t, srv, "POST", "/api/custom-dashboards", `{"name":""}`)
	require.Equal(t, http.StatusBadRequest, code)
	require.True(t, strings.HasPrefix(env.Problems[0], "name："), env.Problems)

	// Rename, delete.
	code, env, data = call(t, srv, "PATCH", fmt.Sprintf("/api/custom-dashboards/%d", plain), `{"name":"周会看板"}`)
	require.Equal(t, 200, code, env.Error)
	require.Equal(t, "周会看板", data["name"])
	code, _, _ = call(t, srv, "DELETE", fmt.Sprintf("/api/custom-dashboards/%d", plain), "")
	require.Equal(t, 200, code)
	code, _, _ = call(t, srv, "GET", fmt.Sprintf("/api/custom-dashboards/%d", plain), "")
	require.Equal(t, http.StatusNotFound, code)

	after, _ := presets.ByID("standup")
	require.Equal(t, before, fmt.Sprintf("%#v", after), "copying and editing never changes the preset")
}
