package complaint_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// pngBytes returns a small PNG picture.
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// fileEnv is an env whose Service keeps attachments in the memory DB.
func fileEnv(t testing.TB, configure ...func(*complaint.Config)) *env {
	t.Helper()
	var cfg complaint.Config
	e := newEnv(t, "2026-03-02 10:00", append(configure, func(c *complaint.Config) { cfg = *c })...)
	cfg.Files = e.db.Files()
	svc, err := complaint.NewService(cfg)
	require.NoError(t, err)
	e.svc = svc
	return e
}

func fieldCodes(err error) []string {
	var ve *fairshops.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestAttachAccessMatrix(t *testing.T) {
	e := fileEnv(t, func(cfg *complaint.Config) { cfg.ManualForward = true })
	ctx := context.Background()
	c, tok := e.submit(t, "fair-shop", intake())
	_, otherTok := e.submit(t, "fair-shop", intake())
	consumer, shop, op := fairshops.AsConsumer(tok), fairshops.AsShop("fair-shop"), fairshops.AsOperator("Olga")
	pic := pngBytes(t, 40, 30)

	a, err := e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "../../etc/Foto\x00.png"}, bytes.NewReader(pic))
	require.NoError(t, err)
	require.Equal(t, "Foto.png", a.Name)
	require.Equal(t, complaint.ContextComplaint, a.Context)
	require.Equal(t, fairshops.RoleConsumer, a.Owner)
	require.True(t, strings.HasPrefix(a.ID, "f_") && len(a.ID) > 20, a.ID)

	// The name ends in the extension of the type found in the content.
	renamed, err := e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "bild.JPG"}, bytes.NewReader(pic))
	require.NoError(t, err)
	require.Equal(t, "bild.JPG.png", renamed.Name)
	require.NoError(t, e.db.Files().Delete(ctx, renamed.ID))

	// Before forwarding the shop sees nothing and cannot add.
	_, err = e.svc.Attachments(ctx, shop, c.ID)
	kindIs(t, err, fairshops.NotFound)
	_, err = e.svc.Attach(ctx, shop, c.ID, complaint.Upload{Name: "x.png"}, bytes.NewReader(pic))
	kindIs(t, err, fairshops.NotFound)
	_, err = e.svc.Forward(ctx, op, c.ID)
	require.NoError(t, err)

	// After forwarding the shop adds a statement's file for the moderator
	// only (a minute later: files list by creation time).
	e.clock.Advance(time.Minute)
	secret, err := e.svc.Attach(ctx, shop, c.ID, complaint.Upload{Name: "intern.png", Context: "statement:k_1", ModeratorOnly: true}, bytes.NewReader(pic))
	require.NoError(t, err)

	visible := map[string][]string{}
	for name, p := range map[string]fairshops.Principal{
		"consumer": consumer, "shop": shop, "operator": op,
	} {
		list, err := e.svc.Attachments(ctx, p, c.ID)
		require.NoError(t, err, name)
		for _, f := range list {
			visible[name] = append(visible[name], f.Name)
		}
	}
	require.Equal(t, map[string][]string{
		"consumer": {"Foto.png"},
		"shop":     {"Foto.png", "intern.png"},
		"operator": {"Foto.png", "intern.png"},
	}, visible)

	for _, tc := range []struct {
		name   string
		p      fairshops.Principal
		file   string
		opened bool
	}{
		{"consumer own file", consumer, a.ID, true},
		{"consumer moderator-only file of the shop", consumer, secret.ID, false},
		{"other consumer", fairshops.AsConsumer(otherTok), a.ID, false},
		{"shop", shop, a.ID, true},
		{"shop own moderator-only file", shop, secret.ID, true},
		{"other shop", fairshops.AsShop("mod-shop"), a.ID, false},
		{"operator", op, a.ID, true},
		{"operator moderator-only file", op, secret.ID, true},
		{"malformed principal", fairshops.Principal{Role: fairshops.RoleConsumer}, a.ID, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, rc, err := e.svc.OpenAttachment(ctx, tc.p, c.ID, tc.file)
			if !tc.opened {
				require.Error(t, err)
				require.Contains(t, []fairshops.Kind{fairshops.NotFound, fairshops.Forbidden}, fairshops.KindOf(err))
				return
			}
			require.NoError(t, err)
			defer rc.Close()
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			sum := sha256.Sum256(b)
			require.Equal(t, got.SHA256, hex.EncodeToString(sum[:]))
		})
	}
	// A file of another complaint is not found through this one.
	other, _ := e.submit(t, "fair-shop", intake())
	_, err = e.svc.Attachment(ctx, op, other.ID, a.ID)
	kindIs(t, err, fairshops.NotFound)
}

