package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/Berlin on machines without a zone database

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// shopID is the platform's one shop in the Konfliktservice.
const shopID = "mein-shop"

// prefix is where the platform mounts the Konfliktservice's API.
const prefix = "/konflikt"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, nil)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

// run serves the platform until ctx ends; ready, when not nil, receives
// the bound address.
func run(ctx context.Context, args []string, stdout io.Writer, ready chan<- string) error {
	fl := flag.NewFlagSet("embed", flag.ContinueOnError)
	fl.SetOutput(stdout)
	addr := fl.String("addr", "localhost:8081", "listen address")
	dsn := fl.String("db", "embed-shop.db", "SQLite file or PostgreSQL DSN of the platform's database")
	if err := fl.Parse(args); err != nil {
		return err
	}
	pool, dialect, err := openPool(*dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	p, apiKey, err := newPlatform(ctx, pool, dialect, slog.New(slog.NewTextHandler(stdout, nil)))
	if err != nil {
		return err
	}
	defer p.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "shop platform on %s\n  complaints: POST %s%s/api/v1/shops/%s/complaints\n", base, base, prefix, shopID)
	if apiKey != "" {
		fmt.Fprintf(stdout, "  the shop's API key (shown once): %s\n", apiKey)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// openPool opens the platform's own pool: PostgreSQL for a postgres:// URL
// or a key=value DSN with host=, else a SQLite file with the settings the
// Konfliktservice needs on every connection (see docs/adr-sql.md): WAL,
// synchronous FULL, a busy timeout, foreign keys, and BEGIN IMMEDIATE.
func openPool(dsn string) (*sql.DB, sqlstore.Dialect, error) {
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") ||
		strings.Contains(lower, "host=") {
		pool, err := sql.Open("pgx", dsn)
		return pool, sqlstore.Postgres, err
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(5000)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	pool, err := sql.Open("sqlite", "file:"+(&url.URL{Path: dsn}).EscapedPath()+"?"+q.Encode())
	return pool, sqlstore.SQLite, err
}

// platform is the shop platform: its pages and the mounted Konfliktservice.
type platform struct {
	pool *sql.DB
	kdb  *sqlstore.DB
	mux  *http.ServeMux
	page *template.Template
}

// newPlatform puts the Konfliktservice on the platform's pool and builds
// the mux. At the first start it registers the shop and issues its API
// key, which it returns (empty on later starts).
func newPlatform(ctx context.Context, pool *sql.DB, dialect sqlstore.Dialect, log *slog.Logger) (*platform, string, error) {
	// The Konfliktservice first: it refuses a SQLite file whose tables it
	// does not know until its own migration record is there.
	kdb, err := sqlstore.New(ctx, pool, dialect)
	if err != nil {
		return nil, "", err
	}
	p := &platform{pool: pool, kdb: kdb, mux: http.NewServeMux(), page: homePage()}
	key, err := p.setUp(ctx, log)
	if err != nil {
		_ = kdb.Close()
		return nil, "", err
	}
	return p, key, nil
}

func (p *platform) setUp(ctx context.Context, log *slog.Logger) (string, error) {
	// The platform's own table and data.
	for _, q := range []string{
		`CREATE TABLE IF NOT EXISTS shop_orders (id TEXT PRIMARY KEY, item TEXT NOT NULL, total TEXT NOT NULL)`,
		`INSERT INTO shop_orders (id, item, total) VALUES ('A-1001', 'Kaffeemühle', '49.90 EUR'),
		 ('A-1002', 'Espressotassen (6 Stück)', '24.00 EUR') ON CONFLICT DO NOTHING`,
	} {
		if _, err := p.pool.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("shop tables: %w", err)
		}
	}

	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: p.kdb.Shops(), Catalogue: fairshops.DefaultCatalogue()})
	if err != nil {
		return "", err
	}
	complaints, err := complaint.NewService(complaint.Config{Store: p.kdb.Complaints(), Shops: reg, Files: p.kdb.Files(),
		Logger: log.With("component", "complaint")})
	if err != nil {
		return "", err
	}
	accounts, err := account.NewService(account.Config{Accounts: p.kdb.Accounts(), APIKeys: p.kdb.APIKeys(), Sessions: p.kdb.Sessions()})
	if err != nil {
		return "", err
	}
	key := ""
	if _, err := reg.Shop(ctx, shopID); errors.Is(err, fairshops.ErrNotFound) {
		if _, err := reg.Register(ctx, fairshops.Shop{ID: shopID, Name: "Mein Shop", Domain: "mein-shop.example",
			Seal: fairshops.Seal{Status: fairshops.Licensed, ValidUntil: reg.Today().AddYears(1)},
			Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: reg.Today(),
				Purpose: fairshops.NeededForStandard}},
		}); err != nil {
			return "", err
		}
		_, secret, err := accounts.IssueAPIKey(ctx, shopID, "back office")
		if err != nil {
			return "", err
		}
		key = secret.Reveal()
	} else if err != nil {
		return "", err
	}

	// Under the platform's prefix: the handler sees its own paths
	// (StripPrefix) and puts the prefix back into what it links to
	// (Config.Prefix: the Location of a filed complaint, the API index).
	// Only its API is mounted: its web UI links root-relative.
	konflikt, err := kshttp.New(kshttp.Config{Registry: reg, Complaints: complaints, Accounts: accounts,
		Logger: log.With("component", "konfliktservice"), Prefix: prefix})
	if err != nil {
		return "", err
	}
	p.mux.HandleFunc("GET /{$}", p.home)
	p.mux.Handle(prefix+"/api/", http.StripPrefix(prefix, konflikt))
	return key, nil
}

// ServeHTTP implements http.Handler.
func (p *platform) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// Close closes the Konfliktservice's side; the pool stays the caller's.
func (p *platform) Close() error { return p.kdb.Close() }

type order struct{ ID, Item, Total string }

// home is the platform's own page: its orders, read from its own table.
func (p *platform) home(w http.ResponseWriter, r *http.Request) {
	rows, err := p.pool.QueryContext(r.Context(), `SELECT id, item, total FROM shop_orders ORDER BY id`)
	if err != nil {
		http.Error(w, "orders unavailable", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var orders []order
	for rows.Next() {
		var o order
		if err := rows.Scan(&o.ID, &o.Item, &o.Total); err != nil {
			http.Error(w, "orders unavailable", http.StatusInternalServerError)
			return
		}
		orders = append(orders, o)
	}
	if rows.Err() != nil {
		http.Error(w, "orders unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = p.page.Execute(w, struct {
		Shop, Prefix string
		Orders       []order
	}{shopID, prefix, orders})
}

func homePage() *template.Template {
	return template.Must(template.New("home").Parse(`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Mein Shop</title></head>
<body><h1>Mein Shop</h1>
<h2>Ihre Bestellungen</h2>
<ul>{{range .Orders}}<li>{{.ID}}: {{.Item}}, {{.Total}}</li>{{end}}</ul>
<p>Ein Problem mit einer Bestellung? Beschwerden nimmt der Konfliktservice des Fair-Shops-Siegels an:
<code>POST {{.Prefix}}/api/v1/shops/{{.Shop}}/complaints</code>.</p>
<p><a href="{{.Prefix}}/api/v1/shops/{{.Shop}}">Unser Fair-Shops-Siegel</a> ·
<a href="{{.Prefix}}/api/v1">Die Schnittstelle</a> ·
<a href="{{.Prefix}}/api/v1/openapi.yaml">ihre Beschreibung</a></p>
</body></html>
`))
}
