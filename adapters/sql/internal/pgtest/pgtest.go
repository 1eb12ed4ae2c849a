// Package pgtest finds the PostgreSQL that tests may use and gives each
// test a schema of its own.
//
// Tests read the DSN from FAIRSHOPS_TEST_POSTGRES (a URL or a key=value
// connection string). Without it they skip with a clear message; with
// FAIRSHOPS_REQUIRE_POSTGRES=1 (as CI sets it) a missing or unreachable
// server fails the test instead, so CI cannot pass by skipping.
package pgtest

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/fairshops/konfliktservice/internal/pgschema"
)

// Environment variables read by DSN.
const (
	EnvDSN     = "FAIRSHOPS_TEST_POSTGRES"
	EnvRequire = "FAIRSHOPS_REQUIRE_POSTGRES"
)

// SkipMessage is what a test without PostgreSQL says when it skips.
const SkipMessage = "PostgreSQL tests skipped: set " + EnvDSN + " to a DSN"

// DSN returns the test server's DSN after checking that it answers. It
// skips the test when none is set, and fails it when none is set or the
// server does not answer while FAIRSHOPS_REQUIRE_POSTGRES=1.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := strings.TrimSpace(os.Getenv(EnvDSN))
	required := os.Getenv(EnvRequire) == "1"
	if dsn == "" {
		if required {
			t.Fatalf("%s=1 but %s is not set", EnvRequire, EnvDSN)
		}
		t.Skip(SkipMessage)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		err = db.PingContext(ctx)
		_ = db.Close()
	}
	if err != nil {
		if required {
			t.Fatalf("PostgreSQL at %s does not answer: %v", EnvDSN, err)
		}
		t.Skipf("PostgreSQL tests skipped: the server at %s does not answer: %v", EnvDSN, err)
	}
	return dsn
}

// Schema creates an empty schema for the test and returns a DSN whose
// connections use it (search_path); the schema is dropped when the test
// ends. Skips or fails as DSN does.
func Schema(t testing.TB) string {
	t.Helper()
	dsn := DSN(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("open admin connection: %v", err)
	}
	schemaDSN, drop, err := pgschema.New(context.Background(), admin, dsn, "t_")
	if err != nil {
		_ = admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return schemaDSN
}
