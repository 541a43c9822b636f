package config

// Alerts configures where grade-drop alerts go. Owned by the metrics package.
type Alerts struct{}

func (a *Alerts) applyDefaults() {}

func (a *Alerts) validate(path string) []error { return nil }
