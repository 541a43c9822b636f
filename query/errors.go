package query

import (
	"bytes"
	"io"

	"salesbi/apperr"
)

func badInput(msg string, problems ...string) error {
	return apperr.New(apperr.BadInput, msg, problems...)
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
