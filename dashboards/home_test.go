package dashboards_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/presets"
)

// The home page lists the twelve preset boards in both languages and links
// only the ones served; the others say they are being built, never a dead
// link.
func TestHomeListsTheTwelveBoardsAndLinksReadyOnes(t *testing.T) {
	srv, _ := metricsServer(t)
	boards := presets.All()
	require.Len(t, boards, 12)
	for _, lang := range []string{"", "?lang=en"} {
		code, body := do(t, srv, httpGet("/"+lang))
		require.Equal(t, http.StatusOK, code)
		require.Equal(t, 12, strings.Count(body, `<li class="board`), lang)
		pending := 0
		for _, b := range boards {
			title := b.Title.ZH
			if lang != "" {
				title = b.Title.EN
			}
			require.Contains(t, body, title, lang)
			if b.Ready {
				require.Contains(t, body, `href="`+b.Path(), "%s is linked", b.ID)
			} else {
				require.NotContains(t, body, `href="`+b.Path()+`"`, "%s is not linked", b.ID)
				require.NotContains(t, body, `href="`+b.Path()+`?`, "%s is not linked", b.ID)
				pending++
			}
		}
		require.Equal(t, 8, pending, "the four boards of issue 10 are served")
		badge := "建设中"
		if lang != "" {
			badge = "being built"
		}
		require.Equal(t, pending, strings.Count(body, badge), lang)
	}
}
