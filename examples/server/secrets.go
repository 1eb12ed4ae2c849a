package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// First-start secrets (the passwords of the logins a start created, the
// demo API key and the demo complaint's private link) never go to stdout,
// which carries the log stream: a start writes them once to a file only its
// owner can read, and says on stderr where (docs/adr-accounts.md).

// secretsFileName is the secrets file's name when -secrets-file is not set.
const secretsFileName = "konfliktservice-secrets.txt"

// secretsPath is where the secrets of this start go: -secrets-file, else
// beside the SQLite file, else (PostgreSQL) in the working directory.
func (cfg *config) secretsPath(postgres bool) string {
	switch {
	case cfg.secretsFile != "":
		return cfg.secretsFile
	case postgres:
		return secretsFileName
	default:
		return filepath.Join(filepath.Dir(cfg.db), secretsFileName)
	}
}

// secrets returns the lines of what this start created and shows once;
// "" when it created nothing secret.
func (s seeding) secrets() string {
	var b strings.Builder
	row := func(what, v string) { fmt.Fprintf(&b, "%-18s %s\n", what, v) }
	for _, c := range []credential{s.operator, s.shopLogin} {
		if c.login != "" && c.password != "" {
			row(c.role+" login", c.login+"  password: "+c.password)
		}
	}
	if s.apiKey != "" {
		row("API key", s.apiKey+"  (shop "+demoShopID+": Authorization: Bearer <key>)")
	}
	if s.complaintLink != "" {
		row("demo complaint", s.complaintLink+"  (the consumer's private link)")
	}
	return b.String()
}

// writeSecrets appends the block to the file at path, created with mode
// 0600 (an existing file is set to 0600 too), under a heading with the
// time of the start.
func writeSecrets(path, block string, now time.Time) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("secrets file: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return fmt.Errorf("secrets file: %w", err)
	}
	_, err = fmt.Fprintf(f, "# Konfliktservice: created by the start at %s; change the passwords on /account\n%s\n",
		now.UTC().Format(time.RFC3339), block)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("secrets file: %w", err)
	}
	return nil
}
