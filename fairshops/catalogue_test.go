package fairshops_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

func TestDefaultCatalogue(t *testing.T) {
	c := fs.DefaultCatalogue()
	require.Equal(t, 50, c.BonusThreshold)
	require.Equal(t, fs.Highest, c.ModulePoints)
	for m, pts := range map[fs.Module]int{fs.Themenportal: 10, fs.Beschwerdeservice: 40, fs.Streitmoderation: 50} {
		cr := c.ModuleCriterion(m)
		require.Equal(t, pts, cr.Points, m)
		require.Equal(t, fs.Bonus, cr.Kind)
	}
	for _, id := range []string{"must.payment_buyer_protection", "must.withdrawal_exclusion_notice", "must.hotline_hours"} {
		cr, ok := c.Criterion(id)
		require.True(t, ok, id)
		require.Equal(t, fs.Must, cr.Kind)
	}
	for _, id := range []string{"bonus.adr_participation", "bonus.free_shipping_and_returns"} {
		cr, ok := c.Criterion(id)
		require.True(t, ok, id)
		require.Equal(t, 50, cr.Points)
		require.Empty(t, cr.Module, "ADR participation is not a module")
	}
	for _, cr := range c.Criteria {
		require.NotEmpty(t, cr.Title.De, cr.ID)
		require.NotEmpty(t, cr.Title.En, cr.ID)
		require.NotEmpty(t, cr.Source, cr.ID)
	}
}

func TestCatalogueRoundTrip(t *testing.T) {
	c := fs.DefaultCatalogue()
	b, err := json.Marshal(c)
	require.NoError(t, err)
	again, err := fs.Load(bytes.NewReader(b))
	require.NoError(t, err)
	if d := cmp.Diff(c.Criteria, again.Criteria); d != "" {
		t.Fatalf("criteria differ after export and import (-want +got):\n%s", d)
	}
	require.Equal(t, c.ValidFrom, again.ValidFrom)
	require.Equal(t, c.Version, again.Version)
}

func TestLoadReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []string // "field: code"
	}{
		{name: "syntax error names the line", json: "{\n  \"id\": \"x\",\n  \"version\": 1,,\n}",
			want: []string{": syntax"}},
		{name: "not an object", json: `[1,2]`, want: []string{": wrong_type"}},
		{name: "empty object", json: `{}`, want: []string{
			"id: required", "version: required", "valid_from: required", "bonus_threshold: required",
			"areas: required", "criteria: required"}},
		{name: "trailing data", json: `{} {}`, want: []string{": syntax"}},
		{name: "everything wrong", json: `{
			"id": "Bad ID", "version": "1", "valid_from": "2021-02-30", "bonus_threshold": -5,
			"module_points": "average", "colour": "blue",
			"areas": [{"id": "a", "title": {"de": "A", "en": "A"}}, {"id": "a", "title": {"de": "A"}}, 7],
			"criteria": [
				{"id": "must.x", "area": "a", "kind": "must", "points": 3, "title": {"de": "x", "en": "x"}},
				{"id": "must.x", "area": "zz", "kind": "maybe", "title": {"de": "x", "en": "x"}, "weight": 2},
				{"id": "bonus.tp", "area": "a", "kind": "bonus", "points": "ten", "module": "themenportal", "title": {"de": "x", "en": "x"}},
				{"id": "bonus.tp2", "area": "a", "kind": "bonus", "points": 10, "module": "themenportal", "title": {"de": "x", "en": "x"}},
				{"id": "bonus.x", "area": "a", "kind": "bonus", "points": 1.5, "module": "hotline", "title": {"de": "x", "en": "x"}}
			]}`,
			want: []string{
				"colour: unknown_field",
				"id: invalid_format",
				"valid_from: invalid_date",
				"bonus_threshold: negative",
				"module_points: unknown_value",
				"areas[1].title.en: required",
				"areas[1].id: duplicate",
				"areas[2]: wrong_type",
				"criteria[0].points: not_allowed",
				"criteria[1].weight: unknown_field",
				"criteria[1].id: duplicate",
				"criteria[1].area: dangling",
				"criteria[1].kind: unknown_value",
				"criteria[2].points: wrong_type",
				"criteria[3].module: duplicate",
				"criteria[4].points: wrong_type",
				"criteria[4].module: unknown_value",
				"criteria: missing_module",
				"criteria: missing_module",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fs.Load(strings.NewReader(tt.json))
			require.ErrorIs(t, err, fs.ErrInvalid)
			var ve *fs.ValidationError
			require.True(t, errors.As(err, &ve))
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field+": "+f.Code)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Fatalf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestLoadSyntaxErrorHasLine(t *testing.T) {
	_, err := fs.Load(strings.NewReader("{\n  \"id\": \"x\",\n  \"version\": 1,,\n}"))
	require.ErrorContains(t, err, "line 3")
}

func TestLoadTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), fs.MaxCatalogueSize+10)
	_, err := fs.Load(bytes.NewReader(big))
	require.ErrorIs(t, err, fs.ErrInvalid)
}
