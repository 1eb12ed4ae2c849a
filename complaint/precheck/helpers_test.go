package precheck

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/stretchr/testify/require"
)

// factsOf decodes a test complaint and validates it against asOf: a
// consumer who ordered for 49.90 EUR plus 4.90 EUR delivery and contacted
// the shop on the order date, overridden by the JSON object js (a null value
// removes a key).
func factsOf(t testing.TB, js string, asOf string) Facts {
	t.Helper()
	m := map[string]any{
		"order_value":   map[string]any{"amount": "49.90", "currency": "EUR"},
		"delivery_cost": map[string]any{"amount": "4.90", "currency": "EUR"},
	}
	var over map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &over), js)
	for k, v := range over {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	if _, set := over["contacted_shop_on"]; !set && m["order_date"] != nil {
		m["contacted_shop_on"] = m["order_date"]
	}
	data, err := json.Marshal(m)
	require.NoError(t, err)
	f, err := DecodeFacts(data)
	require.NoError(t, err, string(data))
	var d fairshops.Date
	if asOf != "" {
		d = fairshops.MustDate(asOf)
	}
	require.NoError(t, f.Validate(d), string(data))
	return f
}

// summary writes each finding as "rule favours arg...", for compact tables.
func summary(r Result) []string {
	out := []string{}
	for _, f := range r.Findings {
		s := string(f.Rule) + " " + string(f.Favours)
		if len(f.Message.Args) > 0 {
			s += " " + strings.Join(f.Message.Args, " ")
		}
		out = append(out, s)
	}
	return out
}

// only keeps the lines of a summary whose rule starts with one of prefixes.
func only(lines []string, prefixes ...string) []string {
	out := []string{}
	for _, l := range lines {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

func tipKeys(r Result) []string {
	out := []string{}
	for _, t := range r.Tips {
		out = append(out, t.Key)
	}
	return out
}
