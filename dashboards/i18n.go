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
