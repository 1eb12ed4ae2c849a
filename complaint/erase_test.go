package complaint_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// personal are the personal data of intake(), which no store, event or
// log may keep after an erasure.
var personal = []string{"Erika Mustermann", "erika@example.org", "+49 30 1234567", "A-10023", "nie angekommen",
	"Bitte erstatten Sie", "Frau Mustermann rief an", "beleg.png"}

// erasable files intake() with a message, a note and an attachment.
func erasable(t *testing.T, e *env) (*complaint.Complaint, fairshops.Token) {
	t.Helper()
	ctx := context.Background()
	c, tok := e.submit(t, "fair-shop", intake())
	consumer := fairshops.AsConsumer(tok)
	_, err := e.svc.AddMessage(ctx, consumer, c.ID, "Bitte erstatten Sie den Betrag.")
	require.NoError(t, err)
	_, err = e.svc.AddNote(ctx, fairshops.AsOperator("olga"), c.ID, "Frau Mustermann rief an")
	require.NoError(t, err)
	_, err = e.svc.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "beleg.png"}, bytes.NewReader(pngBytes(t, 20, 20)))
	require.NoError(t, err)
	return c, tok
}

func TestEraseByOperator(t *testing.T) {
	e := fileEnv(t)
	ctx := context.Background()
	op := fairshops.AsOperator("olga")
	c, _ := erasable(t, e)
	before, err := e.svc.Get(ctx, op, c.ID)
	require.NoError(t, err)
	statsBefore, _, err := e.svc.Stats(ctx, op, 12, 10)
	require.NoError(t, err)
	mark := e.mark()

	got, err := e.svc.Erase(ctx, op, c.ID, complaint.ErasureRequested)
	require.NoError(t, err)
	at, ok := got.ErasedAt()
	require.True(t, ok)
	require.True(t, at.Equal(e.clock.Now().UTC()))
	require.Equal(t, []string{complaint.EventErased}, e.events(mark))
	require.Equal(t, "requested", e.last(t, complaint.EventErased).Reason)

	// Tombstones keep the digests of what was erased.
	require.Equal(t, fairshops.Tombstone("Erika Mustermann"), got.Contact.Name)
	require.Equal(t, fairshops.Tombstone(before.Facts.Description), got.Facts.Description)
	require.Equal(t, fairshops.Tombstone(before.Messages[0].Body), got.Messages[0].Body)
	// What the statistics count stays.
	require.Equal(t, before.State, got.State)
	require.Equal(t, before.Facts.Category, got.Facts.Category)
	require.Equal(t, before.Facts.OrderValue, got.Facts.OrderValue)
	require.Equal(t, before.Reference, got.Reference)
	statsAfter, _, err := e.svc.Stats(ctx, op, 12, 10)
	require.NoError(t, err)
	require.Equal(t, statsBefore, statsAfter)

	// The history verifies: the note is a tombstone checked by its place.
	require.NoError(t, complaint.VerifyHistory(c.ID, got.History))
	require.Equal(t, "operator:erased", actions(got)[len(got.History)-1])
	files, err := e.svc.Attachments(ctx, op, c.ID)
	require.NoError(t, err)
	require.Empty(t, files)
	require.NoError(t, e.svc.VerifyAttachments(ctx, op, c.ID))

	// Nothing of the person is left in the store or the outbox.
	stored, err := e.db.Complaints().Get(ctx, c.ID)
	require.NoError(t, err)
	dump := strings.Join([]string{stored.Contact.Name, stored.Contact.Email, stored.Contact.Phone, stored.OrderRef,
		stored.Facts.Description}, " ")
	for _, m := range stored.Messages {
		dump += " " + m.Body
	}
	for _, h := range stored.History {
		dump += " " + h.Detail
	}
	for _, ev := range e.db.Events() {
		dump += " " + string(ev.Data)
	}
	for _, s := range personal {
		require.NotContains(t, dump, s)
	}

	// Idempotent: a second erasure changes nothing and writes nothing.
	mark = e.mark()
	again, err := e.svc.Erase(ctx, op, c.ID, complaint.ErasureRequested)
	require.NoError(t, err)
	require.Equal(t, got.Version, again.Version)
	require.Empty(t, e.events(mark))

	// No new file on an erased complaint.
	_, err = e.svc.Attach(ctx, op, c.ID, complaint.Upload{Name: "x.png"}, bytes.NewReader(pngBytes(t, 20, 20)))
	kindIs(t, err, fairshops.NotAllowed)
}

func TestEraseAccess(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		withdraw bool
		who      func(tok fairshops.Token) fairshops.Principal
		reason   complaint.ErasureReason
		want     fairshops.Kind // 0: allowed
	}{
		{"operator, open complaint", false, func(fairshops.Token) fairshops.Principal { return fairshops.AsOperator("olga") }, complaint.ErasureRequested, 0},
		{"consumer, withdrawn", true, fairshops.AsConsumer, complaint.ErasureRequested, 0},
		{"consumer, open: withdraw first", false, fairshops.AsConsumer, complaint.ErasureRequested, fairshops.NotAllowed},
		{"consumer, wrong token", true, func(fairshops.Token) fairshops.Principal { return fairshops.AsConsumer("wrong") }, complaint.ErasureRequested, fairshops.NotFound},
		{"shop", true, func(fairshops.Token) fairshops.Principal { return fairshops.AsShop("fair-shop") }, complaint.ErasureRequested, fairshops.Forbidden},
		{"system only through the retention", true, func(fairshops.Token) fairshops.Principal { return fairshops.Principal{Role: fairshops.RoleSystem} }, complaint.ErasureRetention, fairshops.Forbidden},
		{"unknown reason", true, func(fairshops.Token) fairshops.Principal { return fairshops.AsOperator("olga") }, "whim", fairshops.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-03-02 10:00")
			c, tok := e.submit(t, "fair-shop", intake())
			if tc.withdraw {
				_, err := e.svc.Withdraw(ctx, fairshops.AsConsumer(tok), c.ID)
				require.NoError(t, err)
			}
			mark := e.mark()
			_, err := e.svc.Erase(ctx, tc.who(tok), c.ID, tc.reason)
			if tc.want == 0 {
				require.NoError(t, err)
				require.Equal(t, []string{complaint.EventErased}, e.events(mark))
				return
			}
			kindIs(t, err, tc.want)
			require.Empty(t, e.events(mark), "a refused erasure writes nothing")
			stored, err := e.db.Complaints().Get(ctx, c.ID)
			require.NoError(t, err)
			require.Equal(t, "Erika Mustermann", stored.Contact.Name)
		})
	}
}

