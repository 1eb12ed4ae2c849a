package http_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestWebOperatorSendBlocked: while the parties' statement period runs,
// the case page offers no "send" and says until when it runs.
func TestWebOperatorSendBlocked(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	id, tok := e.fileComplaint(t, "demo-shop", "Lieferung fehlt")
	e.shopAnswers(t, "demo-shop", id) // the consumer may ask once the shop has answered
	cs, err := e.mediation.Request(ctx, fairshops.AsConsumer(tok), mediation.RequestInput{ComplaintID: id})
	require.NoError(t, err)
	op := fairshops.Principal{Role: fairshops.RoleOperator, Name: operatorLogin}
	cs, err = e.mediation.AcceptRequest(ctx, op, cs.ID)
	require.NoError(t, err)
	require.Equal(t, mediation.DeadlineStatements, cs.Deadline.Kind)

	b := e.operator(t, "de")
	p := b.get("/operator/cases/" + cs.ID)
	require.Equal(t, http.StatusOK, p.status)
	p.lacks(t, `/send"`)
	p.contains(t, `id="send-blocked"`, "Die Frist für die Stellungnahmen der Parteien läuft bis "+
		fairshops.FormatterFor(fairshops.German).Date(cs.Deadline.Due))

	p = e.operator(t, "en").get("/operator/cases/" + cs.ID)
	p.contains(t, "the parties&#39; statement period runs until")
}
