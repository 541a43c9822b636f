// Package apperr is the small set of error classes the API maps to HTTP
// status codes in one place (dashboards/api.go). Wrap with fmt.Errorf("…: %w").
package apperr

import (
	"errors"
	"strings"
)

// Kind classifies an error for the API.
type Kind int

const (
	// Internal: a bug or an unexpected failure (500).
	Internal Kind = iota
	// BadInput: the caller sent something invalid; Problems says what and where (400).
	BadInput
	// NotFound: the named thing does not exist (404).
	NotFound
	// Forbidden: the caller's role may not do this (403).
	Forbidden
	// Conflict: the request clashes with current state, e.g. a sync already running (409).
	Conflict
	// Unavailable: a dependency (source database, webhook) is down; retry later (503).
	Unavailable
)

// Error carries a Kind, a message for people, and per-location problems.
type Error struct {
	Kind     Kind
	Msg      string
	Problems []string
	Err      error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	if len(e.Problems) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Problems, "; "))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error of kind k.
func New(k Kind, msg string, problems ...string) error {
	return &Error{Kind: k, Msg: msg, Problems: problems}
}

// Wrap makes an error of kind k around err.
func Wrap(k Kind, msg string, err error) error { return &Error{Kind: k, Msg: msg, Err: err} }

// KindOf finds the Kind of the first *Error in err's chain (Internal if none).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// ProblemsOf returns the problem list of the first *Error in err's chain.
func ProblemsOf(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}
