package http_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// caseSettled returns a case about complaint A both parties settled on the
// first option of its proposal: its obligations are open.
func (w *apiWorld) caseSettled() string {
	w.t.Helper()
	id, pid, opt := w.caseProposed()
	_, err := w.mediation.AcceptProposal(w.ctx, w.consumerPrincipal(), id, pid, opt)
	require.NoError(w.t, err)
	c, err := w.mediation.AcceptProposal(w.ctx, w.shopPrincipal(), id, pid, opt)
	require.NoError(w.t, err)
	require.NotEmpty(w.t, c.Obligations)
	return id
}

// TestAPIConfirmObligation: the consumer's one call confirms receipt; the
// case shows the obligation done; a second call changes nothing; an
// unknown obligation is 404 and the operator 403.
func TestAPIConfirmObligation(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	id := w.caseSettled()
	c := w.must(asConsumer, "GET", "/api/v1/cases/"+id, "", 200)
	obs := c["obligations"].([]any)
	last := obs[len(obs)-1].(map[string]any)
	require.Equal(t, "open", last["state"])
	require.Equal(t, "shop", last["party"])
	path := "/api/v1/cases/" + id + "/obligations/" + last["id"].(string) + "/confirm"

	c = w.must(asConsumer, "POST", path, "", 200)
	got := c["obligations"].([]any)[len(obs)-1].(map[string]any)
	require.Equal(t, "done", got["state"])
	require.NotEmpty(t, got["received_at"])
	version := c["version"]
	c = w.must(asConsumer, "POST", path, "", 200)
	require.Equal(t, version, c["version"], "a second click changes nothing")

	w.must(asConsumer, "POST", "/api/v1/cases/"+id+"/obligations/ob99/confirm", "", 404)
	w.must(asOperator, "POST", path, "", 403)
	w.must(asConsumer, "POST", path, `{"note":"x"}`, 422)
}