func TestAttachDigestInHistory(t *testing.T) {
	e := fileEnv(t)
	ctx := context.Background()
	c, tok := e.submit(t, "fair-shop", intake())
	consumer := fairshops.AsConsumer(tok)
	a, err := e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "a.png"}, bytes.NewReader(pngBytes(t, 20, 20)))
	require.NoError(t, err)

	got, err := e.svc.Get(ctx, consumer, c.ID)
	require.NoError(t, err)
	last := got.History[len(got.History)-1]
	require.Equal(t, "attachment_added", last.Action)
	require.Equal(t, fairshops.RoleConsumer, last.Actor.Role)
	require.Equal(t, "file "+a.ID+" sha256 "+a.SHA256, last.Detail)
	require.NoError(t, complaint.VerifyHistory(c.ID, got.History))

	// Re-hash the stored bytes: they are what the history vouches for.
	files := e.db.Files()
	rc, err := files.Open(ctx, a.ID)
	require.NoError(t, err)
	stored, err := io.ReadAll(rc)
	require.NoError(t, err)
	sum := sha256.Sum256(stored)
	require.Equal(t, a.SHA256, hex.EncodeToString(sum[:]))
	require.NoError(t, e.svc.VerifyAttachments(ctx, consumer, c.ID))

	// Bytes swapped behind the service's back: the check names the file.
	meta, err := files.Get(ctx, a.ID)
	require.NoError(t, err)
	require.NoError(t, files.Delete(ctx, a.ID))
	require.NoError(t, files.Create(ctx, meta, bytes.NewReader(pngBytes(t, 21, 20))))
	err = e.svc.VerifyAttachments(ctx, fairshops.AsOperator("Olga"), c.ID)
	kindIs(t, err, fairshops.Invalid)
	require.Contains(t, err.Error(), a.ID)

	// A file without its history entry fails too.
	require.NoError(t, files.Create(ctx, &complaint.Attachment{ID: "f_smuggled", ComplaintID: c.ID, SHA256: a.SHA256,
		CreatedAt: meta.CreatedAt}, bytes.NewReader(stored)))
	require.NoError(t, files.Delete(ctx, a.ID))
	require.NoError(t, files.Create(ctx, meta, bytes.NewReader(stored)))
	err = e.svc.VerifyAttachments(ctx, consumer, c.ID)
	kindIs(t, err, fairshops.Invalid)
	require.Contains(t, err.Error(), "f_smuggled")
}

