package benchreport

// sections are the report's sections in the order they run and print;
// `--only NAME` runs those whose name contains NAME. A new section is a
// function in its own file of this package and a line here.
var sections = []Section{
	{Name: "demo generation", Run: demoGeneration},
	{Name: "connectors: MariaDB full sync", Run: connectorsSync},
	{Name: "standup page", Run: standupPage},
	{Name: "query compile", Run: queryCompile},
	{Name: "query api", Run: queryAPI},
	{Name: "metrics", Run: metricsRecompute},
	{Name: "boards", Run: boardsSection},
}
