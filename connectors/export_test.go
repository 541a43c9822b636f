package connectors

// UseRawAppender chooses the stage writer for a test (true: DuckDB's
// appender filled in place; false: the stage feed) and returns the previous
// choice.
func UseRawAppender(on bool) bool {
	old := useRawAppender
	useRawAppender = on
	return old
}
