package dashboards_test

import (
	"net/http"
	"net/http/httptest"
)

func httpGet(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }
