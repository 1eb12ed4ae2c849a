package sqlstore

import (
	"testing"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/stretchr/testify/require"
)

// TestStoredResultRevision reads pre-check results as stored: one of rules
// revision 1, stored before results recorded their revision, reads back as
// revision 1; a new one keeps its revision; a complaint without a pre-check
// keeps a zero result.
func TestStoredResultRevision(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
		want int
	}{
		{"revision 1, stored without the field", `{"as_of":"2026-03-02","category":"return","clarity":"clear","findings":[],"missing_facts":[],"standard_violations":[],"tips":[]}`, precheck.RevisionOne},
		{"revision 2", `{"rules_revision":2,"as_of":"2026-03-02","category":"return","clarity":"doubtful","findings":[],"missing_facts":[],"standard_violations":[],"tips":[]}`, 2},
		{"no pre-check made", `{"as_of":"","category":"","clarity":"","findings":null,"missing_facts":null,"standard_violations":null,"tips":null}`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var rr resultRec
			require.NoError(t, decodeDoc([]byte(tc.doc), "pre-check", &rr))
			var d decoder
			r := rr.result(&d)
			require.NoError(t, d.err)
			require.Equal(t, tc.want, r.Revision)
			if tc.want != 0 {
				require.Equal(t, tc.want, r.RulesRevision())
			}
		})
	}
	enc, err := encodeDoc(resultRecOf(precheck.Result{Revision: precheck.Revision, Clarity: precheck.Clear}))
	require.NoError(t, err)
	require.Contains(t, enc, `"rules_revision":2`)
}
