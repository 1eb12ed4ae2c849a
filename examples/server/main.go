package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/Berlin on machines without a zone database

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/notify"
	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/fairshops/figures"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// catchAll is the pattern under which the Konfliktservice handler is
// mounted; everything else on the server's own mux is operations.
const catchAll = "/"

// relayBatch is the number of outbox events the relay claims at once.
const relayBatch = notify.DefaultBatch

// run wires the service and serves until ctx ends, then shuts down: it
// stops accepting, finishes the requests in flight, lets the timers and
// the relay finish the run or batch in hand, and closes the database, all
// within -shutdown-timeout. args are the command-line flags, getenv reads
// the environment (os.Getenv), stdout receives the start banner and the
// logs, stderr only where the first-start secrets were written (never the
// secrets themselves: secrets.go), and ready (when not nil) the bound address once the server accepts
// connections.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) (err error) {
	cfg, err := parseConfig(args, getenv, stdout)
	if err != nil {
		return err
	}
	log := newLogger(cfg.logFormat, cfg.logLevel, stdout)
	// The migrations log every statement at info: only worth it for debugging.
	sqlLog := newLogger(cfg.logFormat, max(cfg.logLevel, slog.LevelWarn), stdout)
	if cfg.logLevel <= slog.LevelDebug {
		sqlLog = log
	}

	db, err := sqlstore.Open(ctx, cfg.db, sqlstore.WithLogger(sqlLog.With("component", "sql")))
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close database: %w", cerr))
		}
	}()
	links, err := newLinkMailer(cfg, log)
	if err != nil {
		return err
	}
	svc, err := newServices(ctx, db, log, &cfg.adr, links, cfg.adrDirective, cfg.bcryptCost)
	if err != nil {
		return err
	}

	caseKey, retiredKeys, written, err := loadCaseFileKey(cfg.caseKeyFile, cfg.rotateCaseKey, svc.clock.Now())
	if err != nil {
		return err
	}
	if written {
		log.Info("case-file signing key written", "file", cfg.caseKeyFile, "key_id", caseKey.ID, "retired", len(retiredKeys))
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close() // Serve closes it; this covers the early returns
	addr := ln.Addr().String()
	base := cfg.baseURL
	if base == "" {
		base = "http://" + addr
	}
	if links != nil {
		links.BaseURL = base // before the first filing: the demo complaint below
		links.ShopName = func(ctx context.Context, id string) string {
			if sh, err := svc.reg.Shop(ctx, id); err == nil {
				return sh.Name
			}
			return ""
		}
	}
	seeded, err := setUp(ctx, cfg, stores{accounts: db.Accounts(), complaints: db.Complaints()}, svc.reg, svc.accounts,
		svc.complaints, base)
	if err != nil {
		return err
	}

	if svc.accountMail.next, err = newAccountMailer(cfg, base, stderr); err != nil {
		return err
	}
	m := newMetrics()
	m.watchWrites(db.WriteStats)
	hooks := &notify.Webhooks{AllowHTTP: cfg.webhooksHTTP, AllowNetworks: cfg.webhooksAllow}
	settings, err := shopnotify.NewService(shopnotify.Config{Store: db.NotifySettings(), Shops: svc.reg,
		Clock: svc.clock, CheckURL: hooks.CheckURL})
	if err != nil {
		return err
	}
	hooks.Endpoints = storeTargets{settings}
	if err := seedNotifySettings(ctx, cfg, settings, log); err != nil {
		return err
	}
	notifier, err := newNotifier(cfg, db, svc.reg, hooks, settings, base, log, links != nil)
	if err != nil {
		return err
	}
	macros, err := complaint.NewMacros(db.Macros(), svc.clock)
	if err != nil {
		return err
	}
	carriers, err := cfg.carrierList()
	if err != nil {
		return err
	}
	if svc.claims, err = carrierclaim.NewService(carrierclaim.Config{Store: db.Claims(), Complaints: svc.complaints,
		Clock: svc.clock, Carriers: carriers, Logger: log.With("component", "carrierclaim"),
		Shares: db.Shares(), Files: svc.complaints, Documents: db.Documents()}); err != nil {
		return err
	}
	figs, err := figures.NewService(figures.Config{Store: db.Figures(), Shops: svc.reg})
	if err != nil {
		return err
	}
	handler, err := kshttp.New(kshttp.Config{
		Registry: svc.reg, Complaints: svc.complaints, Mediation: svc.mediation, Portal: svc.portal,
		Accounts: svc.accounts, Outbox: db.Outbox(), Macros: macros, Figures: figs, NotifySettings: settings, ShopReads: db.ShopReads(), Claims: svc.claims,
		Clock: svc.clock, Logger: log.With("component", "http"),
		Limit: kshttp.RateLimit(cfg.limit), WriteLimit: kshttp.RateLimit(cfg.writeLimit),
		CSRFKey: cfg.csrfKey, InsecureCookies: cfg.insecureCookies, TrustProxy: cfg.trustProxy, Legal: cfg.legal,
		CaseFileKey: &caseKey, PublishedKeys: retiredKeys, Audit: db.Audit(), ADRDirective: cfg.adrDirective,
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", healthz(db, log))
	mux.Handle("GET /metrics", m.handler(log))
	mux.Handle(catchAll, handler)
	srv := &http.Server{
		Handler:           m.instrument(mux, log.With("component", "access")),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	bg := newBackground(log.With("component", "background"))
	relay, err := notify.NewRelay(notify.RelayConfig{
		Source: db.Outbox(), Notifier: countingNotifier{next: notifier, outcome: m.events}, Clock: svc.clock,
		Logger: log.With("component", "relay"), Batch: relayBatch,
	})
	if err != nil {
		return err
	}
	bg.goRelay(relay, relayBatch, notify.DefaultInterval)
	svc.retention = retentionPolicy(cfg.retentionYears, cfg.retentionSettlementYears)
	svc.auditRetention = auditRetention(cfg.retentionAuditYears)
	bg.goTimers(cfg.timers, m, svc.timerJobs(db, cfg.outboxKeep)...)

	store := "SQLite " + cfg.db
	if db.Dialect() == sqlstore.Postgres {
		store = "PostgreSQL" // never the DSN: it may hold a password
	}
	if block := seeded.secrets(); block != "" {
		path := cfg.secretsPath(db.Dialect() == sqlstore.Postgres)
		if err := writeSecrets(path, block, svc.clock.Now()); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "first-start logins written to %s (mode 0600)\n", path)
	}
	printBanner(stdout, base, addr, store, seeded)
	if cfg.insecureCookies && !plainLoopback(cfg.addr, cfg.baseURL) {
		log.Warn("cookies without the Secure flag on a non-loopback address: use only behind plain-http development set-ups")
	}
	log.Info("serving", "addr", addr, "store", db.Dialect(), "mail", cfg.smtp.host != "", "webhooks", cfg.webhooks != "")

	// Start-up is a burst that never comes again (migrations, the demo
	// data, on a first start the portal's shipped articles, the portal
	// index built from every article): its garbage sets the heap goal, and
	// an idle server runs no collection for two minutes and keeps freed
	// pages up to that goal. One collection now returns them; see
	// BenchmarkIdleRSS and docs/adr-multi-node.md.
	debug.FreeOSMemory()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready <- addr
	}
	select {
	case err := <-errc:
		_ = bg.Stop(context.Background())
		return err
	case <-ctx.Done():
	}
	err = shutdown(cfg.shutdown, srv, errc, bg, log)
	handler.Wait() // the mails of requests for links answered before the shutdown
	return err
}

// shutdown stops the server in order, within timeout: no new connections,
// the requests in flight answered (http.Server.Shutdown), then the timers
// and the relay after the run or batch in hand. The caller closes the
// database last.
func shutdown(timeout time.Duration, srv *http.Server, errc <-chan error, bg *background, log *slog.Logger) error {
	log.Info("shutting down: finishing requests in flight")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("requests cut off: %w", err))
		_ = srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		errs = append(errs, err)
	}
	log.Info("shutting down: finishing the relay's batch and the timers")
	if err := bg.Stop(ctx); err != nil {
		errs = append(errs, err)
	}
	log.Info("shut down")
	return errors.Join(errs...)
}

