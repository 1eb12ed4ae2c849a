package fairshops

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// TestTreeReasonCodes keeps the codes internal/jsontree reports (it cannot
// import this package) equal to the shared reason codes.
func TestTreeReasonCodes(t *testing.T) {
	for tree, ours := range map[string]string{
		jsontree.Required:     ReasonRequired,
		jsontree.Syntax:       ReasonSyntax,
		jsontree.InvalidUTF8:  ReasonInvalidUTF8,
		jsontree.UnknownField: ReasonUnknownField,
		jsontree.WrongType:    ReasonWrongType,
		jsontree.Negative:     ReasonNegative,
		jsontree.TooSmall:     ReasonTooSmall,
		jsontree.TooLarge:     ReasonTooLarge,
	} {
		require.Equal(t, ours, tree)
	}
}
