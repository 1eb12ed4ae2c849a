package main

import (
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestBcryptCostFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args   []string
		want   int
		reason string
	}{
		{args: nil, want: 12},
		{args: []string{"-bcrypt-cost", "10"}, want: 10},
		{args: []string{"-bcrypt-cost", "16"}, want: 16},
		{args: []string{"-bcrypt-cost", "9"}, reason: fairshops.ReasonTooSmall},
		{args: []string{"-bcrypt-cost", "4"}, reason: fairshops.ReasonTooSmall},
		{args: []string{"-bcrypt-cost", "17"}, reason: fairshops.ReasonTooLarge},
	} {
		cfg, err := parseConfig(tc.args, env(nil), io.Discard)
		if tc.reason != "" {
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v: %v", tc.args, err)
			require.Len(t, ve.Fields, 1, "%v", tc.args)
			require.Equal(t, "-bcrypt-cost", ve.Fields[0].Field)
			require.Equal(t, tc.reason, ve.Fields[0].Code)
			continue
		}
		require.NoError(t, err, "%v", tc.args)
		require.Equal(t, tc.want, cfg.bcryptCost, "%v", tc.args)
	}
}