// services are the domain services of one server, wired to one database.
type services struct {
	clock      fairshops.Clock
	reg        *fairshops.Registry
	complaints *complaint.Service
	mediation  *mediation.Service
	portal     *portal.Service
	accounts   *account.Service
	claims     *carrierclaim.Service // the shops' claims against their carriers; nil in some tests
	// accountMail sends invitations and resets once run knows the base
	// URL (accountmail.go).
	accountMail *accountMailer
	// retention is the retention policy the timers apply once a day
	// (retention.go); the zero value is the default policy.
	retention complaint.Retention
	// auditRetention is how long the audit log keeps its entries
	// (-retention-audit-years); the zero value is the default.
	auditRetention audit.Retention
	// audit records the retention's erasures in the operator's audit log
	// (the handler records the operators' own actions).
	audit *audit.Recorder
}

// newServices builds the services on db; links, when not nil, mails the
// consumers their private links (nil: no mail server).
func newServices(ctx context.Context, db *sqlstore.DB, log *slog.Logger, adr *mediation.ADRBody,
	links *notify.LinkMailer, adrDirective bool, bcryptCost int) (*services, error) {
	s := &services{clock: fairshops.SystemClock{}}
	s.audit = audit.NewRecorder(db.Audit(), s.clock)
	var err error
	if s.reg, err = fairshops.NewRegistry(fairshops.RegistryConfig{
		Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: s.clock,
	}); err != nil {
		return nil, err
	}
	if s.complaints, err = complaint.NewService(complaint.Config{
		Store: db.Complaints(), Shops: s.reg, Clock: s.clock, Logger: log.With("component", "complaint"),
		Overviews: db.Overviews(), Links: linkPort(links),
		Files: db.Files(), Cases: complaint.Erasers{mediation.NewEraser(db.Cases(), s.clock),
			carrierclaim.NewEraser(db.Claims(), db.Shares(), s.clock).WithDocuments(db.Documents())},
		ADRDirective: adrDirective, // the consumer may ask for a human review of the pre-check
	}); err != nil {
		return nil, err
	}
	if s.mediation, err = mediation.NewService(mediation.Config{
		Store: db.Cases(), Complaints: mediation.ComplaintsOf(s.complaints), Shops: s.reg,
		Clock: s.clock, Logger: log.With("component", "mediation"), ADR: adr, ADRDirective: adrDirective,
	}); err != nil {
		return nil, err
	}
	// The shipped articles go in when the store holds none (first start).
	if s.portal, err = portal.NewService(ctx, portal.Config{Store: db.Articles(), SeedIfEmpty: true}); err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	s.accountMail = &accountMailer{}
	if s.accounts, err = account.NewService(account.Config{Accounts: db.Accounts(), APIKeys: db.APIKeys(), Sessions: db.Sessions(),
		Tokens: db.Tokens(), Throttles: db.Throttles(), Mailer: s.accountMail, Shops: s.reg, Clock: s.clock,
		BcryptCost: bcryptCost}); err != nil {
		return nil, err
	}
	return s, nil
}

