package http_test

import "testing"

// FuzzAcceptInvitationEndpoint attacks the JSON decoder of POST
// /api/v1/invitations/accept (anyone may send it).
func FuzzAcceptInvitationEndpoint(f *testing.F) {
	f.Add([]byte(`{"token":"abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst","password":"ein langes Passwort"}`), "")
	f.Add([]byte(`{"token":"","password":""}`), "en")
	f.Add([]byte(`{"token":["x"],"password":{"a":1},"extra":null}`), "de")
	f.Add([]byte("{\"token\":\"\xff\",\"password\":\"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\"}"), "")
	fuzzEndpoint(f, "/api/v1/invitations/accept")
}

// FuzzPasswordResetEndpoints attacks POST /api/v1/password-resets (anyone
// may send it; the answer is the same for every login).
func FuzzPasswordResetEndpoints(f *testing.F) {
	f.Add([]byte(`{"login":"shop1-web","lang":"en"}`), "")
	f.Add([]byte(`{"login":"`+"x\u202e"+`","lang":"xx"}`), "de")
	f.Add([]byte(`{"login":1}`), "")
	fuzzEndpoint(f, "/api/v1/password-resets")
}

// FuzzConfirmResetEndpoint attacks POST /api/v1/password-resets/confirm.
func FuzzConfirmResetEndpoint(f *testing.F) {
	f.Add([]byte(`{"token":"abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst","password":"ein langes Passwort"}`), "")
	f.Add([]byte(`{"token":"x","password":"`+string(make([]byte, 80))+`"}`), "en")
	fuzzEndpoint(f, "/api/v1/password-resets/confirm")
}