// caseEraser records its calls and fails when told to.
type caseEraser struct {
	calls []string
	err   error
}

func (f *caseEraser) EraseCases(_ context.Context, id string, r complaint.ErasureReason) error {
	f.calls = append(f.calls, id+" "+string(r))
	return f.err
}

func TestEraseCasesFirst(t *testing.T) {
	ctx := context.Background()
	cases := &caseEraser{err: fairshops.E("fake", fairshops.NotAllowed, "k_1", "the mediation case has not ended", nil)}
	e := newEnv(t, "2026-03-02 10:00", func(cfg *complaint.Config) { cfg.Cases = cases })
	c, _ := e.submit(t, "fair-shop", intake())
	op := fairshops.AsOperator("olga")
	_, err := e.svc.Erase(ctx, op, c.ID, complaint.ErasureRequested)
	kindIs(t, err, fairshops.NotAllowed)
	stored, err := e.db.Complaints().Get(ctx, c.ID)
	require.NoError(t, err)
	_, erased := stored.ErasedAt()
	require.False(t, erased, "a case that cannot be erased keeps the complaint")

	cases.err = nil
	_, err = e.svc.Erase(ctx, op, c.ID, complaint.ErasureRequested)
	require.NoError(t, err)
	require.Equal(t, []string{c.ID + " requested", c.ID + " requested"}, cases.calls)
}

func TestRetentionErasureDue(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy complaint.Retention
		ended  string
		due    string // "" for never
	}{
		{"default three years after the year's end", complaint.Retention{}, "2026-03-02", "2030-01-01"},
		{"ended on New Year's Eve", complaint.Retention{}, "2026-12-31", "2030-01-01"},
		{"ended on New Year's Day", complaint.Retention{}, "2027-01-01", "2031-01-01"},
		{"one year", complaint.Retention{PersonalDataYears: 1}, "2026-06-30", "2028-01-01"},
		{"never", complaint.Retention{PersonalDataYears: -1}, "2026-06-30", ""},
		{"not ended", complaint.Retention{}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ended fairshops.Date
			if tc.ended != "" {
				ended = fairshops.MustDate(tc.ended)
			}
			due, ok := tc.policy.ErasureDue(ended)
			if tc.due == "" {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.Equal(t, tc.due, due.String())
		})
	}
	err := complaint.Retention{PersonalDataYears: 300}.Validate()
	kindIs(t, err, fairshops.Invalid)
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve))
	require.Equal(t, "personal_data_years", ve.Fields[0].Field)
}

func TestProcessRetention(t *testing.T) {
	ctx := context.Background()
	e := fileEnv(t)
	closed, tok := erasable(t, e)
	_, err := e.svc.Withdraw(ctx, fairshops.AsConsumer(tok), closed.ID) // ended 2026-03-02
	require.NoError(t, err)
	open, _ := e.submit(t, "fair-shop", intake())

	for _, tc := range []struct {
		now    string
		erased int
	}{
		{"2026-12-31 23:59", 0},
		{"2029-12-31 23:59", 0}, // the last day of the limitation period, Berlin time
		{"2030-01-01 00:00", 1}, // the first day after
		{"2030-01-01 12:00", 0}, // erased once, also by a second run (another node)
	} {
		e.clock.Set(berlin(tc.now))
		rep, err := e.svc.ProcessRetention(ctx, complaint.Retention{})
		require.NoError(t, err, tc.now)
		want := complaint.RetentionReport{Erased: tc.erased}
		if tc.erased > 0 {
			want.IDs = []string{closed.ID}
		}
		require.Equal(t, want, rep, tc.now)
	}
	got, err := e.svc.Get(ctx, fairshops.AsOperator("olga"), closed.ID)
	require.NoError(t, err)
	last := got.History[len(got.History)-1]
	require.Equal(t, fairshops.Actor{Role: fairshops.RoleSystem}, last.Actor)
	require.Equal(t, "reason retention", last.Detail)
	require.NoError(t, complaint.VerifyHistory(got.ID, got.History))
	still, err := e.svc.Get(ctx, fairshops.AsOperator("olga"), open.ID)
	require.NoError(t, err)
	require.Equal(t, "Erika Mustermann", still.Contact.Name, "an open complaint is never erased by age")

	_, err = e.svc.ProcessRetention(ctx, complaint.Retention{PersonalDataYears: 31})
	kindIs(t, err, fairshops.Invalid)
	rep, err := e.svc.ProcessRetention(ctx, complaint.Retention{PersonalDataYears: -1})
	require.NoError(t, err)
	require.Zero(t, rep.Erased)
}
