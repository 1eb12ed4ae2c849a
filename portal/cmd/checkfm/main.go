// Command checkfm checks the Themenportal content files: it parses every
// article's YAML front matter strictly and prints each problem with file and
// line, so that content writers can check their files before committing.
//
//	go run ./portal/cmd/checkfm [dir]
//
// dir defaults to portal/content/articles. The exit status is 1 when any
// problem was found.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

type frontMatter struct {
	Slug     string   `yaml:"slug"`
	Lang     string   `yaml:"lang"`
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Topic    string   `yaml:"topic"`
	Tags     []string `yaml:"tags"`
	Related  []string `yaml:"related"`
	Keywords []string `yaml:"keywords"`
	Basis    []string `yaml:"basis"`
	Reviewed string   `yaml:"reviewed"`
}

func main() {
	dir := "portal/content/articles"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sort.Strings(files)
	problems := 0
	for _, f := range files {
		for _, p := range check(f) {
			fmt.Println(p)
			problems++
		}
	}
	fmt.Printf("%d files, %d problems\n", len(files), problems)
	if problems > 0 {
		os.Exit(1)
	}
}

func check(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", path, err)}
	}
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return []string{fmt.Sprintf("%s:1: file must start with a --- line", path)}
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		return []string{fmt.Sprintf("%s:1: front matter has no closing --- line", path)}
	}
	// A leading newline makes yaml line numbers equal file line numbers.
	dec := yaml.NewDecoder(bytes.NewReader(append([]byte("\n"), rest[:end+1]...)))
	dec.KnownFields(true)
	var fm frontMatter
	if err := dec.Decode(&fm); err != nil {
		return []string{fmt.Sprintf("%s: %v", path, err)}
	}
	var out []string
	add := func(msg string) { out = append(out, fmt.Sprintf("%s: %s", path, msg)) }
	base := filepath.Base(path)
	parts := strings.Split(strings.TrimSuffix(base, ".md"), ".")
	if len(parts) != 2 || parts[0] != fm.Slug || parts[1] != fm.Lang {
		add("file name must be <slug>.<lang>.md matching the front matter")
	}
	if fm.Title == "" || fm.Summary == "" || fm.Topic == "" || fm.Reviewed == "" || len(fm.Tags) == 0 {
		add("title, summary, topic, tags and reviewed are required")
	}
	if len(bytes.TrimSpace(rest[end+5:])) == 0 {
		add("body is empty")
	}
	return out
}
