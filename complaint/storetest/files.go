package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// RunFiles is the conformance suite for complaint.Files: record and bytes
// round trip (empty, small, several chunks large), duplicate IDs, not
// found, order of ByComplaint, thumbnails, delete with its bytes, copies
// in and out, a failing content reader that leaves nothing behind, and
// canceled contexts. newFiles must return an empty store each call.
func RunFiles(t *testing.T, newFiles func(t *testing.T) complaint.Files) {
	t.Run("RoundTrip", func(t *testing.T) { testFileRoundTrip(t, newFiles(t)) })
	t.Run("ByComplaint", func(t *testing.T) { testFileList(t, newFiles(t)) })
	t.Run("Thumbnail", func(t *testing.T) { testFileThumbnail(t, newFiles(t)) })
	t.Run("Delete", func(t *testing.T) { testFileDelete(t, newFiles(t)) })
	t.Run("FailedRead", func(t *testing.T) { testFileFailedRead(t, newFiles(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testFileCanceled(t, newFiles(t)) })
}

// SampleAttachment returns an attachment record of the complaint for the
// content, its size and digest filled in.
func SampleAttachment(id, complaintID string, content []byte, at time.Time) *complaint.Attachment {
	sum := sha256.Sum256(content)
	return &complaint.Attachment{ID: id, ComplaintID: complaintID, Owner: fairshops.RoleConsumer,
		Context: complaint.ContextComplaint, Name: "Quittung äöü.pdf", Type: "application/pdf",
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Width: 0, Height: 0,
		CreatedAt: at.UTC().Truncate(time.Microsecond)}
}

var fileT0 = time.Date(2026, 12, 1, 9, 30, 15, 123456000, time.UTC)

// pattern returns n bytes that differ from chunk to chunk.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/1000)
	}
	return b
}

func readAll(t *testing.T, f complaint.Files, id string) []byte {
	t.Helper()
	rc, err := f.Open(context.Background(), id)
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return b
}

func testFileRoundTrip(t *testing.T, f complaint.Files) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		size int
	}{{"empty", 0}, {"small", 100}, {"chunk boundary", 256 << 10}, {"several chunks", 3<<20 + 17}} {
		t.Run(tc.name, func(t *testing.T) {
			content := pattern(tc.size)
			a := SampleAttachment("f_"+fmt.Sprint(tc.size), "c_1", content, fileT0)
			a.Owner, a.Context, a.ModeratorOnly, a.Type, a.Width, a.Height = fairshops.RoleShop, "statement:k_1", true, "image/png", 640, 480
			want := *a
			require.NoError(t, f.Create(ctx, a, bytes.NewReader(content)))
			got, err := f.Get(ctx, a.ID)
			require.NoError(t, err)
			require.Empty(t, diff(&want, got))
			require.True(t, bytes.Equal(content, readAll(t, f, a.ID)), "bytes differ")
			err = f.Create(ctx, SampleAttachment(a.ID, "c_2", nil, fileT0), bytes.NewReader(nil))
			kindIs(t, err, fairshops.Conflict)
			require.True(t, bytes.Equal(content, readAll(t, f, a.ID)), "a refused duplicate changed the bytes")
		})
	}
	_, err := f.Get(ctx, "f_none")
	kindIs(t, err, fairshops.NotFound)
	_, err = f.Open(ctx, "f_none")
	kindIs(t, err, fairshops.NotFound)
}

func testFileList(t *testing.T, f complaint.Files) {
	ctx := context.Background()
	list, err := f.ByComplaint(ctx, "c_1")
	require.NoError(t, err)
	require.Empty(t, list)
	// Created out of order: listed by CreatedAt, then ID.
	add := func(id, cid string, at time.Time) {
		require.NoError(t, f.Create(ctx, SampleAttachment(id, cid, []byte(id), at), bytes.NewReader([]byte(id))))
	}
	add("f_c", "c_1", fileT0.Add(time.Minute))
	add("f_b", "c_1", fileT0)
	add("f_a", "c_1", fileT0.Add(time.Minute))
	add("f_x", "c_2", fileT0)
	list, err = f.ByComplaint(ctx, "c_1")
	require.NoError(t, err)
	var ids []string
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	require.Equal(t, []string{"f_b", "f_a", "f_c"}, ids)
	// Copies out: changing a returned record changes nothing stored.
	list[0].Name = "changed"
	again, err := f.Get(ctx, "f_b")
	require.NoError(t, err)
	require.NotEqual(t, "changed", again.Name)
}

func testFileThumbnail(t *testing.T, f complaint.Files) {
	ctx := context.Background()
	require.NoError(t, f.Create(ctx, SampleAttachment("f_1", "c_1", []byte("x"), fileT0), bytes.NewReader([]byte("x"))))
	_, err := f.Thumbnail(ctx, "f_1")
	kindIs(t, err, fairshops.NotFound)
	thumb := []byte{0xff, 0xd8, 0xff, 1, 2, 3}
	require.NoError(t, f.PutThumbnail(ctx, "f_1", thumb))
	thumb[3] = 9 // copied in
	got, err := f.Thumbnail(ctx, "f_1")
	require.NoError(t, err)
	require.Equal(t, []byte{0xff, 0xd8, 0xff, 1, 2, 3}, got)
	kindIs(t, f.PutThumbnail(ctx, "f_none", thumb), fairshops.NotFound)
	_, err = f.Thumbnail(ctx, "f_none")
	kindIs(t, err, fairshops.NotFound)
}

func testFileDelete(t *testing.T, f complaint.Files) {
	ctx := context.Background()
	content := pattern(600 << 10)
	require.NoError(t, f.Create(ctx, SampleAttachment("f_1", "c_1", content, fileT0), bytes.NewReader(content)))
	require.NoError(t, f.Delete(ctx, "f_1"))
	_, err := f.Get(ctx, "f_1")
	kindIs(t, err, fairshops.NotFound)
	_, err = f.Open(ctx, "f_1")
	kindIs(t, err, fairshops.NotFound)
	kindIs(t, f.Delete(ctx, "f_1"), fairshops.NotFound)
	// The ID is free again, and no old chunk shows through.
	require.NoError(t, f.Create(ctx, SampleAttachment("f_1", "c_1", []byte("new"), fileT0), bytes.NewReader([]byte("new"))))
	require.Equal(t, []byte("new"), readAll(t, f, "f_1"))
}

// failingReader gives some bytes, then an error.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("connection reset")
	}
	k := min(len(p), r.n)
	r.n -= k
	return k, nil
}

func testFileFailedRead(t *testing.T, f complaint.Files) {
	ctx := context.Background()
	err := f.Create(ctx, SampleAttachment("f_1", "c_1", nil, fileT0), &failingReader{n: 300 << 10})
	require.Error(t, err)
	_, err = f.Get(ctx, "f_1")
	kindIs(t, err, fairshops.NotFound)
	list, err := f.ByComplaint(ctx, "c_1")
	require.NoError(t, err)
	require.Empty(t, list)
}

func testFileCanceled(t *testing.T, f complaint.Files) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := f.Create(ctx, SampleAttachment("f_1", "c_1", []byte("x"), fileT0), bytes.NewReader([]byte("x")))
	require.Error(t, err)
	require.ErrorIs(t, err, context.Canceled)
	_, err = f.Get(context.Background(), "f_1")
	kindIs(t, err, fairshops.NotFound)
	_, err = f.ByComplaint(ctx, "c_1")
	require.ErrorIs(t, err, context.Canceled)
}
