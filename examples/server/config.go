package main

import (
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	gomail "github.com/wneessen/go-mail"
	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/mediation"
)

// Environment variables that only the environment can set: secrets never
// go on a command line, where ps and shell histories would show them.
const (
	envSMTPPassword     = "KONFLIKTSERVICE_SMTP_PASSWORD"
	envOperatorPassword = "KONFLIKTSERVICE_OPERATOR_PASSWORD"
	envCSRFKey          = "KONFLIKTSERVICE_CSRF_KEY"
)

// envPrefix starts the environment variable of every flag: -smtp-host is
// KONFLIKTSERVICE_SMTP_HOST.
const envPrefix = "KONFLIKTSERVICE_"

// config is everything the server is told by flags and environment.
type config struct {
	addr            string
	db              string
	baseURL         string // "" means http://<bound address>
	demo            bool
	operator        string
	operatorEmail   string
	insecureCookies bool
	trustProxy      proxyList // networks of the reverse proxies in front
	logFormat       string
	logLevel        slog.Level
	limit           rateLimit
	writeLimit      rateLimit
	secretsFile     string // "" means beside the SQLite file (secrets.go)
	webhooks        string // path of the shops file; "" means no webhooks
	webhooksHTTP    bool
	caseKeyFile     string // the case-file signing key file
	rotateCaseKey   bool
	webhooksAllow   proxyList // networks webhooks may reach although not public
	timers          time.Duration
	outboxKeep      time.Duration // 0: delivered events are kept for ever
	retentionYears  int           // -retention-years; 0: personal data are never erased by age
	// -retention-settlement-years and -retention-audit-years; 0: never.
	retentionSettlementYears, retentionAuditYears int
	shutdown                                      time.Duration
	smtp                                          smtpFlags
	adr                                           mediation.ADRBody // named in the failure notice of a mediation
	adrMin, adrMax                                string            // -adr-min, -adr-max before parsing
	csrfKeyFile                                   string            // -csrf-key-file: where the CSRF key is, not the key
	legal                                         kshttp.LegalLinks // -imprint-url, -privacy-url, -accessibility-url
	adrDirective                                  bool              // -adr-directive: the rules of Directive (EU) 2025/2647
	carriers                                      string            // -carriers: the carriers a shop picks from, comma-separated
	bcryptCost                                    int               // -bcrypt-cost: the work factor of new password hashes

	// From the environment only.
	operatorPassword string
	csrfKey          []byte
}

// smtpFlags say how to reach the mail server; host "" means no mail.
type smtpFlags struct {
	host     string
	port     int
	user     string
	password notify.Secret
	from     string
	tls      string
}

// tlsPolicies maps -smtp-tls to go-mail's STARTTLS policies.
func tlsPolicies() map[string]gomail.TLSPolicy {
	return map[string]gomail.TLSPolicy{
		"mandatory":     gomail.TLSMandatory,
		"opportunistic": gomail.TLSOpportunistic,
		"none":          gomail.NoTLS,
	}
}