// timerJobs are the periodic jobs: the complaints' and the cases'
// reminders and deadlines, expired sessions, retention, the compaction of
// the dashboard's counters, and (keep > 0) delivered outbox events older
// than keep.
func (s *services) timerJobs(db *sqlstore.DB, keep time.Duration) []job {
	jobs := []job{
		{name: "complaint_deadlines", run: func(ctx context.Context) (slog.Attr, error) {
			r, err := s.complaints.ProcessDue(ctx)
			return slog.Group("did", "reminders", r.Reminders, "missed", r.Missed, "resumed", r.Resumed, "failed", r.Failed), err
		}},
		{name: "mediation_deadlines", run: func(ctx context.Context) (slog.Attr, error) {
			n, err := s.mediation.ProcessDue(ctx)
			return slog.Int("events", n), err
		}},
		{name: "session_pruning", run: func(ctx context.Context) (slog.Attr, error) {
			n, err := s.accounts.PruneSessions(ctx)
			return slog.Int("pruned", n), err
		}},
		{name: "overview_pruning", run: func(ctx context.Context) (slog.Attr, error) {
			n, err := s.complaints.SweepOverviews(ctx)
			return slog.Int("pruned", n), err
		}},
	}
	jobs = append(jobs, s.retentionJob(), job{name: "tally_compaction", run: func(ctx context.Context) (slog.Attr, error) {
		// The dashboard's counters: one row per key again (PostgreSQL).
		n, err := db.CompactTallies(ctx)
		return slog.Int("folded", n), err
	}})
	if s.claims != nil {
		jobs = append(jobs, job{name: "carrier_claim_deadlines", run: func(ctx context.Context) (slog.Attr, error) {
			r, err := s.claims.ProcessDue(ctx)
			return slog.Group("did", "reminders", r.Reminders, "barred", r.Barred, "failed", r.Failed), err
		}})
	}
	if keep > 0 {
		jobs = append(jobs, job{name: "outbox_pruning", run: func(ctx context.Context) (slog.Attr, error) {
			n, err := pruneOutbox(ctx, db, s.clock.Now().Add(-keep))
			return slog.Int("pruned", n), err
		}})
	}
	return jobs
}

