//go:build deps

// Package deps pins the libraries the project has chosen (../shared/DEPENDENCIES.md)
// before every one of them is imported by real code, so that go.mod and go.sum
// hold them for all packages being written in parallel. It is never built.
// Remove an import once a real package uses the library.
package deps

import (
	_ "github.com/blevesearch/snowballstem/english"
	_ "github.com/blevesearch/snowballstem/german"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/shopspring/decimal"
	_ "github.com/stretchr/testify/require"
	_ "github.com/yuin/goldmark"
	_ "golang.org/x/text/language"
	_ "golang.org/x/time/rate"
	_ "gopkg.in/yaml.v3"
)
