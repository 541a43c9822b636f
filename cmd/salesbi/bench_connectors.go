package main

// The connectors' bench section registers itself from connectors/bench.go.
import _ "salesbi/connectors"
