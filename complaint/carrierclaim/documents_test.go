package carrierclaim_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// docPNG is a small picture the evidence cleaner accepts; seed varies it.
func docPNG(t testingT, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(int(seed%8), 1, color.RGBA{R: seed, G: 10, A: 255})
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// withDocuments gives the fixture's service the memory stores of files,
// consents and documents (two documents at most).
func (f *fixture) withDocuments(t testingT) {
	t.Helper()
	var err error
	f.cs, err = complaint.NewService(complaint.Config{Store: f.db.Complaints(), Shops: f.reg, Clock: f.clock, Files: f.db.Files()})
	require.NoError(t, err)
	f.svc, err = carrierclaim.NewService(carrierclaim.Config{Store: f.db.Claims(), Complaints: f.cs, Clock: f.clock,
		Shares: f.db.Shares(), Files: f.cs, Documents: f.db.Documents(), MaxDocuments: 2})
	require.NoError(t, err)
}

func names(list []*complaint.Attachment) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Name)
	}
	return out
}

func TestCarrierDocuments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	f.withDocuments(t)
	consumer := fairshops.AsConsumer(f.token)
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	tok, err := f.svc.Invite(ctx, f.shop, c.ID)
	require.NoError(t, err)

	// The consumer's files: one shared with the carrier, one not; the
	// shop's own file is never the carrier's.
	photo, err := f.cs.Attach(ctx, consumer, f.transit.ID, complaint.Upload{Name: "karton.png"}, bytes.NewReader(docPNG(t, 1)))
	require.NoError(t, err)
	_, err = f.cs.Attach(ctx, consumer, f.transit.ID, complaint.Upload{Name: "privat.png"}, bytes.NewReader(docPNG(t, 2)))
	require.NoError(t, err)
	require.NoError(t, f.svc.SetShared(ctx, consumer, f.transit.ID, photo.ID, true))

	a, err := f.svc.CarrierUpload(ctx, c.ID, tok, "Schadensprotokoll", bytes.NewReader(docPNG(t, 3)))
	require.NoError(t, err)
	require.Equal(t, carrierclaim.RoleCarrier, a.Owner)
	require.Equal(t, carrierclaim.ContextClaim+c.ID, a.Context)
	require.Equal(t, f.transit.ID, a.ComplaintID)
	require.Equal(t, "Schadensprotokoll.png", a.Name, "named by the type found in the content")
	require.True(t, carrierclaim.IsDocument(a))

	// History and event.
	stored, err := f.db.Claims().Get(ctx, c.ID)
	require.NoError(t, err)
	last := stored.History[len(stored.History)-1]
	require.Equal(t, carrierclaim.ActionDocument, last.Action)
	require.Equal(t, carrierclaim.RoleCarrier, last.Actor.Role)
	require.Equal(t, "file "+a.ID+" sha256 "+a.SHA256, last.Detail)
	require.NoError(t, stored.History.Verify("test", c.ID, fairshops.PlainEntries))
	evs := f.db.Events()
	ev := evs[len(evs)-1]
	require.Equal(t, carrierclaim.EventDocument, ev.Type)
	require.Equal(t, "shop", ev.Recipient, "the claim's mails go to the shop")
	require.Contains(t, string(ev.Data), a.ID)

	// The carrier sees the shared file and its own, nothing else.
	files, err := f.svc.CarrierFiles(ctx, c.ID, tok)
	require.NoError(t, err)
	require.Equal(t, []string{"karton.png", "Schadensprotokoll.png"}, names(files))
	_, rc, err := f.svc.CarrierFile(ctx, c.ID, tok, a.ID)
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	require.NoError(t, rc.Close())
	require.NoError(t, err)
	require.Len(t, got, int(a.Size))

	// The shop and the operator see it on the claim; nobody else.
	for _, p := range []fairshops.Principal{f.shop, fairshops.AsOperator("olga")} {
		docs, err := f.svc.Documents(ctx, p, c.ID)
		require.NoError(t, err)
		require.Equal(t, []string{"Schadensprotokoll.png"}, names(docs))
		_, rc, err := f.svc.OpenDocument(ctx, p, c.ID, a.ID)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		_, _, err = f.svc.OpenDocument(ctx, p, c.ID, photo.ID)
		kindOf(t, err, fairshops.NotFound)
	}
	for _, p := range []fairshops.Principal{fairshops.AsShop("other"), consumer} {
		_, err := f.svc.Documents(ctx, p, c.ID)
		kindOf(t, err, fairshops.NotFound)
		_, _, err = f.svc.OpenDocument(ctx, p, c.ID, a.ID)
		kindOf(t, err, fairshops.NotFound)
	}
	// The consumer's view of the complaint's files does not hold it.
	mine, err := f.cs.Attachments(ctx, consumer, f.transit.ID)
	require.NoError(t, err)
	require.NotContains(t, names(mine), a.Name)
	require.False(t, slices.ContainsFunc(mine, carrierclaim.IsDocument))

	// Refused uploads: a wrong token, what the cleaner refuses, the limit.
	_, err = f.svc.CarrierUpload(ctx, c.ID, "guess", "x.png", bytes.NewReader(docPNG(t, 4)))
	kindOf(t, err, fairshops.NotFound)
	_, err = f.svc.CarrierUpload(ctx, c.ID, tok, "x.txt", strings.NewReader("kein Bild"))
	require.Equal(t, []string{"file:file_type"}, fields(t, err))
	_, err = f.svc.CarrierUpload(ctx, c.ID, tok, "leer.png", strings.NewReader(""))
	require.Equal(t, []string{"file:file_empty"}, fields(t, err))
	_, err = f.svc.CarrierUpload(ctx, c.ID, tok, "zwei.png", bytes.NewReader(docPNG(t, 5)))
	require.NoError(t, err)
	_, err = f.svc.CarrierUpload(ctx, c.ID, tok, "drei.png", bytes.NewReader(docPNG(t, 6)))
	require.Equal(t, []string{"file:too_many"}, fields(t, err), "MaxDocuments is 2")

	// A closed claim takes no more documents.
	paid := fairshops.MustMoney("89.90", "EUR")
	_, err = f.svc.CarrierAnswer(ctx, c.ID, tok, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerPay, Amount: &paid})
	require.NoError(t, err)
	_, err = f.svc.CarrierUpload(ctx, c.ID, tok, "spät.png", bytes.NewReader(docPNG(t, 7)))
	kindOf(t, err, fairshops.NotAllowed)

	// The erasure of the complaint deletes the documents with the claim's
	// personal data.
	er := carrierclaim.NewEraser(f.db.Claims(), f.db.Shares(), f.clock).WithDocuments(f.db.Documents())
	require.NoError(t, er.EraseCases(ctx, f.transit.ID, complaint.ErasureRequested))
	left, err := f.db.Documents().ByClaim(ctx, c.ID)
	require.NoError(t, err)
	require.Empty(t, left)
	require.NoError(t, er.EraseCases(ctx, f.transit.ID, complaint.ErasureRequested), "erasing again")
}

// Without a document store the carrier cannot upload, and sees only the
// shared files.
func TestCarrierDocumentsNotConfigured(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	tok, err := f.svc.Invite(ctx, f.shop, c.ID)
	require.NoError(t, err)
	_, err = f.svc.CarrierUpload(ctx, c.ID, tok, "x.png", bytes.NewReader(docPNG(t, 1)))
	kindOf(t, err, fairshops.NotAllowed)
	docs, err := f.svc.Documents(ctx, f.shop, c.ID)
	require.NoError(t, err)
	require.Empty(t, docs)
}

func TestInTimeFigure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	_, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	got, err := f.svc.InTimeFigure(ctx, fairshops.AsOperator("olga"))
	require.NoError(t, err)
	require.Equal(t, carrierclaim.InTime{Transit: 1, InTime: 1}, got)
	for _, p := range []fairshops.Principal{f.shop, fairshops.AsConsumer(f.token)} {
		_, err = f.svc.InTimeFigure(ctx, p)
		kindOf(t, err, fairshops.Forbidden)
	}
}
