package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	defaults := config{
		addr: "localhost:8080", db: "konfliktservice.db", demo: true, operator: "operator", insecureCookies: true,
		logFormat: "text", logLevel: slog.LevelInfo, limit: rateLimit(kshttp.DefaultLimit),
		writeLimit: rateLimit(kshttp.DefaultWriteLimit), timers: time.Minute, shutdown: 30 * time.Second,
		outboxKeep: 30 * 24 * time.Hour, retentionYears: 3, retentionSettlementYears: 8, retentionAuditYears: 3, bcryptCost: 12,
		smtp: smtpFlags{port: 587, tls: "mandatory"},
		adr:  mediation.DefaultADRBody(), adrMin: "10", adrMax: "50000", caseKeyFile: "konfliktservice-casefile.key",
		carriers: "DHL,DPD,GLS,Hermes,UPS,FedEx,Deutsche Post",
	}
	with := func(change func(*config)) config {
		c := defaults
		change(&c)
		return c
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{name: "defaults", want: defaults},
		{
			name: "environment",
			env: map[string]string{
				"KONFLIKTSERVICE_ADDR": "127.0.0.1:9000", "KONFLIKTSERVICE_DB": "postgres://db/konflikt",
				"KONFLIKTSERVICE_DEMO": "false", "KONFLIKTSERVICE_WRITE_LIMIT": "off",
				"KONFLIKTSERVICE_LOG_LEVEL": "debug", envOperatorPassword: "a-long-password",
			},
			want: with(func(c *config) {
				c.addr, c.db, c.demo, c.writeLimit = "127.0.0.1:9000", "postgres://db/konflikt", false, rateLimit{Rate: rate.Inf}
				c.logLevel, c.operatorPassword = slog.LevelDebug, "a-long-password"
			}),
		},
		{
			name: "another ADR body",
			args: []string{"-adr-name", "Schlichtungsstelle X", "-adr-address", "Hauptstraße 1, 10115 Berlin",
				"-adr-min", "50", "-adr-max", "10000.00"},
			want: with(func(c *config) {
				c.adr.Name, c.adr.Address, c.adrMin, c.adrMax = "Schlichtungsstelle X", "Hauptstraße 1, 10115 Berlin", "50", "10000.00"
				c.adr.Min = fairshops.MustMoney("50", fairshops.EUR)
				c.adr.Max = fairshops.MustMoney("10000.00", fairshops.EUR)
			}),
		},
		{
			name: "legal pages",
			args: []string{"-imprint-url", "https://fairshops.example/impressum", "-privacy-url", "/datenschutz"},
			env:  map[string]string{"KONFLIKTSERVICE_ACCESSIBILITY_URL": "https://fairshops.example/a11y"},
			want: with(func(c *config) {
				c.legal = kshttp.LegalLinks{Imprint: "https://fairshops.example/impressum", Privacy: "/datenschutz",
					Accessibility: "https://fairshops.example/a11y"}
			}),
		},
		{
			name: "outbox kept for ever",
			args: []string{"-outbox-keep", "0"},
			want: with(func(c *config) { c.outboxKeep = 0 }),
		},
		{
			name: "flags override the environment",
			args: []string{"-addr", "127.0.0.1:9001", "-rate-limit", "500:1000"},
			env:  map[string]string{"KONFLIKTSERVICE_ADDR": "127.0.0.1:9000"},
			want: with(func(c *config) { c.addr, c.limit = "127.0.0.1:9001", rateLimit{Rate: 500, Burst: 1000} }),
		},
		{
			name: "public address: secure cookies",
			args: []string{"-addr", ":8080"},
			want: with(func(c *config) { c.addr, c.insecureCookies = ":8080", false }),
		},
		{
			name: "https base URL: secure cookies",
			args: []string{"-base-url", "https://konflikt.example.org/"},
			want: with(func(c *config) { c.baseURL, c.insecureCookies = "https://konflikt.example.org", false }),
		},
		{
			name: "trusted proxies",
			args: []string{"-trust-proxy", "127.0.0.1, 10.0.0.0/8,::1,fd00::5/64"},
			want: with(func(c *config) {
				c.trustProxy = proxyList{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"),
					netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fd00::/64")}
			}),
		},
		{
			name: "trusted proxies from the environment",
			env:  map[string]string{"KONFLIKTSERVICE_TRUST_PROXY": "192.168.1.1"},
			want: with(func(c *config) { c.trustProxy = proxyList{netip.MustParsePrefix("192.168.1.1/32")} }),
		},
		{
			name: "insecure cookies asked for",
			args: []string{"-addr", "0.0.0.0:8080", "-insecure-cookies"},
			want: with(func(c *config) { c.addr, c.insecureCookies = "0.0.0.0:8080", true }),
		},
		{
			name: "secure cookies asked for on loopback",
			env:  map[string]string{"KONFLIKTSERVICE_INSECURE_COOKIES": "false"},
			want: with(func(c *config) { c.insecureCookies = false }),
		},
		{
			name: "smtp",
			args: []string{"-smtp-host", "mail.example.org", "-smtp-user", "konflikt", "-smtp-from",
				"Konfliktservice <noreply@example.org>", "-smtp-tls", "opportunistic", "-operator-email", "ops@example.org"},
			env: map[string]string{envSMTPPassword: "smtp-secret"},
			want: with(func(c *config) {
				c.smtp = smtpFlags{host: "mail.example.org", port: 587, user: "konflikt",
					password: notify.NewSecret("smtp-secret"), from: "Konfliktservice <noreply@example.org>", tls: "opportunistic"}
				c.operatorEmail = "ops@example.org"
			}),
		},
		{
			name: "csrf key",
			env:  map[string]string{envCSRFKey: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
			want: with(func(c *config) {
				c.csrfKey = []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
					24, 25, 26, 27, 28, 29, 30, 31}
			}),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseConfig(tc.args, env(tc.env), io.Discard)
			require.NoError(t, err)
			require.Empty(t, cmp.Diff(tc.want, got, cmp.AllowUnexported(config{}, smtpFlags{}),
				cmp.Comparer(func(a, b notify.Secret) bool { return a.Reveal() == b.Reveal() }),
				cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })))
		})
	}
}

