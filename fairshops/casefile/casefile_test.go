package casefile_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/casefile"
)

var sealedAt = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

func key(t testing.TB, id string, b byte) casefile.Key {
	k, err := casefile.NewKey(id, []byte(strings.Repeat(string(rune('a'+b)), 32)))
	require.NoError(t, err)
	return k
}

// doc is a document with a history of n entries, as a complaint or a case.
func doc(t testing.TB, id string, enc fairshops.EntryEncoding, n int) []byte {
	var h fairshops.History
	for i := range n {
		e := fairshops.Entry{At: sealedAt.Add(time.Duration(i) * time.Hour), Actor: fairshops.Actor{Role: fairshops.RoleConsumer}, Action: "step"}
		if enc == fairshops.EditEntries && i == 1 {
			e.Before, e.After = `{"a":1}`, `{"a":2}`
		}
		h.Append(id, enc, e)
	}
	b, err := json.Marshal(map[string]any{"id": id, "description": "Paket kam nie an.", "history": h})
	require.NoError(t, err)
	return b
}

func sealed(t testing.TB, k casefile.Key) *casefile.File {
	f, err := casefile.Seal(k, "c_1", sealedAt, []casefile.Part{
		{Name: "complaint", Type: casefile.TypeComplaint, Data: doc(t, "c_1", fairshops.PlainEntries, 4)},
		{Name: "case m_1", Type: casefile.TypeCase, Data: doc(t, "m_1", fairshops.EditEntries, 3)},
		{Name: "file a_1", Type: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9}},
	})
	require.NoError(t, err)
	return f
}

func TestSealAndVerify(t *testing.T) {
	k := key(t, "ks-2026-1", 0)
	f := sealed(t, k)
	require.Empty(t, casefile.Verify(f, []casefile.PublicKey{k.Public()}))

	// Through its JSON encoding, as a court receives it.
	b, err := json.Marshal(f)
	require.NoError(t, err)
	back, err := casefile.Decode(b)
	require.NoError(t, err)
	require.Empty(t, casefile.Verify(back, []casefile.PublicKey{k.Public()}))
	sum := sha256.Sum256(back.Parts[2].Data)
	require.Equal(t, hex.EncodeToString(sum[:]), back.Parts[2].SHA256)
}

// TestTamper flips one byte in each part, in the signature and in the
// manifest's fields, and checks that Verify names what was changed.
func TestTamper(t *testing.T) {
	k := key(t, "ks-2026-1", 0)
	keys := []casefile.PublicKey{k.Public()}
	for i, name := range []string{"complaint", "case m_1", "file a_1"} {
		for _, at := range []int{0, 7, -2} {
			f := sealed(t, k)
			data := f.Parts[i].Data
			pos := at
			if pos < 0 {
				pos += len(data)
			}
			data[pos] ^= 0x01
			problems := casefile.Verify(f, keys)
			require.Contains(t, problems, casefile.Problem{Part: name, What: "content changed: its SHA-256 is not the one sealed"}, "byte %d of %s", pos, name)
		}
	}

	// An entry rewritten and the part's digest updated to match: the
	// history names the entry, and the signature no longer holds.
	f := sealed(t, k)
	var d map[string]any
	require.NoError(t, json.Unmarshal(f.Parts[0].Data, &d))
	d["history"].([]any)[2].(map[string]any)["action"] = "other"
	f.Parts[0].Data, _ = json.Marshal(d)
	sum := sha256.Sum256(f.Parts[0].Data)
	f.Parts[0].SHA256 = hex.EncodeToString(sum[:])
	problems := casefile.Verify(f, keys)
	require.Len(t, problems, 2, "%v", problems)
	require.Equal(t, "complaint", problems[0].Part)
	require.Contains(t, problems[0].What, "entry 3")
	require.Contains(t, problems[1].What, "signature does not match")

	for name, change := range map[string]func(f *casefile.File){
		"signature": func(f *casefile.File) { f.Signature[5] ^= 1 },
		"subject":   func(f *casefile.File) { f.Subject = "c_2" },
		"time":      func(f *casefile.File) { f.SealedAt = f.SealedAt.Add(time.Second) },
		"part name": func(f *casefile.File) { f.Parts[1].Name = "case m_2" },
		"part type": func(f *casefile.File) { f.Parts[2].Type = "application/pdf" },
		"dropped":   func(f *casefile.File) { f.Parts = f.Parts[:2] },
	} {
		f := sealed(t, k)
		change(f)
		problems := casefile.Verify(f, keys)
		require.Len(t, problems, 1, name)
		require.Contains(t, problems[0].What, "signature does not match", name)
	}
}

// TestRotation: a file sealed with a retired key verifies while the key is
// published; an unknown key is named.
func TestRotation(t *testing.T) {
	old, current := key(t, "ks-2025-1", 1), key(t, "ks-2026-1", 2)
	f := sealed(t, old)
	published := []casefile.PublicKey{old.Public(), current.Public()}
	published[1].Current = true
	require.Empty(t, casefile.Verify(f, published))
	problems := casefile.Verify(f, []casefile.PublicKey{current.Public()})
	require.Equal(t, []casefile.Problem{{What: `sealed with key "ks-2025-1", which is not among the published keys`}}, problems)
	// A key listed under the right ID but with other bytes.
	forged := old.Public()
	forged.Key = current.Public().Key
	require.NotEmpty(t, casefile.Verify(f, []casefile.PublicKey{forged}))
}

func TestNewKeyRefuses(t *testing.T) {
	_, err := casefile.NewKey("", make([]byte, 32))
	require.Error(t, err)
	_, err = casefile.NewKey("k", make([]byte, 31))
	require.Error(t, err)
	_, err = casefile.Decode([]byte(`{"format": "x", "extra": 1}`))
	require.Error(t, err)
}

// FuzzVerify: a file from outside never panics the verifier.
func FuzzVerify(f *testing.F) {
	k := key(f, "k", 3)
	b, _ := json.Marshal(sealed(f, k))
	f.Add(b)
	f.Add([]byte(`{"format":"konfliktservice.casefile/1","parts":[{"name":"c","type":"application/vnd.konfliktservice.complaint+json","data":"e30="}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := casefile.Decode(b)
		if err != nil {
			return
		}
		_ = casefile.Verify(file, []casefile.PublicKey{k.Public()})
	})
}