// envName is the environment variable that stands in for a flag.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseConfig reads the flags, with the environment as their defaults,
// and checks them: every wrong flag is reported at once, in a
// *fairshops.ValidationError whose fields name the flags. Usage text and
// flag syntax errors go to out.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (config, error) {
	const op = "server.config"
	cfg := config{
		limit:      rateLimit(kshttp.DefaultLimit),
		writeLimit: rateLimit(kshttp.DefaultWriteLimit),
		logLevel:   slog.LevelInfo,
	}
	fl := flag.NewFlagSet("server", flag.ContinueOnError)
	fl.SetOutput(out)
	fl.StringVar(&cfg.addr, "addr", "localhost:8080", "listen address `host:port`")
	fl.StringVar(&cfg.db, "db", "konfliktservice.db", "SQLite file, or a PostgreSQL DSN (postgres://... or host=... key=value)")
	fl.StringVar(&cfg.baseURL, "base-url", "", "public `URL` of the service, for links in mails and the start banner (default http://<addr>)")
	fl.BoolVar(&cfg.demo, "demo", true, "seed a demo shop, a second shop, a shop login, an API key and a complaint (idempotent)")
	fl.StringVar(&cfg.operator, "operator", "operator", "operator `login` created at the first start (password: "+envOperatorPassword+", or generated and written to the secrets file)")
	fl.StringVar(&cfg.secretsFile, "secrets-file", "", "`file` (mode 0600) the first start writes the logins it created to (default "+secretsFileName+" beside the SQLite file, or in the working directory on PostgreSQL)")
	fl.StringVar(&cfg.operatorEmail, "operator-email", "", "`address` mailed about events for the operator (optional)")
	fl.BoolVar(&cfg.insecureCookies, "insecure-cookies", false, "drop the Secure flag of cookies and HSTS (default: true only on a loopback address with an http base URL)")
	fl.Var(&cfg.trustProxy, "trust-proxy", "comma-separated `networks` (CIDR or address) of the reverse proxies in front of the server, whose X-Forwarded-For names the client (rate limits, logs) and whose X-Forwarded-Proto is believed, e.g. 127.0.0.1/32,::1/128 for a TLS proxy on the same machine; empty: the peer is the client")
	fl.StringVar(&cfg.logFormat, "log-format", "text", "log format: text or json")
	fl.TextVar(&cfg.logLevel, "log-level", slog.LevelInfo, "log level: debug, info, warn or error")
	fl.Var(&cfg.limit, "rate-limit", "per-client limit of all requests, `rate[:burst]` per second, or off")
	fl.Var(&cfg.writeLimit, "write-limit", "per-client limit of complaint filings and logins, `rate[:burst]` per second, or off (load tests)")
	fl.StringVar(&cfg.webhooks, "webhooks", "", "JSON `file` of shop endpoints: {\"shop-id\": {\"url\", \"secret\", \"email\"}}")
	fl.StringVar(&cfg.caseKeyFile, "casefile-key", "konfliktservice-casefile.key", "`file` of the Ed25519 key that seals case files (made, mode 0600, at the first start; back it up)")
	fl.BoolVar(&cfg.rotateCaseKey, "rotate-casefile-key", false, "retire the case-file key and make a new one at this start (the old key stays published for verification)")
	fl.BoolVar(&cfg.adrDirective, "adr-directive", false, "apply the revised ADR Directive (EU) 2025/2647: the shop has 20 working days to say whether it takes part in dispute moderation (silence is a refusal), and the automated pre-check is labelled as such (docs/adr-adr-directive.md)")
	fl.BoolVar(&cfg.webhooksHTTP, "webhooks-allow-http", false, "allow plain-http webhook URLs (a receiver on the same host)")
	fl.Var(&cfg.webhooksAllow, "webhooks-allow-networks", "comma-separated `networks` (CIDR or address) webhooks may reach although they are not public (loopback, private, link-local are refused otherwise), e.g. 127.0.0.1/32 for a receiver on the same host")
	fl.DurationVar(&cfg.timers, "timer-interval", time.Minute, "how often deadlines, reminders and expired sessions are processed")
	fl.IntVar(&cfg.retentionYears, "retention-years", complaint.DefaultPersonalDataYears, "years after the end of the year a complaint ended until the timers erase its personal data (docs/adr-retention.md); 0 never erases by age")
	fl.IntVar(&cfg.retentionSettlementYears, "retention-settlement-years", complaint.DefaultSettlementYears, "years after the end of the year a mediation case was settled until the timers erase the settlement's amounts and notes (docs/adr-retention.md); 0 never")
	fl.IntVar(&cfg.retentionAuditYears, "retention-audit-years", audit.DefaultYears, "years after the end of the year an audit log entry was recorded until the timers prune it, leaving a checkpoint (docs/adr-retention.md); 0 never")
	fl.IntVar(&cfg.bcryptCost, "bcrypt-cost", defaultBcryptCost, fmt.Sprintf("bcrypt work factor of new password hashes, %d to %d; each step doubles the time of a login (docs/adr-accounts.md)", minBcryptCost, maxBcryptCost))
	fl.DurationVar(&cfg.outboxKeep, "outbox-keep", 30*24*time.Hour, "how long delivered events stay in the outbox before the timers delete them; 0 keeps them for ever")
	fl.StringVar(&cfg.csrfKeyFile, "csrf-key-file", "", "`file` holding the CSRF key (64 hex digits), the same for every node behind one proxy; instead of "+envCSRFKey)
	fl.DurationVar(&cfg.shutdown, "shutdown-timeout", 30*time.Second, "how long a shutdown waits for requests and deliveries in flight")
	fl.StringVar(&cfg.smtp.host, "smtp-host", "", "mail server `host`; no mails when empty (events are then only logged)")
	fl.IntVar(&cfg.smtp.port, "smtp-port", 587, "mail server `port`")
	fl.StringVar(&cfg.smtp.user, "smtp-user", "", "mail server login (password: "+envSMTPPassword+")")
	fl.StringVar(&cfg.smtp.from, "smtp-from", "", "sender `address` of mails, such as 'Konfliktservice <noreply@example.org>'")
	fl.StringVar(&cfg.smtp.tls, "smtp-tls", "mandatory", "STARTTLS policy: mandatory, opportunistic or none (a server on the same host)")
	adr := mediation.DefaultADRBody()
	fl.StringVar(&cfg.adr.Name, "adr-name", adr.Name, "consumer ADR body named when a mediation fails")
	fl.StringVar(&cfg.adr.Operator, "adr-operator", adr.Operator, "who runs the ADR body")
	fl.StringVar(&cfg.adr.Address, "adr-address", adr.Address, "postal address of the ADR body")
	fl.StringVar(&cfg.adr.Web, "adr-web", adr.Web, "web address of the ADR body")
	fl.StringVar(&cfg.adrMin, "adr-min", adr.Min.Amount.String(), "smallest dispute value in EUR the ADR body hears")
	fl.StringVar(&cfg.adrMax, "adr-max", adr.Max.Amount.String(), "largest dispute value in EUR the ADR body hears")
	fl.StringVar(&cfg.legal.Imprint, "imprint-url", "", "`URL` (or /path) of the operator's imprint, linked in every page's footer")
	fl.StringVar(&cfg.legal.Privacy, "privacy-url", "", "`URL` (or /path) of the privacy policy, linked in the footer and the complaint form's privacy notice")
	fl.StringVar(&cfg.carriers, "carriers", strings.Join(carrierclaim.DefaultCarriers(), ","), "comma-separated `names` of the carriers a shop picks from for a claim against its carrier (\"other\" with a free name is always offered)")
	fl.StringVar(&cfg.legal.Accessibility, "accessibility-url", "", "`URL` (or /path) of the accessibility statement, linked in the footer")
	fl.Usage = func() {
		fmt.Fprintf(fl.Output(), "Usage: server [flags]\n\nEvery flag can also be set in the environment: -smtp-host as %s.\n"+
			"Secrets come from the environment only: %s, %s, %s (hex, 32 bytes; or -csrf-key-file).\n\n",
			envName("smtp-host"), envSMTPPassword, envOperatorPassword, envCSRFKey)
		fl.PrintDefaults()
	}

	// The environment sets the defaults, the command line overrides them.
	var p fairshops.Problems
	fromEnv := map[string]bool{}
	fl.VisitAll(func(f *flag.Flag) {
		v := getenv(envName(f.Name))
		if v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil {
			p.Add(envName(f.Name), fairshops.ReasonInvalidFormat, "the value of -"+f.Name)
			return
		}
		fromEnv[f.Name] = true
	})
	if err := fl.Parse(args); err != nil {
		return config{}, err
	}
	if fl.NArg() > 0 {
		p.Add(fl.Arg(0), fairshops.ReasonUnknownField)
	}
	set := fromEnv
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg.smtp.password = notify.NewSecret(getenv(envSMTPPassword))
	cfg.operatorPassword = getenv(envOperatorPassword)
	if k := getenv(envCSRFKey); k != "" {
		key, err := hex.DecodeString(k)
		if err != nil || len(key) < 32 {
			p.Add(envCSRFKey, fairshops.ReasonInvalidFormat, "64 hex digits")
		}
		cfg.csrfKey = key
	}
	if cfg.csrfKeyFile != "" {
		if cfg.csrfKey != nil {
			p.Add("-csrf-key-file", fairshops.ReasonNotAllowedHere, envCSRFKey)
		} else if cfg.csrfKey = readCSRFKey(cfg.csrfKeyFile); cfg.csrfKey == nil {
			p.Add("-csrf-key-file", fairshops.ReasonInvalidFormat, "a readable file of 64 hex digits")
		}
	}
	if _, err := cfg.carrierList(); err != nil {
		p.Add("-carriers", fairshops.ReasonInvalidFormat, "comma-separated names of 1 to 80 characters, not \"other\"")
	}
	cfg.check(&p)
	if !set["casefile-key"] && !strings.HasPrefix(cfg.db, "postgres://") && !strings.HasPrefix(cfg.db, "postgresql://") && !strings.Contains(cfg.db, "=") {
		// Beside the SQLite file, so that one directory holds the service's state.
		cfg.caseKeyFile = filepath.Join(filepath.Dir(cfg.db), "konfliktservice-casefile.key")
	}
	if !set["insecure-cookies"] {
		cfg.insecureCookies = plainLoopback(cfg.addr, cfg.baseURL)
	}
	if err := p.Err(op); err != nil {
		return config{}, err
	}
	return cfg, nil
}

