package boards

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/presets"
)

// The query string of a board's page and API (a link reproduces the view):
//
//	period=this_month        a preset of presets.PeriodPresets, or
//	from=2026-11-01&to=2026-11-15   a custom range (both ends inclusive)
//	region=华东&rep=张伟      names, as the catalog's region and rep hold them
//	asof=2026-11-20          view the board as of a past day
//	drill=valid_leads&at=region:华东&at=rep:张伟   a drilled panel and the
//	                         points clicked from its top level down; a point
//	                         with several keys joins them with "|"
//	                         (at=industry:制造|region:华东); "key!" is a null
//	page=2&sort=created_at&desc=1   the records level's page and order
//	panel=a&panel=b          only these panels (API, late panels)
//	lang=en

// ParseRequest reads a board request from the query string. Every problem
// is reported, in the caller's language, naming the parameter.
func (s *Service) ParseRequest(b presets.Board, q url.Values, locale string) (Request, error) {
	r := Request{Board: b, Locale: locale}
	var problems []string
	bad := func(param, zh, en string, args ...any) {
		problems = append(problems, param+": "+fmt.Sprintf(i18n.T(zh, en).In(locale), args...))
	}
	date := func(param string) string {
		v := q.Get(param)
		if v == "" {
			return ""
		}
		if _, err := time.ParseInLocation("2006-01-02", v, s.Cal.Loc); err != nil {
			bad(param, "“%s”不是日期，应写作 2026-11-26", "%q is not a date like 2026-11-26", v)
			return ""
		}
		return v
	}
	if p := q.Get("period"); p != "" && p != "custom" {
		if !slices.Contains(presets.PeriodPresets, p) {
			bad("period", "未知的期间“%s”，可选：%s", "unknown period %q (one of %s)", p, strings.Join(presets.PeriodPresets, ", "))
		} else {
			r.Selection.Period = p
		}
	}
	r.Selection.From, r.Selection.To = date("from"), date("to")
	if (r.Selection.From == "") != (r.Selection.To == "") && len(problems) == 0 {
		bad("from/to", "自定义期间需要同时给出开始和结束日期", "a custom range needs both from and to")
	}
	if r.Selection.From != "" && r.Selection.To != "" {
		if r.Selection.From > r.Selection.To {
			bad("from/to", "开始日期 %s 晚于结束日期 %s", "from %s is after to %s", r.Selection.From, r.Selection.To)
		}
		r.Selection.Period = ""
	}
	r.Selection.Region, r.Selection.Rep = q.Get("region"), q.Get("rep")
	r.AsOf = date("asof")
	if d := q.Get("drill"); d != "" {
		if !hasPanel(b, d) {
			bad("drill", "看板“%s”没有面板“%s”", "board %q has no panel %q", b.ID, d)
		} else {
			r.Drill = &Drill{Panel: d}
			for _, at := range q["at"] {
				pt, err := parsePoint(at)
				if err != nil {
					bad("at", "“%s”不是“字段:值”", "%q is not key:value", at)
					continue
				}
				r.Drill.Points = append(r.Drill.Points, pt)
			}
		}
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad("page", "页码应为正整数，收到“%s”", "want a page number from 1, got %q", v)
		}
		r.Records.Page = n
	}
	r.Records.Sort = q.Get("sort")
	r.Records.Desc = q.Get("desc") == "1" || q.Get("desc") == "true"
	for _, p := range q["panel"] {
		if !hasPanel(b, p) {
			bad("panel", "看板“%s”没有面板“%s”", "board %q has no panel %q", b.ID, p)
		}
		r.Only = append(r.Only, p)
	}
	if len(problems) > 0 {
		return r, apperr.New(apperr.BadInput, i18n.T("看板筛选条件有误", "bad board filter").In(locale), problems...)
	}
	return r, nil
}

func hasPanel(b presets.Board, id string) bool {
	for _, p := range b.Panels {
		if p.ID == id {
			return true
		}
	}
	return false
}

// parsePoint reads "key:value|key2:value2" ("key!" for null; "" is the
// empty point of a KPI, which opens its drill path's first level).
func parsePoint(s string) (map[string]any, error) {
	pt := map[string]any{}
	if s == "" {
		return pt, nil
	}
	for _, part := range strings.Split(s, "|") {
		if k, ok := strings.CutSuffix(part, "!"); ok && !strings.Contains(k, ":") && k != "" {
			pt[k] = nil
			continue
		}
		k, v, ok := strings.Cut(part, ":")
		if !ok || k == "" {
			return nil, fmt.Errorf("bad point %q", s)
		}
		pt[k] = v
	}
	return pt, nil
}

// FormatPoint writes a point as ParseRequest reads it (keys sorted).
func FormatPoint(pt map[string]any) string {
	keys := make([]string, 0, len(pt))
	for k := range pt {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		if pt[k] == nil {
			parts[i] = k + "!"
		} else {
			parts[i] = k + ":" + fmt.Sprint(pt[k])
		}
	}
	return strings.Join(parts, "|")
}
