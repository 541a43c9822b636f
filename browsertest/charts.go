package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// WaitCharts waits until n ECharts instances exist under selector and have
// finished rendering (option set and series present).
func WaitCharts(ctx context.Context, selector string, n int) error {
	js := fmt.Sprintf(`(() => {
		const els = document.querySelectorAll(%q);
		let ok = 0;
		els.forEach(el => { const c = echarts.getInstanceByDom(el); if (c && c.getOption() && c.getOption().series) ok++; });
		return ok;
	})()`, selector)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var got int
		if err := chromedp.Run(ctx, chromedp.Evaluate(`typeof echarts !== 'undefined'`, new(bool))); err != nil {
			return err
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, &got)); err == nil && got >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("waited 30s for %d charts under %s, found %d drawn", n, selector, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ChartOption reads back the option of the ECharts instance on the element
// matched by selector, as the page holds it (echarts.getInstanceByDom).
func ChartOption(ctx context.Context, selector string) (map[string]any, error) {
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return "no element";
		const c = echarts.getInstanceByDom(el);
		if (!c) return "no chart";
		return JSON.stringify(c.getOption());
	})()`, selector)
	var s string
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &s)); err != nil {
		return nil, err
	}
	if s == "no element" || s == "no chart" {
		return nil, fmt.Errorf("%s: %s", selector, s)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("%s: option is not JSON: %w", selector, err)
	}
	return m, nil
}
