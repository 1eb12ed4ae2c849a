package http

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// The re-check list is empty unless the rules changed, so the walk of
// list_refs_api_test.go cannot see its items: every list item type about
// a complaint carries reference and order_ref even when they are empty.
func TestListItemTypesCarryReferences(t *testing.T) {
	for name, v := range map[string]any{"recheck": apiRecheck{}, "complaint": apiComplaintItem{}, "case": apiCaseItem{}} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		require.Contains(t, m, "reference", name)
		require.Contains(t, m, "order_ref", name)
	}
}
