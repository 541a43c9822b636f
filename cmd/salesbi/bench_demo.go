package main

// The demo generation bench section registers itself from demo/demobench.
import _ "salesbi/demo/demobench"
