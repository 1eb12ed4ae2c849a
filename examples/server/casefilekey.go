package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/fairshops/konfliktservice/fairshops/casefile"
)

// The case-file signing key lives in a file of its own (mode 0600, beside
// the database by default), made at the first start: its current key's ID
// and seed, and the public halves of the keys it replaced, which stay
// published so that case files sealed before a rotation keep verifying.
// -rotate-casefile-key retires the current key and makes a new one. The
// seed is never logged.
type keyFile struct {
	Current struct {
		ID   string `json:"id"`
		Seed string `json:"seed"` // hex, 32 bytes
	} `json:"current"`
	Retired []casefile.PublicKey `json:"retired"`
}

// loadCaseFileKey reads the key file at path, making it when missing and
// rotating the key when asked; it returns the current key and every retired
// public key, and whether the file was written.
func loadCaseFileKey(path string, rotate bool, now time.Time) (casefile.Key, []casefile.PublicKey, bool, error) {
	var kf keyFile
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		rotate = true
	case err != nil:
		return casefile.Key{}, nil, false, fmt.Errorf("case-file key: %w", err)
	default:
		if err := json.Unmarshal(b, &kf); err != nil {
			return casefile.Key{}, nil, false, fmt.Errorf("case-file key %s: not a key file: %w", path, err)
		}
	}
	if rotate {
		if kf.Current.Seed != "" {
			old, err := keyOf(kf)
			if err != nil {
				return casefile.Key{}, nil, false, fmt.Errorf("case-file key %s: %w", path, err)
			}
			kf.Retired = append(kf.Retired, old.Public())
		}
		seed := make([]byte, 32)
		if _, err := rand.Read(seed); err != nil {
			return casefile.Key{}, nil, false, err
		}
		kf.Current.ID = "ks-" + now.UTC().Format("20060102-150405")
		kf.Current.Seed = hex.EncodeToString(seed)
		out, err := json.MarshalIndent(kf, "", "  ")
		if err != nil {
			return casefile.Key{}, nil, false, err
		}
		if err := os.WriteFile(path, append(out, '\n'), 0o600); err != nil {
			return casefile.Key{}, nil, false, fmt.Errorf("case-file key: %w", err)
		}
	}
	k, err := keyOf(kf)
	if err != nil {
		return casefile.Key{}, nil, false, fmt.Errorf("case-file key %s: %w", path, err)
	}
	return k, kf.Retired, rotate, nil
}

func keyOf(kf keyFile) (casefile.Key, error) {
	seed, err := hex.DecodeString(kf.Current.Seed)
	if err != nil {
		return casefile.Key{}, errors.New("the seed is not hex")
	}
	return casefile.NewKey(kf.Current.ID, seed)
}
