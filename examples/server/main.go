// Command server runs the Konfliktservice.
//
//	go run ./examples/server                 # http://localhost:8080
//	go run ./examples/server -addr :9000 -demo=false
//
// It wires the domain packages to their adapters and serves the HTTP API
// (adapters/http). With -demo (the default) it seeds a demo shop with
// bookings, so that every endpoint has something to show. It stops
// gracefully on SIGINT or SIGTERM, finishing requests in flight.
//
// Storage: the shop registry is kept in memory for now; the SQL adapters
// (SQLite by default) replace it when they land (see README).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/Berlin on machines without a zone database

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

type config struct {
	addr string
	demo bool
}

// run serves until ctx ends. When ready is not nil it receives the bound
// address once the server listens (for tests).
func run(ctx context.Context, args []string, out io.Writer, ready chan<- string) error {
	fl := flag.NewFlagSet("server", flag.ContinueOnError)
	fl.SetOutput(out)
	var cfg config
	fl.StringVar(&cfg.addr, "addr", envOr("KONFLIKTSERVICE_ADDR", "localhost:8080"), "listen address (env KONFLIKTSERVICE_ADDR)")
	fl.BoolVar(&cfg.demo, "demo", true, "seed a demo shop with bookings")
	if err := fl.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelInfo}))

	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: memory.New(), Catalogue: fairshops.DefaultCatalogue()})
	if err != nil {
		return err
	}
	if cfg.demo {
		if err := seedDemo(ctx, reg); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	handler, err := kshttp.New(kshttp.Config{Registry: reg, Logger: log})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "Konfliktservice listening on %s\n", base)
	fmt.Fprintf(out, "  health:      %s/healthz\n", base)
	fmt.Fprintf(out, "  catalogue:   %s/api/v1/catalogue\n", base)
	if cfg.demo {
		fmt.Fprintf(out, "  demo shop:   %s/api/v1/shops/%s\n", base, demoShopID)
	}
	fmt.Fprintf(out, "  assessments: curl -H 'Content-Type: application/json' -d '{\"fulfilled\":[]}' %s/api/v1/assessments\n", base)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

const demoShopID = "demo-shop"

// seedDemo registers a demo shop that books Streitmoderation in consumer
// mode and meets every MUST criterion.
func seedDemo(ctx context.Context, reg *fairshops.Registry) error {
	var musts []string
	for _, c := range reg.Catalogue().Criteria {
		if c.Kind == fairshops.Must {
			musts = append(musts, c.ID)
		}
	}
	today := reg.Today()
	_, err := reg.Register(ctx, fairshops.Shop{
		ID: demoShopID, Name: "Demo-Shop GmbH", Domain: "demo-shop.example",
		Seal:       fairshops.Seal{Status: fairshops.Licensed, ValidUntil: today.AddYears(1)},
		Fulfilled:  musts,
		Conditions: []string{"Lieferung in 2–4 Werktagen", "30 Tage Rückgaberecht"},
		Bookings: []fairshops.Booking{{
			Module: fairshops.Streitmoderation, From: today.AddMonths(-1), Purpose: fairshops.ExtraTrust,
			MediationMode: fairshops.ConsumerMode,
		}},
	})
	return err
}
