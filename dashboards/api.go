package dashboards

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
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
// get the JSON envelope; pages get a plain-text message.
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
	return c.Status(code).SendString(err.Error())
}