// pruneOutbox deletes the events delivered before cutoff in batches of
// pruneBatch (short transactions beside the intake), at most maxPruneBatches
// per run; what is left waits for the next run.
func pruneOutbox(ctx context.Context, db *sqlstore.DB, cutoff time.Time) (int, error) {
	total := 0
	for range maxPruneBatches {
		n, err := db.Outbox().Prune(ctx, cutoff, pruneBatch)
		total += n
		if err != nil || n < pruneBatch {
			return total, err
		}
	}
	return total, nil
}

const (
	pruneBatch      = 500
	maxPruneBatches = 20
)

// newNotifier builds what the relay hands events to: signed webhooks to
// the shops whose settings name a URL and hold a secret (read from the
// store at send time: storeTargets), and mails when a mail server is
// configured; without one, events are only logged (type and ID).
//
// linksMailed says that the complaint service mails the consumers their
// private links itself (newLinkMailer): the receipt of a filing then goes
// out with the link from there, and the relay does not mail it again.
func newNotifier(cfg config, db *sqlstore.DB, reg *fairshops.Registry, hooks *notify.Webhooks,
	settings *shopnotify.Service, base string, log *slog.Logger, linksMailed bool) (notify.Notifier, error) {
	out := notify.Multi{hooks}
	if cfg.smtp.host == "" {
		return append(out, logNotifier{log: log.With("component", "events")}), nil
	}
	sender, err := notify.NewSMTPSender(notify.SMTPConfig{
		Host: cfg.smtp.host, Port: cfg.smtp.port, TLSPolicy: tlsPolicies()[cfg.smtp.tls],
		Username: cfg.smtp.user, Password: cfg.smtp.password,
	})
	if err != nil {
		return nil, err
	}
	templates, err := notify.DefaultTemplates()
	if err != nil {
		return nil, err
	}
	return append(out, &notify.Mailer{
		Sender: sender, From: cfg.smtp.from, Templates: templates,
		Recipients: &recipientSource{complaints: db.Complaints(), shops: reg, contacts: storeTargets{settings},
			operator: cfg.operatorEmail, baseURL: base, linksMailed: linksMailed, adrDirective: cfg.adrDirective},
	}), nil
}

// newLinkMailer returns the mailer of the consumers' private links when a
// mail server is configured, else nil (the filing's page shows the link,
// and requests for links send nothing). BaseURL and ShopName are set once
// the address is known.
func newLinkMailer(cfg config, log *slog.Logger) (*notify.LinkMailer, error) {
	if cfg.smtp.host == "" {
		log.Info("no mail server: private links are shown once and not mailed")
		return nil, nil
	}
	sender, err := notify.NewSMTPSender(notify.SMTPConfig{
		Host: cfg.smtp.host, Port: cfg.smtp.port, TLSPolicy: tlsPolicies()[cfg.smtp.tls],
		Username: cfg.smtp.user, Password: cfg.smtp.password,
	})
	if err != nil {
		return nil, err
	}
	templates, err := notify.DefaultTemplates()
	if err != nil {
		return nil, err
	}
	return &notify.LinkMailer{Sender: sender, From: cfg.smtp.from, Templates: templates, ADRDirective: cfg.adrDirective}, nil
}

// linkPort is links as the complaint service's port: nil stays nil (a nil
// *LinkMailer in the interface would not be nil).
func linkPort(links *notify.LinkMailer) complaint.LinkMailer {
	if links == nil {
		return nil
	}
	return links
}

// healthz answers GET /healthz: 200 when the database answers a read
// within two seconds, else 503. The cause goes to the log, not the answer.
func healthz(db *sqlstore.DB, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		// sqlstore has no Ping: a read of a shop that need not exist
		// takes a pooled connection and a query round trip.
		_, err := db.Shops().Get(ctx, "healthz")
		status, body := http.StatusOK, map[string]string{"status": "ok", "database": "ok"}
		if err != nil && !errors.Is(err, fairshops.ErrNotFound) {
			log.Warn("health check: database does not answer", "err", err)
			status, body = http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unavailable"}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	})
}

// newLogger writes text or JSON logs to w from level on.
func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
