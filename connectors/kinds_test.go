package connectors

import (
	"testing"

	"github.com/stretchr/testify/require"

	"salesbi/config/sourcekind"
)

// The connectors open exactly the kinds config validates against: a spec
// without an opener would pass validation and fail at the first sync, an
// opener without a spec could never be configured.
func TestKindsCoverTheSourceKindRegistryExactly(t *testing.T) {
	var names []string
	for _, k := range Kinds() {
		require.NotNil(t, k.open, "kind %q has no opener", k.Name)
		names = append(names, k.Name)
	}
	require.Equal(t, sourcekind.Names(), names)
}
