package main

// The query compile bench section registers itself from package query; the
// /api/query section lives in dashboards (bench_query_api.go).
import _ "salesbi/query"
