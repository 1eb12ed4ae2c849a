// Command checkfm checks the Themenportal content with the library's own
// loader and prints every problem with file and line, so that content writers
// can check their files before committing.
//
//	go run ./portal/cmd/checkfm [dir]
//
// dir is the content directory (holding topics.yaml and articles/) or its
// articles/ directory; it defaults to portal/content. The exit status is 1
// when any problem was found.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fairshops/konfliktservice/portal"
)

func main() {
	dir := "portal/content"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	os.Exit(run(os.Stdout, dir))
}

func run(w io.Writer, dir string) int {
	dir = filepath.Clean(dir)
	if filepath.Base(dir) == "articles" {
		if _, err := os.Stat(filepath.Join(dir, "..", "topics.yaml")); err == nil {
			dir = filepath.Dir(dir)
		}
	}
	lib, err := portal.Load(os.DirFS(dir), ".")
	var errs portal.LoadErrors
	switch {
	case errors.As(err, &errs):
		for _, e := range errs {
			fmt.Fprintf(w, "%s\n", filepath.Join(dir, e.Error()))
		}
		fmt.Fprintf(w, "%d problem(s)\n", len(errs))
		return 1
	case err != nil:
		fmt.Fprintln(w, err)
		return 1
	}
	fmt.Fprintf(w, "%d articles, %d topics: no problems\n", len(lib.Articles), len(lib.Topics))
	return 0
}
