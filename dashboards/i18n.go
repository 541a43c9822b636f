package dashboards

import "github.com/gofiber/fiber/v2"

// Locale is the caller's language: ?lang=en|zh-CN, else the configured
// business.locale (zh-CN by default).
func (s *Server) Locale(c *fiber.Ctx) string {
	switch c.Query("lang") {
	case "en":
		return "en"
	case "zh-CN", "zh":
		return "zh-CN"
	}
	return s.Config.Business.Locale
}

// Text is one label in both languages.
type Text struct{ Zh, En string }

// In picks the language.
func (t Text) In(locale string) string {
	if locale == "en" {
		return t.En
	}
	return t.Zh
}

// Labels of codes kept beside the catalog (DESIGN.md: codes are lower-case
// English words with zh-CN and English labels).
var codeLabels = map[string]Text{
	// lead channels
	"website": {"官网", "Website"}, "referral": {"转介绍", "Referral"}, "exhibition": {"展会", "Exhibition"},
	"telemarketing": {"电话营销", "Telemarketing"}, "partner": {"渠道伙伴", "Partner"}, "wechat": {"微信", "WeChat"},
	"search": {"搜索广告", "Search ads"}, "event": {"市场活动", "Event"}, "other": {"其他", "Other"},
	// lead status
	"new": {"新建", "New"}, "valid": {"有效", "Valid"}, "invalid": {"无效", "Invalid"}, "converted": {"已转化", "Converted"},
	// stages
	"lead": {"线索", "Lead"}, "qualified": {"已确认需求", "Qualified"}, "solution": {"方案", "Solution"},
	"quote": {"报价", "Quote"}, "negotiation": {"谈判", "Negotiation"}, "contract": {"合同", "Contract"},
	"won": {"赢单", "Won"}, "lost": {"丢单", "Lost"},
}

// CodeLabel shows a code in the locale, or the code itself if unknown.
func CodeLabel(code, locale string) string {
	if t, ok := codeLabels[code]; ok {
		return t.In(locale)
	}
	return code
}
