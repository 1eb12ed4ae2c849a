// Command verify checks a sealed case file of the Konfliktservice offline:
// every part's bytes against its SHA-256, every history entry by entry, and
// the Ed25519 signature over the manifest, against the service's published
// keys. It says exactly what was changed, if anything.
//
//	curl -o keys.json https://konflikt.example.org/.well-known/konfliktservice-keys.json
//	go run ./examples/verify -keys keys.json konfliktservice-casefile-c_....json
//
// It exits 0 for an intact file, 1 for a changed one, 2 when it cannot read
// its input.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fairshops/konfliktservice/fairshops/casefile"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("verify", flag.ContinueOnError)
	fl.SetOutput(stderr)
	keysPath := fl.String("keys", "", "`file` of the published keys (/.well-known/konfliktservice-keys.json of the service)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: verify -keys keys.json casefile.json")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *keysPath == "" || fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	keys, err := readKeys(*keysPath)
	if err != nil {
		fmt.Fprintln(stderr, "verify:", err)
		return 2
	}
	b, err := os.ReadFile(fl.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "verify:", err)
		return 2
	}
	f, err := casefile.Decode(b)
	if err != nil {
		fmt.Fprintln(stderr, "verify:", err)
		return 2
	}
	problems := casefile.Verify(f, keys)
	if len(problems) == 0 {
		fmt.Fprintf(stdout, "intact: case file of %s sealed at %s with key %s, %d parts:\n",
			f.Subject, f.SealedAt.Format("2006-01-02 15:04:05 MST"), f.KeyID, len(f.Parts))
		for _, p := range f.Parts {
			fmt.Fprintf(stdout, "  %s (%s, %d bytes, sha256 %s)\n", p.Name, p.Type, len(p.Data), p.SHA256)
		}
		return 0
	}
	fmt.Fprintf(stdout, "CHANGED: case file of %s does not verify:\n", f.Subject)
	for _, p := range problems {
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	return 1
}

func readKeys(path string) ([]casefile.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var set casefile.KeySet
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("%s: not a key list: %w", path, err)
	}
	if len(set.Keys) == 0 {
		return nil, errors.New(path + ": no keys")
	}
	return set.Keys, nil
}
