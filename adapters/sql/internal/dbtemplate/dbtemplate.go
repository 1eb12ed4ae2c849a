// Package dbtemplate gives tests a fresh, migrated SQLite database by
// copying one that was migrated once per test process.
//
// Migrating a new file runs every migration through the pure-Go SQLite
// engine; under the race detector, which instruments that engine too, this
// costs seconds per database (about 60 times the cost without it) and was
// most of the SQL adapter's test time. A copy of a migrated file is the same
// database, byte for byte, so the tests see no difference; the tests of the
// migrations themselves still start from empty files.
package dbtemplate

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// File is one template database, built on first use.
type File struct {
	once sync.Once
	data []byte
	err  error
}

// CopyTo writes the template database to path (a file that must not be
// open). On first use it builds the template: build must create a
// database at the path it is given and close it again, so that the main
// file holds everything (SQLite folds the write-ahead log into it when the
// last connection closes).
func (f *File) CopyTo(path string, build func(path string) error) error {
	f.once.Do(func() { f.data, f.err = buildTemplate(build) })
	if f.err != nil {
		return f.err
	}
	return os.WriteFile(path, f.data, 0o600)
}

func buildTemplate(build func(path string) error) ([]byte, error) {
	dir, err := os.MkdirTemp("", "konflikt-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if err := build(path); err != nil {
		return nil, fmt.Errorf("build template database: %w", err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("template database %s: write-ahead log not folded in on close", path)
	}
	return os.ReadFile(path)
}
