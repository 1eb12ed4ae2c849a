package sqlstore

import (
	"net/url"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// dialectOfDSN tells a PostgreSQL DSN from a SQLite one: a postgres:// or
// postgresql:// URL, or a key=value connection string with a host= field,
// is PostgreSQL; anything else names a SQLite file.
func dialectOfDSN(dsn string) Dialect {
	lower := strings.ToLower(strings.TrimSpace(dsn))
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		return Postgres
	}
	for _, f := range strings.Fields(lower) {
		if strings.HasPrefix(f, "host=") {
			return Postgres
		}
	}
	return SQLite
}

// sqliteTarget is a SQLite database file and the URI parameters the user
// gave with it; the adapter adds its own per-connection settings.
type sqliteTarget struct {
	path   string     // the file, for checks before opening
	uri    string     // "file:" + the escaped path
	params url.Values // the user's own URI parameters (vfs, ...)
}

// reservedParam reports whether a URI parameter is one the adapter sets
// itself (pragmas, locking, open mode); a user's value would silently
// fight the adapter's, so it is refused. Use the options instead.
func reservedParam(key string) bool {
	return strings.HasPrefix(key, "_") || key == "mode" || key == "cache" || key == "immutable"
}

// parseSQLiteDSN reads a SQLite file path or a file: URI.
func parseSQLiteDSN(dsn string) (sqliteTarget, error) {
	const op = "sqlstore.Open"
	invalid := func(detail string) (sqliteTarget, error) {
		return sqliteTarget{}, fairshops.E(op, fairshops.Invalid, "", detail, nil)
	}
	if strings.TrimSpace(dsn) == "" {
		return invalid("empty dsn: want a SQLite file path or a PostgreSQL DSN")
	}
	if strings.ContainsRune(dsn, 0) {
		return invalid("dsn contains a NUL byte")
	}
	var t sqliteTarget
	if rest, ok := strings.CutPrefix(dsn, "file:"); ok {
		rawPath, rawQuery, _ := strings.Cut(rest, "?")
		rawPath, _, _ = strings.Cut(rawPath, "#")
		if after, ok := strings.CutPrefix(rawPath, "//"); ok {
			// file://authority/path: only an empty authority or localhost is a local file.
			authority, p, _ := strings.Cut(after, "/")
			if authority != "" && authority != "localhost" {
				return invalid("file URI names a remote host")
			}
			rawPath = "/" + p
		}
		p, err := url.PathUnescape(rawPath)
		if err != nil {
			return invalid("file URI has a malformed escape")
		}
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return invalid("file URI has a malformed query")
		}
		for key := range q {
			if reservedParam(key) {
				return invalid("file URI parameter " + key + " is set by the adapter; use the options")
			}
		}
		t.path, t.params = p, q
	} else {
		t.path, t.params = dsn, url.Values{}
	}
	if t.path == "" || t.path == ":memory:" || strings.HasPrefix(t.path, ":memory:") {
		return invalid("in-memory SQLite is not supported (each pooled connection would see its own database); use a file, or the memory adapter")
	}
	if strings.ContainsRune(t.path, 0) {
		return invalid("dsn contains a NUL byte")
	}
	t.uri = "file:" + escapeSQLitePath(t.path)
	if strings.HasPrefix(t.path, "//") {
		// An empty authority, so that the path is not read as a host name.
		t.uri = "file://" + escapeSQLitePath(t.path)
	}
	return t, nil
}

// escapeSQLitePath escapes the characters that end or change the path part
// of a SQLite URI filename.
func escapeSQLitePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(p)
}

// dsn returns the URI with the user's parameters and the given ones.
func (t sqliteTarget) dsn(extra url.Values) string {
	q := url.Values{}
	for k, v := range t.params {
		q[k] = append([]string(nil), v...)
	}
	for k, v := range extra {
		q[k] = append(q[k], v...)
	}
	if len(q) == 0 {
		return t.uri
	}
	return t.uri + "?" + q.Encode()
}
