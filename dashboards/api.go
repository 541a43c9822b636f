package dashboards

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/i18n"
)

// Envelope is the one shape of every JSON API answer (after Prometheus):
// status "success" with data, or "error" with errorType, error and, for bad
// input, the list of problems with their locations.
type Envelope struct {
	Status    string   `json:"status"`
	Data      any      `json:"data,omitempty"`
	ErrorType string   `json:"errorType,omitempty"`
	Error     string   `json:"error,omitempty"`
	Problems  []string `json:"problems,omitempty"`
	Warnings  []string `json:"warnings,omitempty"`
}

// OK writes data in the envelope.
func OK(c *fiber.Ctx, data any) error {
	return c.JSON(Envelope{Status: "success", Data: data})
}

var kindStatus = map[apperr.Kind]struct {
	code int
	name string
}{
	apperr.Internal:    {fiber.StatusInternalServerError, "internal"},
	apperr.BadInput:    {fiber.StatusBadRequest, "bad_input"},
	apperr.NotFound:    {fiber.StatusNotFound, "not_found"},
	apperr.Forbidden:   {fiber.StatusForbidden, "forbidden"},
	apperr.Conflict:    {fiber.StatusConflict, "conflict"},
	apperr.Unavailable: {fiber.StatusServiceUnavailable, "unavailable"},
}

// errorHandler maps error classes to status codes in one place. API paths
// get the JSON envelope; pages get a styled page in the caller's language
// (errorPage).
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	var fe *fiber.Error
	var code int
	var name string
	if errors.As(err, &fe) {
		code, name = fe.Code, "http"
	} else {
		ks := kindStatus[apperr.KindOf(err)]
		code, name = ks.code, ks.name
	}
	if code >= 500 {
		s.Log.Error("request failed", "path", c.Path(), "err", err)
	}
	if len(c.Path()) >= 4 && c.Path()[:4] == "/api" {
		return c.Status(code).JSON(Envelope{Status: "error", ErrorType: name, Error: err.Error(), Problems: apperr.ProblemsOf(err)})
	}
	if c.Query(fragmentParam) != "" {
		// board.js asked for panels: it navigates to the page on an error.
		return c.Status(code).SendString(err.Error())
	}
	return s.errorPage(c, code, err)
}

// errorView is what error.html shows.
type errorView struct {
	Code      int
	Heading   string
	Message   string
	Problems  []string
	Back      string
	BackLabel string
}

// errorPage writes a page error as a styled page in the caller's language,
// with the navigation: what went wrong and, for bad input, every problem.
func (s *Server) errorPage(c *fiber.Ctx, code int, err error) error {
	loc := s.Locale(c)
	v := errorView{Code: code, Problems: apperr.ProblemsOf(err)}
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae):
		v.Message = ae.Msg
	case code == fiber.StatusNotFound:
		v.Message = fmt.Sprintf(i18n.T("没有这个页面：%s", "there is no page %s").In(loc), c.Path())
	default:
		v.Message = err.Error()
	}
	switch {
	case code == fiber.StatusNotFound:
		v.Heading = i18n.T("找不到页面", "Not found").In(loc)
	case code == fiber.StatusBadRequest:
		v.Heading = i18n.T("请求有误", "Something in the request is wrong").In(loc)
	case code == fiber.StatusForbidden:
		v.Heading = i18n.T("没有权限", "Not allowed").In(loc)
	case code >= 500:
		v.Heading = i18n.T("服务器出错", "Server error").In(loc)
		v.Message = i18n.T("处理请求时出错，请稍后再试；详情见服务器日志。", "The request failed; the server log has the details.").In(loc)
	default:
		v.Heading = http.StatusText(code)
	}
	if strings.HasPrefix(c.Path(), "/dashboards/") && code == fiber.StatusBadRequest {
		v.Back, v.BackLabel = c.Path(), i18n.T("看板默认视图", "the board's default view").In(loc)
		if l := c.Query("lang"); l != "" {
			v.Back += "?lang=" + url.QueryEscape(l)
		}
	}
	if s.errorTmpl == nil { // before the routes are mounted
		return c.Status(code).SendString(err.Error())
	}
	c.Status(code)
	if rerr := s.render(c, s.errorTmpl, v.Heading, v); rerr != nil {
		return c.Status(code).SendString(err.Error())
	}
	return nil
}
