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
// Further logins come by invitation; passwords are changed and reset with
// one-time tokens (Tokens: random, stored as SHA-256 only, used once by a
// conditional write, with an expiry), whose links a Mailer sends:
//
//	inv, err := svc.Invite(ctx, operator, InviteInput{Role: Shop, ShopID: "mein-shop", Login: "kasse", Email: "..."})
//	a, err := svc.AcceptInvitation(ctx, tokenFromTheMail, password)
//	err = svc.RequestReset(ctx, login, lang)               // the same answer for every login
//	a, err = svc.ResetPassword(ctx, tokenFromTheMail, password) // every session ends
//	sess, token, err = svc.ChangePassword(ctx, id, current, next) // every session ends; a fresh one
//
// Failed logins are counted per login name (Throttles), for unknown names
// too; after Throttling.Free failures in a row a login waits, doubling up
// to Throttling.Max (a *ThrottledError). See docs/adr-accounts.md.
//
// An Identity says who the caller is; the HTTP layer turns it into the
// principal of the domain service it calls.
package account
