package main

// The metrics bench section registers itself from package metrics.
import _ "salesbi/metrics"
