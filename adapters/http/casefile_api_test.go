package http_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops/casefile"
)

// TestAPICaseFile: a party downloads the sealed case file; it verifies
// against the published keys, names a changed part, and carries no secret.
func TestAPICaseFile(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	caseID := w.caseOpen()

	keysRec := w.call(asAnonymous, "GET", "/.well-known/konfliktservice-keys.json", "")
	require.Equal(t, http.StatusOK, keysRec.Code)
	var keys casefile.KeySet
	require.NoError(t, json.Unmarshal(keysRec.Body.Bytes(), &keys))
	require.Len(t, keys.Keys, 2, "the current key and the retired one")
	require.True(t, keys.Keys[0].Current)
	require.Equal(t, "ks-test-1", keys.Keys[1].ID)

	for _, who := range []apiRole{asConsumer, asShopKey, asOperator} {
		rec := w.call(who, "GET", "/api/v1/complaints/"+w.complaintA+"/casefile", "")
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.NotContains(t, rec.Body.String(), w.tokenA)
		f, err := casefile.Decode(rec.Body.Bytes())
		require.NoError(t, err)
		require.Equal(t, w.complaintA, f.Subject)
		require.Equal(t, "ks-test-2", f.KeyID)
		require.Len(t, f.Parts, 2)
		require.Equal(t, "case "+caseID, f.Parts[1].Name)
		require.Empty(t, casefile.Verify(f, keys.Keys), "as %s", who)

		f.Parts[0].Data[10] ^= 1
		problems := casefile.Verify(f, keys.Keys)
		require.NotEmpty(t, problems)
		require.Equal(t, "complaint", problems[0].Part)
	}
	require.Equal(t, http.StatusNotFound, w.call(asOtherShopKey, "GET", "/api/v1/complaints/"+w.complaintA+"/casefile", "").Code)
}
