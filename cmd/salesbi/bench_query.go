package main

// The query compile bench section registers itself from package query; the
// /api/query section is in internal/benchreport/serverbench.
import _ "salesbi/query"