// readCSRFKey reads a CSRF key of at least 32 bytes written as hex, with
// surrounding white space (a trailing newline) ignored; nil when the file
// cannot be read or holds anything else. The key or the file's content is
// never part of an error: it may be a secret mistyped by one character.
func readCSRFKey(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) < 32 {
		return nil
	}
	return key
}

// check adds a problem for every wrong setting.
func (cfg *config) check(p *fairshops.Problems) {
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		p.Add("-addr", fairshops.ReasonInvalidFormat, "host:port")
	}
	if strings.TrimSpace(cfg.db) == "" {
		p.Add("-db", fairshops.ReasonRequired)
	}
	if cfg.baseURL != "" {
		u, err := url.Parse(cfg.baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" {
			p.Add("-base-url", fairshops.ReasonInvalidFormat, "http(s)://host[:port][/path]")
		}
		cfg.baseURL = strings.TrimSuffix(cfg.baseURL, "/")
	}
	if strings.TrimSpace(cfg.operator) == "" {
		p.Add("-operator", fairshops.ReasonRequired)
	}
	if cfg.operatorEmail != "" {
		if _, err := mail.ParseAddress(cfg.operatorEmail); err != nil {
			p.Add("-operator-email", fairshops.ReasonInvalidEmail)
		}
	}
	if cfg.logFormat != "text" && cfg.logFormat != "json" {
		p.Add("-log-format", fairshops.ReasonUnknownValue, cfg.logFormat)
	}
	if cfg.timers < time.Second {
		p.Add("-timer-interval", fairshops.ReasonTooSmall, "1s")
	}
	if cfg.retentionYears < 0 || cfg.retentionYears > 30 {
		p.Add("-retention-years", fairshops.ReasonInvalidFormat, "0 to 30 years")
	}
	if cfg.retentionSettlementYears < 0 || cfg.retentionSettlementYears > complaint.MaxRetentionYears {
		p.Add("-retention-settlement-years", fairshops.ReasonInvalidFormat, "0 to 30 years")
	}
	if cfg.retentionAuditYears < 0 || cfg.retentionAuditYears > audit.MaxYears {
		p.Add("-retention-audit-years", fairshops.ReasonInvalidFormat, "0 to 30 years")
	}
	if cfg.bcryptCost < minBcryptCost {
		p.Add("-bcrypt-cost", fairshops.ReasonTooSmall, minBcryptCost)
	} else if cfg.bcryptCost > maxBcryptCost {
		p.Add("-bcrypt-cost", fairshops.ReasonTooLarge, maxBcryptCost)
	}
	if cfg.outboxKeep < 0 {
		p.Add("-outbox-keep", fairshops.ReasonTooSmall, "0s")
	}
	if cfg.shutdown <= 0 {
		p.Add("-shutdown-timeout", fairshops.ReasonTooSmall, "1ns")
	}
	if cfg.operatorPassword != "" && len(cfg.operatorPassword) < 12 {
		p.Add(envOperatorPassword, fairshops.ReasonTooSmall, "12 characters")
	}
	cfg.smtp.check(p)
	cfg.checkADR(p)
	var ve *fairshops.ValidationError
	if errors.As(cfg.legal.Check(), &ve) {
		flags := map[string]string{"Legal.Imprint": "-imprint-url", "Legal.Privacy": "-privacy-url",
			"Legal.Accessibility": "-accessibility-url"}
		for _, f := range ve.Fields {
			p.Add(flags[f.Field], fairshops.ReasonInvalidFormat, "https://host/path or /path")
		}
	}
}

