package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestParseShopContacts(t *testing.T) {
	t.Parallel()
	secret := "whsec_0123456789abcdef"
	tests := []struct {
		name      string
		in        string
		allowHTTP bool
		want      map[string][3]string // url, secret, email
		fields    []string             // problems, when the file is refused
	}{
		{name: "empty", in: `{}`, want: map[string][3]string{}},
		{
			name: "webhook, mail, both",
			in: `{"a": {"url": "https://a.example/hooks", "secret": "` + secret + `"},
			      "b": {"email": "service@b.example"},
			      "c": {"url": "https://c.example/h?x=1", "secret": "` + secret + `", "email": "c@c.example"}}`,
			want: map[string][3]string{
				"a": {"https://a.example/hooks", secret, ""},
				"b": {"", "", "service@b.example"},
				"c": {"https://c.example/h?x=1", secret, "c@c.example"},
			},
		},
		{
			name: "plain http when allowed", allowHTTP: true,
			in:   `{"a": {"url": "http://127.0.0.1:9000/hooks", "secret": "` + secret + `"}}`,
			want: map[string][3]string{"a": {"http://127.0.0.1:9000/hooks", secret, ""}},
		},
		{
			name: "every problem at once",
			in: `{"a": {"url": "http://a.example/hooks", "secret": "short"},
			      "b": {},
			      "c": {"url": "https://user:pw@c.example/", "secret": "` + secret + `", "email": "Name <c@c.example>"},
			      "d": {"secret": "` + secret + `"},
			      "h": {"secret": "` + secret + `", "email": "h@example.org"},
			      "e": {"url": "https://e.example/", "secret": "` + secret + `", "extra": 1},
			      "f": "https://f.example/",
			      " ": {"email": "x@example.org"},
			      "g": {"email": "not an address"}}`,
			fields: []string{`[""]`, "a.url", "a.secret", "b", "c.url", "c.email", "d", "e", "f", "g.email", "h.url"},
		},
		{name: "no object", in: `[]`, fields: nil},
		{name: "broken", in: `{"a":`, fields: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseShopContacts([]byte(tc.in), tc.allowHTTP)
			if tc.want == nil {
				require.ErrorIs(t, err, fairshops.ErrInvalid)
				var ve *fairshops.ValidationError
				if errors.As(err, &ve) {
					var fields []string
					for _, f := range ve.Fields {
						fields = append(fields, f.Field)
					}
					require.ElementsMatch(t, tc.fields, fields, "%v", err)
				} else {
					require.Nil(t, tc.fields, "%v", err)
				}
				return
			}
			require.NoError(t, err)
			flat := map[string][3]string{}
			for id, c := range got {
				flat[id] = [3]string{c.endpoint.URL, c.endpoint.Secret.Reveal(), c.email}
			}
			require.Empty(t, cmp.Diff(tc.want, flat))
		})
	}
}

func TestLoadShopContacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "shops.json")
	require.NoError(t, os.WriteFile(good, []byte(`{"s": {"email": "s@example.org"}}`), 0o600))
	got, err := loadShopContacts(good, false)
	require.NoError(t, err)
	addr, err := got.Email(context.Background(), "s")
	require.NoError(t, err)
	require.Equal(t, "s@example.org", addr)
	require.Empty(t, got["s"].endpoint.URL, "a shop with only an address gets no webhooks")

	big := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(big, bytes.Repeat([]byte(" "), maxShopsFile+1), 0o600))
	_, err = loadShopContacts(big, false)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	_, err = loadShopContacts(filepath.Join(dir, "missing.json"), false)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

// recipientFixture is a shop with a filed complaint on the memory stores.
type recipientFixture struct {
	src       *recipientSource
	complaint *complaint.Complaint
}

func newRecipientFixture(t *testing.T) recipientFixture {
	t.Helper()
	ctx := context.Background()
	db := memory.New()
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue()})
	require.NoError(t, err)
	require.NoError(t, ensureDemoShops(ctx, reg))
	svc, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg})
	require.NoError(t, err)
	in := demoIntake(reg.Today())
	in.Lang = fairshops.English
	c, _, err := svc.Submit(ctx, demoShopID, in)
	require.NoError(t, err)
	return recipientFixture{
		src: &recipientSource{complaints: db.Complaints(), shops: reg, operator: "ops@konflikt.example",
			baseURL:  "https://konflikt.example",
			contacts: shopContacts{demoShopID: {email: "service@demo-shop.example"}}},
		complaint: c,
	}
}

func TestRecipients(t *testing.T) {
	t.Parallel()
	f := newRecipientFixture(t)
	id := f.complaint.ID
	vars := map[string]string{"shop_name": "Demo-Shop GmbH", "reference": f.complaint.Reference}
	consumer := notify.Recipient{Address: "erika.mustermann@example.org", Name: "Erika Mustermann",
		Lang: fairshops.English, Role: notify.RoleConsumer, Vars: vars}
	shop := notify.Recipient{Address: "service@demo-shop.example", Name: "Demo-Shop GmbH", Lang: fairshops.German,
		Role: notify.RoleShop, Link: "https://konflikt.example/shop/complaints/" + id, Vars: vars}
	tests := []struct {
		name, typ, to, shop string
		data                any
		want                []notify.Recipient
	}{
		{name: "receipt to the consumer", typ: "complaint.submitted", to: "consumer",
			data: map[string]string{"complaint": id}, want: []notify.Recipient{consumer}},
		{name: "forwarded to the shop", typ: "complaint.forwarded", to: "shop",
			data: map[string]string{"complaint": id}, want: []notify.Recipient{shop}},
		{name: "case to both parties", typ: "mediation.proposed", to: "parties",
			data: map[string]string{"complaint": id, "case": "k_1"}, want: []notify.Recipient{consumer, shop}},
		{name: "case to the operator", typ: "mediation.file_complete", to: "operator",
			data: map[string]string{"complaint": id, "case": "k_1"},
			want: []notify.Recipient{{Address: "ops@konflikt.example", Lang: fairshops.German, Role: notify.RoleOperator,
				Link: "https://konflikt.example/operator/cases/k_1", Vars: vars}}},
		{name: "a shop without an address", typ: "complaint.forwarded", to: "shop", shop: demoShop2ID,
			data: map[string]string{"complaint": id}},
		{name: "no hint", typ: "complaint.checked", data: map[string]string{"complaint": id}},
		{name: "not about a complaint", typ: "shop.registered", to: "shop", data: map[string]string{"shop": "x"}},
		{name: "no data", typ: "complaint.submitted", to: "consumer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			shopID := tc.shop
			if shopID == "" {
				shopID = demoShopID
			}
			ev, err := fairshops.NewEvent(tc.typ, id, shopID, time.Now(), tc.data)
			require.NoError(t, err)
			ev.Recipient = tc.to
			got, err := f.src.Recipients(context.Background(), ev)
			require.NoError(t, err)
			require.Empty(t, cmp.Diff(tc.want, got))
		})
	}
}

func TestRecipientsOfAGoneComplaint(t *testing.T) {
	t.Parallel()
	f := newRecipientFixture(t)
	ev, err := fairshops.NewEvent("complaint.answered", "c_gone", demoShopID, time.Now(),
		map[string]string{"complaint": "c_gone"})
	require.NoError(t, err)
	ev.Recipient = "consumer"
	_, err = f.src.Recipients(context.Background(), ev)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "the relay gives such an event up")

	ev.Data = []byte(`"not an object"`)
	_, err = f.src.Recipients(context.Background(), ev)
	require.True(t, notify.IsPermanent(err), "%v", err)
}

func TestLogNotifierLogsTypeAndIDOnly(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	n := logNotifier{log: slog.New(slog.NewJSONHandler(&out, nil))}
	ev, err := fairshops.NewEvent("complaint.answered", "c_1", "demo-shop", time.Now(),
		map[string]string{"complaint": "c_1", "message": "private words"})
	require.NoError(t, err)
	ev.Recipient = "consumer"
	require.NoError(t, n.Notify(context.Background(), ev))
	line := out.String()
	require.Contains(t, line, `"type":"complaint.answered"`)
	require.Contains(t, line, `"id":"`+ev.ID+`"`)
	for _, hidden := range []string{"private words", "demo-shop", "consumer", "c_1"} {
		require.NotContains(t, line, hidden)
	}
}

func TestCountingNotifier(t *testing.T) {
	t.Parallel()
	m := newMetrics()
	fail := errors.New("receiver down")
	results := map[string]error{
		"complaint.submitted": nil, "complaint.forwarded": fail, "mediation.settled": notify.Permanent(fail),
		"evil.type": nil,
	}
	n := countingNotifier{outcome: m.events, next: notify.NotifierFunc(func(_ context.Context, ev fairshops.Event) error {
		return results[ev.Type]
	})}
	for typ, want := range results {
		ev, err := fairshops.NewEvent(typ, "c_1", "s", time.Now(), nil)
		require.NoError(t, err)
		require.Equal(t, want, n.Notify(context.Background(), ev))
	}
	require.Equal(t, map[string]float64{
		"complaint.submitted/delivered": 1, "complaint.forwarded/retry": 1, "mediation.settled/permanent": 1,
		"other/delivered": 1,
	}, counters(t, m.reg, "konfliktservice_relay_deliveries_total", "type", "outcome"))
}

// counters reads the values of a counter vector from reg, keyed by the
// values of the labels named, joined with "/".
func counters(t *testing.T, reg *prometheus.Registry, name string, labels ...string) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	require.NoError(t, err)
	out := map[string]float64{}
	for _, mf := range families {
		if mf.GetName() != name {
			continue
		}
		for _, mt := range mf.GetMetric() {
			vals := map[string]string{}
			for _, lp := range mt.GetLabel() {
				vals[lp.GetName()] = lp.GetValue()
			}
			var key []string
			for _, l := range labels {
				key = append(key, vals[l])
			}
			out[strings.Join(key, "/")] = mt.GetCounter().GetValue()
		}
	}
	return out
}
