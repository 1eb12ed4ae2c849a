package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestCarriersFlag: -carriers (or its environment variable) sets the list a
// shop picks its carrier from; an empty name, one too long, or "other" (the
// free choice every list has) is refused, naming the flag.
func TestCarriersFlag(t *testing.T) {
	t.Parallel()
	none := func(string) string { return "" }
	cfg, err := parseConfig([]string{"-carriers", " DHL , Paketblitz "}, none, io.Discard)
	require.NoError(t, err)
	list, err := cfg.carrierList()
	require.NoError(t, err)
	require.Equal(t, []string{"DHL", "Paketblitz"}, list)
	for _, bad := range []string{"DHL,,UPS", "Other", "DHL,other", ""} {
		_, err := parseConfig([]string{"-carriers", bad}, none, io.Discard)
		var ve *fairshops.ValidationError
		require.ErrorAs(t, err, &ve, "%q", bad)
		require.Equal(t, "-carriers", ve.Fields[0].Field, "%q", bad)
	}
	cfg, err = parseConfig(nil, func(k string) string {
		if k == "KONFLIKTSERVICE_CARRIERS" {
			return "Hermes"
		}
		return ""
	}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "Hermes", cfg.carriers)
}
