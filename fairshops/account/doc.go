// Package account knows who may log in to the Konfliktservice: the operator's
// staff and shops, with passwords for the web UI and API keys for shop
// platforms, and the sessions that logins open.
//
// Consumers have no account: they hold the private token of their own
// complaint (package complaint). Everything secret is stored only as a hash:
// passwords with bcrypt (golang.org/x/crypto/bcrypt), session tokens and API
// keys (256 random bits each, fairshops.Token) with SHA-256, which is enough
// for random secrets of that size. The flow:
//
//	svc.CreateOperator(ctx, "anna", password)        // set-up
//	svc.CreateShopLogin(ctx, "mein-shop", "mein-shop", password)
//	sess, token, err := svc.Login(ctx, login, password)   // web login: token goes into a cookie
//	id, err := svc.Authenticate(ctx, token)               // every request
//	key, secret, err := svc.IssueAPIKey(ctx, "mein-shop", "ERP")
//	id, err = svc.AuthenticateAPIKey(ctx, secret)         // shop platform calls
//
// An Identity says who the caller is; the HTTP layer turns it into the
// principal of the domain service it calls.
package account