func TestAttachRefused(t *testing.T) {
	ctx := context.Background()
	e := fileEnv(t, func(cfg *complaint.Config) { cfg.MaxFiles, cfg.MaxFileBytes = 2, 4096 })
	c, tok := e.submit(t, "fair-shop", intake())
	consumer := fairshops.AsConsumer(tok)
	pic := pngBytes(t, 8, 8)
	big := pngBytes(t, 400, 400)
	withMsg, err := e.svc.AddMessage(ctx, consumer, c.ID, "Foto folgt")
	require.NoError(t, err)
	msgID := withMsg.Messages[len(withMsg.Messages)-1].ID

	for _, tc := range []struct {
		name    string
		up      complaint.Upload
		content []byte
		want    []string
	}{
		{"empty", complaint.Upload{Name: "a.png"}, nil, []string{"file:file_empty"}},
		{"too large", complaint.Upload{Name: "a.png"}, append(big, make([]byte, 8192)...), []string{"file:file_too_large"}},
		{"html renamed jpg", complaint.Upload{Name: "a.jpg"}, []byte("<!DOCTYPE html><script>alert(1)</script>"), []string{"file:file_type"}},
		{"dangling message", complaint.Upload{Name: "a.png", Context: "message:m_nope"}, pic, []string{"context:dangling"}},
		{"unknown context", complaint.Upload{Name: "a.png", Context: "elsewhere"}, pic, []string{"context:unknown_value"}},
		{"moderator only outside a statement", complaint.Upload{Name: "a.png", ModeratorOnly: true}, pic, []string{"moderator_only:not_allowed"}},
		{"bad statement id", complaint.Upload{Name: "a.png", Context: "statement:<x>"}, pic, []string{"context:invalid_format"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.Attach(ctx, consumer, c.ID, tc.up, bytes.NewReader(tc.content))
			kindIs(t, err, fairshops.Invalid)
			require.Equal(t, tc.want, fieldCodes(err))
		})
	}
	list, err := e.svc.Attachments(ctx, consumer, c.ID)
	require.NoError(t, err)
	require.Empty(t, list, "a refused file left something behind")

	_, err = e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "1.png", Context: "message:" + msgID}, bytes.NewReader(pic))
	require.NoError(t, err)
	_, err = e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "2.png"}, bytes.NewReader(pic))
	require.NoError(t, err)
	_, err = e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "3.png"}, bytes.NewReader(pic))
	require.Equal(t, []string{"file:too_many"}, fieldCodes(err))

	// A final complaint takes no more files.
	c2, tok2 := e.submit(t, "fair-shop", intake())
	_, err = e.svc.Withdraw(ctx, fairshops.AsConsumer(tok2), c2.ID)
	require.NoError(t, err)
	_, err = e.svc.Attach(ctx, fairshops.AsConsumer(tok2), c2.ID, complaint.Upload{Name: "a.png"}, bytes.NewReader(pic))
	kindIs(t, err, fairshops.NotAllowed)

	// Without a file store the service says so.
	plain := newEnv(t, "2026-03-02 10:00")
	c3, tok3 := plain.submit(t, "fair-shop", intake())
	_, err = plain.svc.Attach(ctx, fairshops.AsConsumer(tok3), c3.ID, complaint.Upload{Name: "a.png"}, bytes.NewReader(pic))
	kindIs(t, err, fairshops.NotAllowed)
}

// failingUpdates refuses every Update: the history entry of a file cannot
// be written.
type failingUpdates struct{ complaint.Store }

func (failingUpdates) Update(context.Context, *complaint.Complaint, []fairshops.Event) error {
	return fairshops.E("test", fairshops.Internal, "", "down", nil)
}

func TestAttachUndoneWithoutHistory(t *testing.T) {
	ctx := context.Background()
	e := fileEnv(t)
	c, tok := e.submit(t, "fair-shop", intake())
	broken, err := complaint.NewService(complaint.Config{Store: failingUpdates{e.store}, Shops: nopShops{}, Files: e.db.Files()})
	require.NoError(t, err)
	_, err = broken.Attach(ctx, fairshops.AsConsumer(tok), c.ID, complaint.Upload{Name: "a.png"}, bytes.NewReader(pngBytes(t, 8, 8)))
	require.Error(t, err)
	list, err := e.db.Files().ByComplaint(ctx, c.ID)
	require.NoError(t, err)
	require.Empty(t, list, "the file outlived its refused history entry")
}

type nopShops struct{}

func (nopShops) Shop(context.Context, string) (*fairshops.Shop, error) {
	return nil, fairshops.E("test", fairshops.NotFound, "", "", nil)
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"Foto.jpg":                "Foto.jpg",
		`C:\Users\Erika\Foto.jpg`: "Foto.jpg",
		"../../etc/passwd":        "passwd",
		"a\"b\r\nc.pdf":           "abc.pdf",
		"\u202egpj.exe":           "gpj.exe",
		"":                        "file",
		"...":                     "file",
		strings.Repeat("ä", 300):  strings.Repeat("ä", complaint.MaxFileName),
		"Rechnung <script>.pdf":   "Rechnung script.pdf",
		"invalid\xffutf8.png":     "invalidutf8.png",
	} {
		require.Equal(t, want, complaint.CleanName(in), "%q", in)
	}
}
