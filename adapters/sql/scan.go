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
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case time.Time:
		*c.t = v.UTC()
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	return nil
}

func (c timeCol) parse(s string) error {
	t, err := parseTime(s)
	if err != nil {
		return err
	}
	*c.t = t
	return nil
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
	switch v := src.(type) {
	case nil:
		*c.d = fairshops.Date{}
	case time.Time:
		// The date as written, in the value's own location: converting to
		// UTC first could move it to the day before.
		*c.d = fairshops.NewDate(v.Date())
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("scan date: unexpected %T", src)
	}
	return nil
}

func (c dateCol) parse(s string) error {
	d, err := fairshops.ParseDate(s)
	if err != nil {
		return fmt.Errorf("scan date: %w", err)
	}
	*c.d = d
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
	switch v := src.(type) {
	case nil:
		*c.b = nil
	case string:
		*c.b = []byte(v)
	case []byte:
		*c.b = append([]byte(nil), v...)
	default:
		return fmt.Errorf("scan bytes: unexpected %T", src)
	}
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
