package dashboards

import (
	"github.com/gofiber/fiber/v2"

	"salesbi/i18n"
)

// Locale is the caller's language: ?lang= when it names English or
// Chinese (i18n.Normalize), else the configured business.locale (zh-CN by
// default).
func (s *Server) Locale(c *fiber.Ctx) string {
	if l, ok := i18n.Normalize(c.Query("lang")); ok {
		return l
	}
	return s.Config.Business.Locale
}