// checkADR reads -adr-min and -adr-max and checks the ADR body.
func (cfg *config) checkADR(p *fairshops.Problems) {
	for _, f := range []struct {
		name string
		raw  string
		into *fairshops.Money
	}{{"-adr-min", cfg.adrMin, &cfg.adr.Min}, {"-adr-max", cfg.adrMax, &cfg.adr.Max}} {
		d, err := decimal.NewFromString(strings.TrimSpace(f.raw))
		if err != nil {
			p.Add(f.name, fairshops.ReasonInvalidFormat, "decimal number")
			continue
		}
		*f.into = fairshops.NewMoney(d, fairshops.EUR)
	}
	// The body's own check names its fields; the flags are -adr-<field>.
	var ve *fairshops.ValidationError
	if errors.As(cfg.adr.Validate(), &ve) {
		for _, fe := range ve.Fields {
			p.Add("-adr-"+fe.Field, fe.Code, fe.Args...)
		}
	}
}

func (s *smtpFlags) check(p *fairshops.Problems) {
	if s.host == "" {
		if s.user != "" || s.from != "" {
			p.Add("-smtp-host", fairshops.ReasonRequired) // the other SMTP flags mean nothing without it
		}
		return
	}
	if s.port < 1 || s.port > 65535 {
		p.Add("-smtp-port", fairshops.ReasonUnknownValue, strconv.Itoa(s.port))
	}
	if s.from == "" {
		p.Add("-smtp-from", fairshops.ReasonRequired)
	} else if _, err := mail.ParseAddress(s.from); err != nil {
		p.Add("-smtp-from", fairshops.ReasonInvalidEmail)
	}
	if _, ok := tlsPolicies()[s.tls]; !ok {
		p.Add("-smtp-tls", fairshops.ReasonUnknownValue, s.tls)
	}
	if s.user != "" && s.password.IsZero() {
		p.Add(envSMTPPassword, fairshops.ReasonRequired)
	}
}