// TestParseConfigProblems checks that every wrong setting is reported at
// once, named by its flag or environment variable.
func TestParseConfigProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // fields
	}{
		{
			name: "everything wrong",
			args: []string{"-addr", "no-port", "-db", " ", "-base-url", "ftp://x", "-operator", "",
				"-operator-email", "nobody", "-log-format", "xml", "-timer-interval", "10ms", "-outbox-keep", "-1h",
				"-shutdown-timeout", "0s", "extra"},
			env: map[string]string{envOperatorPassword: "short", envCSRFKey: "zz"},
			want: []string{"extra", envCSRFKey, "-addr", "-db", "-base-url", "-operator", "-operator-email",
				"-log-format", "-timer-interval", "-outbox-keep", "-shutdown-timeout", envOperatorPassword},
		},
		{
			name: "bad environment values",
			env: map[string]string{"KONFLIKTSERVICE_DEMO": "maybe", "KONFLIKTSERVICE_RATE_LIMIT": "fast",
				"KONFLIKTSERVICE_SMTP_PORT": "x"},
			want: []string{"KONFLIKTSERVICE_DEMO", "KONFLIKTSERVICE_RATE_LIMIT", "KONFLIKTSERVICE_SMTP_PORT"},
		},
		{
			name: "a trusted proxy that is no network",
			env:  map[string]string{"KONFLIKTSERVICE_TRUST_PROXY": "127.0.0.1,proxy.example.org"},
			want: []string{"KONFLIKTSERVICE_TRUST_PROXY"},
		},
		{
			name: "ADR body incomplete",
			args: []string{"-adr-name", " ", "-adr-min", "zehn", "-adr-max", "0"},
			want: []string{"-adr-min", "-adr-name", "-adr-max"},
		},
		{
			name: "legal links not http(s) or a path",
			args: []string{"-imprint-url", "javascript:alert(1)", "-privacy-url", "//evil.example", "-accessibility-url", "a11y"},
			want: []string{"-imprint-url", "-privacy-url", "-accessibility-url"},
		},
		{
			name: "smtp without a host",
			args: []string{"-smtp-user", "u", "-smtp-from", "a@example.org"},
			want: []string{"-smtp-host"},
		},
		{
			name: "smtp incomplete",
			args: []string{"-smtp-host", "mail", "-smtp-port", "70000", "-smtp-user", "u", "-smtp-tls", "sometimes"},
			want: []string{"-smtp-port", "-smtp-from", "-smtp-tls", envSMTPPassword},
		},
		{
			name: "smtp sender not an address",
			args: []string{"-smtp-host", "mail", "-smtp-from", "Konfliktservice"},
			want: []string{"-smtp-from"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(tc.args, env(tc.env), io.Discard)
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
			require.ElementsMatch(t, tc.want, got, "%v", err)
		})
	}
}

func TestParseConfigHelp(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	_, err := parseConfig([]string{"-help"}, env(nil), &out)
	require.ErrorIs(t, err, flag.ErrHelp)
	for _, want := range []string{"KONFLIKTSERVICE_SMTP_HOST", envSMTPPassword, "-write-limit", "-webhooks"} {
		require.Contains(t, out.String(), want)
	}
}

func TestParseRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want rateLimit
		bad  bool
	}{
		{in: "off", want: rateLimit{Rate: rate.Inf}},
		{in: "1", want: rateLimit{Rate: 1, Burst: 2}},
		{in: "0.5", want: rateLimit{Rate: 0.5, Burst: 1}},
		{in: "1000:50", want: rateLimit{Rate: 1000, Burst: 50}},
		{in: "", bad: true},
		{in: "0", bad: true},
		{in: "-1", bad: true},
		{in: "NaN", bad: true},
		{in: "Inf", bad: true},
		{in: "1e12", bad: true},
		{in: "5:0", bad: true},
		{in: "5:x", bad: true},
		{in: "5:", bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := parseRateLimit(tc.in)
			if tc.bad {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			again, err := parseRateLimit(got.String())
			require.NoError(t, err)
			require.Equal(t, got, again, "String reads back")
		})
	}
}

func TestPlainLoopback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr, base string
		want       bool
	}{
		{addr: "localhost:8080", want: true},
		{addr: "127.0.0.1:0", want: true},
		{addr: "[::1]:8080", want: true},
		{addr: "127.0.0.1:8080", base: "http://localhost:8080", want: true},
		{addr: "127.0.0.1:8080", base: "https://konflikt.example.org"},
		{addr: "127.0.0.1:8080", base: "http://konflikt.example.org"},
		{addr: ":8080"},
		{addr: "0.0.0.0:8080"},
		{addr: "192.168.1.2:8080"},
		{addr: "example.org:8080"},
	}
	for _, tc := range tests {
		t.Run(tc.addr+" "+tc.base, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, plainLoopback(tc.addr, tc.base))
		})
	}
}
