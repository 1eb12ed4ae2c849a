package sqlstore

import (
	"fmt"
	"strconv"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Scanners that read a column the same way from both dialects: PostgreSQL
// hands back time.Time for timestamptz and date; SQLite hands back the text
// the adapter wrote.

// timeCol scans an instant (NULL is the zero time) into *t, in UTC.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	return scanStamp(src, c.t, "time", time.Time.UTC, parseTime)
}

// parseTime reads an instant stored as text (RFC 3339, as the adapter
// writes it), in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("scan time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// dateCol scans a civil date (NULL is the zero date) into *d.
type dateCol struct{ d *fairshops.Date }

func (c dateCol) Scan(src any) error {
	// The date as written, in the value's own location: converting to UTC
	// first could move it to the day before.
	fromTime := func(v time.Time) fairshops.Date { return fairshops.NewDate(v.Date()) }
	return scanStamp(src, c.d, "date", fromTime, parseDate)
}

func parseDate(s string) (fairshops.Date, error) {
	d, err := fairshops.ParseDate(s)
	if err != nil {
		return fairshops.Date{}, fmt.Errorf("scan date: %w", err)
	}
	return d, nil
}

// scanStamp scans a time or date column into *dst: NULL is the zero value,
// a time.Time (PostgreSQL) goes through fromTime, text (SQLite) through
// parse; what names the column's kind in errors.
func scanStamp[T any](src any, dst *T, what string, fromTime func(time.Time) T, parse func(string) (T, error)) error {
	var text string
	switch v := src.(type) {
	case nil:
		var zero T
		*dst = zero
		return nil
	case time.Time:
		*dst = fromTime(v)
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("scan %s: unexpected %T", what, src)
	}
	t, err := parse(text)
	if err != nil {
		return err
	}
	*dst = t
	return nil
}

// nullString scans a text column where NULL means "".
type nullString struct{ s *string }

func (c nullString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("scan text: unexpected %T", src)
	}
	return nil
}

// bytesCol scans a text or JSON column into a fresh byte slice (nil for NULL).
type bytesCol struct{ b *[]byte }

func (c bytesCol) Scan(src any) error {
	if src == nil {
		*c.b = nil
		return nil
	}
	var s string
	if err := (nullString{&s}).Scan(src); err != nil {
		return fmt.Errorf("scan bytes: unexpected %T", src)
	}
	*c.b = []byte(s)
	return nil
}

// decimalCol scans an exact decimal (numeric in PostgreSQL, text in
// SQLite) into its text. A float is refused: it would not be exact.
type decimalCol struct{ s *string }

func (c decimalCol) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	case int64:
		*c.s = strconv.FormatInt(v, 10)
	default:
		return fmt.Errorf("scan decimal: unexpected %T", src)
	}
	return nil
}
