// Package pgschema gives a client of a shared PostgreSQL server a schema of
// its own: the adapter's tests and the benchmarks create an empty schema,
// point their DSN at it (search_path), and drop it when they are done, so
// runs side by side never see each other's tables.
package pgschema

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// New creates an empty schema, named prefix and a random suffix, through
// admin (a connection to the server of dsn), and returns dsn pointed at it
// and the function that drops it again.
func New(ctx context.Context, admin *sql.DB, dsn, prefix string) (string, func() error, error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := prefix + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, fmt.Errorf("create schema %s: %w", schema, err)
	}
	drop := func() error {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			return fmt.Errorf("drop schema %s: %w", schema, err)
		}
		return nil
	}
	return WithSearchPath(dsn, schema), drop, nil
}

// WithSearchPath returns dsn (a URL or key=value pairs) with its
// search_path set to schema.
func WithSearchPath(dsn, schema string) string {
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}