// plainLoopback reports whether the service is reached only over plain
// http on this machine: the one case where cookies without the Secure flag
// are harmless and needed (a browser drops Secure cookies on http, except
// on localhost in some browsers).
func plainLoopback(addr, baseURL string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !loopbackHost(host) {
		return false
	}
	if baseURL == "" {
		return true
	}
	u, err := url.Parse(baseURL)
	return err == nil && u.Scheme == "http" && loopbackHost(u.Hostname())
}

func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// proxyList is a flag.Value for the trusted proxies: comma-separated CIDR
// prefixes or single addresses (a /32 or /128).
type proxyList []netip.Prefix

// String renders the list as Set reads it.
func (l *proxyList) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, len(*l))
	for i, p := range *l {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

// Set reads the list; every entry must be a prefix or an address.
func (l *proxyList) Set(s string) error {
	var out proxyList
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return fmt.Errorf("%q is neither a network (CIDR) nor an address", part)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	*l = out
	return nil
}

// rateLimit is a flag.Value for kshttp.RateLimit: "rate[:burst]" in
// requests per second, or "off".
type rateLimit kshttp.RateLimit

// String renders the limit as Set reads it.
func (r *rateLimit) String() string {
	if r == nil {
		return ""
	}
	if r.Rate == rate.Inf {
		return "off"
	}
	return strconv.FormatFloat(float64(r.Rate), 'g', -1, 64) + ":" + strconv.Itoa(r.Burst)
}

// Set reads "off", "rate" or "rate:burst"; without a burst it is twice the
// rate, at least 1.
func (r *rateLimit) Set(s string) error {
	got, err := parseRateLimit(s)
	if err != nil {
		return err
	}
	*r = got
	return nil
}

func parseRateLimit(s string) (rateLimit, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return rateLimit{Rate: rate.Inf}, nil
	}
	rs, bs, hasBurst := strings.Cut(s, ":")
	perSecond, err := strconv.ParseFloat(rs, 64)
	if err != nil || perSecond <= 0 || math.IsInf(perSecond, 0) || math.IsNaN(perSecond) || perSecond > 1e9 {
		return rateLimit{}, fmt.Errorf("rate %q: want a positive number of requests per second, or off", rs)
	}
	burst := max(1, int(math.Ceil(2*perSecond)))
	if hasBurst {
		burst, err = strconv.Atoi(bs)
		if err != nil || burst < 1 {
			return rateLimit{}, fmt.Errorf("burst %q: want a whole number of at least 1", bs)
		}
	}
	return rateLimit{Rate: rate.Limit(perSecond), Burst: burst}, nil
}

// carrierList is -carriers as a list; an empty entry, one too long or
// "other" is an error.
func (cfg *config) carrierList() ([]string, error) {
	var out []string
	for _, name := range strings.Split(cfg.carriers, ",") {
		name = strings.TrimSpace(name)
		if name == "" || len(name) > carrierclaim.MaxCarrier || strings.EqualFold(name, carrierclaim.OtherCarrier) {
			return nil, fmt.Errorf("carrier %q", name)
		}
		out = append(out, name)
	}
	return out, nil
}

// The bounds of -bcrypt-cost: below bcrypt's default of 10 a stolen hash is
// cheap to attack; above 16 a login takes seconds of CPU. The default is
// the account package's.
const (
	minBcryptCost     = 10
	defaultBcryptCost = 12
	maxBcryptCost     = 16
)
