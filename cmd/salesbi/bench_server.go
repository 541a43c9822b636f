package main

// The stand-up page and /api/query sections time the real server; they
// register from internal/benchreport/serverbench.
import _ "salesbi/internal/benchreport/serverbench"
