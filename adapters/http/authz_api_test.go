package http_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// expect is the status every role gets from one endpoint. shop is shop-1
// (by API key and by session cookie with a CSRF token), otherShop shop-2,
// for which complaint A and its case are foreign objects, as complaint A is
// for otherConsumer. noCSRF is shop-1's session cookie without a CSRF
// token: 0 means 403 for unsafe methods and the shop's status otherwise.
// byCookie, when not 0, is shop-1's status by session cookie where it
// differs from the one by API key. carrier, when not 0, is the status of
// the carrier holding the link token of complaint B's carrier claim; else
// that token, a bearer token of no complaint, gets otherConsumer's status
// (docs/adr-carrier-claims.md: every route but the carrier's refuses it).
type expect struct {
	anon, consumer, otherConsumer, shop, otherShop, operator, noCSRF int
	byCookie                                                         int
	carrier                                                          int
}

func (e expect) of(r apiRole, method string) int {
	switch r {
	case asAnonymous:
		return e.anon
	case asConsumer:
		return e.consumer
	case asOtherConsumer:
		return e.otherConsumer
	case asShopCookie:
		if e.byCookie != 0 {
			return e.byCookie
		}
		return e.shop
	case asShopKey:
		return e.shop
	case asOtherShopKey:
		return e.otherShop
	case asOperator:
		return e.operator
	case asCarrier:
		if e.carrier != 0 {
			return e.carrier
		}
		return e.otherConsumer
	}
	if e.noCSRF != 0 {
		return e.noCSRF
	}
	if method != "GET" {
		return 403
	}
	return e.shop
}

// all is an endpoint that answers everyone alike.
func all(status int) expect {
	return expect{anon: status, consumer: status, otherConsumer: status, shop: status, otherShop: status, operator: status, noCSRF: status}
}

// onA is an endpoint on complaint A or its case: strangers get 404.
func onA(consumer, shop, operator int) expect {
	return expect{anon: 404, consumer: consumer, otherConsumer: 404, shop: shop, otherShop: 404, operator: operator}
}

// operatorEndpoint is for the operator alone.
func operatorEndpoint(status int) expect {
	return expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 403, otherShop: 403, operator: status}
}

// authzRow is one endpoint of the matrix. Paths and bodies name objects by
// placeholders: {A} and {B} the complaints, {case} the case about A,
// {proposal} and {option} its proposal, {key} shop-1's API key, {options}
// the options of a generated draft.
type authzRow struct {
	name         string
	opts         apiWorldOptions
	method, path string
	body         string
	setup        func(w *apiWorld, vars map[string]string)
	want         expect
	stateless    bool // a success stores nothing either
	badRequest   bool // the request is malformed by design (openapi_test.go)
}

func authzRows() []authzRow {
	shopMode := apiWorldOptions{mode: fairshops.ShopDiscretion}
	operatorMode := apiWorldOptions{mode: fairshops.OperatorAfterComplaint}
	requested := func(w *apiWorld, v map[string]string) { v["case"] = w.caseRequested() }
	answeredA := func(w *apiWorld, _ map[string]string) { w.shopAnswers(w.complaintA) }
	open := func(w *apiWorld, v map[string]string) { v["case"] = w.caseOpen() }
	complete := func(w *apiWorld, v map[string]string) { v["case"] = w.caseFileComplete() }
	draft := func(w *apiWorld, v map[string]string) { v["case"], v["options"] = w.caseDraft() }
	proposed := func(w *apiWorld, v map[string]string) { v["case"], v["proposal"], v["option"] = w.caseProposed() }
	abusive := apiWorldOptions{facts: apiReturnFacts}
	checked := apiWorldOptions{manualForward: true}
	displeasure := apiWorldOptions{manualForward: true, facts: apiDispleasureFacts}
	deadlineMissed := func(w *apiWorld, _ map[string]string) {
		w.clock.Advance(20 * 24 * time.Hour)
		w.shopSession, w.operatorSession = w.login(apiShopLogin), w.login(apiOperatorLogin)
	}
	forwardedByOperator := func(w *apiWorld, v map[string]string) {
		w.must(asOperator, "POST", "/api/v1/complaints/"+v["A"]+"/forward", "", 200)
	}
	extraArticle := func(w *apiWorld, v map[string]string) {
		_, err := w.portal.Save(w.ctx, newArticle("api-test-article", 0))
		require.NoError(w.t, err)
	}
	consumerFile := func(w *apiWorld, v map[string]string) {
		v["file"] = w.attachPNG(w.consumerPrincipal(), "", false)
	}
	moderatorOnlyFile := func(w *apiWorld, v map[string]string) {
		v["file"] = w.attachPNG(w.shopPrincipal(), "statement:"+w.caseOpen(), true)
	}
	invited := func(w *apiWorld, v map[string]string) {
		inv, tok := w.invite("eingeladen")
		v["invitation"], v["token"] = inv.ID, tok.Reveal()
	}
	resetAsked := func(w *apiWorld, v map[string]string) { v["token"] = w.resetLink("mit-mail").Reveal() }
	transit := apiWorldOptions{facts: apiTransitFacts}
	claimA := func(w *apiWorld, v map[string]string) { v["claimA"] = w.openClaimA() }
	carrierDocB := func(w *apiWorld, v map[string]string) { v["file"] = w.carrierDocB() }
	claimDocA := func(w *apiWorld, v map[string]string) { v["claimA"], v["file"] = w.claimDocA() }
	carrierOnly := func(s int) expect {
		return expect{anon: 404, consumer: 404, otherConsumer: 404, shop: 404, otherShop: 404, operator: 404, carrier: s}
	}
	shopClaim := func(s int) expect {
		return expect{anon: 401, consumer: 403, otherConsumer: 403, shop: s, otherShop: 404, operator: 403}
	}
	directiveWorld := apiWorldOptions{adrDirective: true}
	reviewRequestedA := func(w *apiWorld, _ map[string]string) {
		_, err := w.complaints.RequestReview(w.ctx, w.consumerPrincipal(), w.complaintA, "")
		require.NoError(w.t, err)
	}
	shopOwn := expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 200, otherShop: 403, operator: 200}
	accountOnly := expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 200, otherShop: 200, operator: 200}
	shopOnly := func(s int) expect {
		return expect{anon: 401, consumer: 403, otherConsumer: 403, shop: s, otherShop: s, operator: 403}
	}

	return []authzRow{
		{name: "health", method: "GET", path: "/healthz", want: all(200), stateless: true},
		{name: "case-file keys", method: "GET", path: "/.well-known/konfliktservice-keys.json", want: all(200), stateless: true},
		{name: "api index", method: "GET", path: "/api/v1", want: all(200), stateless: true},
		{name: "api description", method: "GET", path: "/api/v1/openapi.yaml", want: all(200), stateless: true},
		{name: "catalogue", method: "GET", path: "/api/v1/catalogue", want: all(200), stateless: true},
		{name: "assessment", method: "POST", path: "/api/v1/assessments", body: `{"as_of":"2026-11-25"}`, want: all(200), stateless: true},
		{name: "precheck", method: "POST", path: "/api/v1/precheck", body: "{" + apiDeliveryFacts + "}", want: all(200), stateless: true},
		{name: "public shop view", method: "GET", path: "/api/v1/shops/shop-1", want: all(200), stateless: true},
		{name: "file complaint", method: "POST", path: "/api/v1/shops/shop-1/complaints",
			body: "{" + apiDeliveryFacts + "," + apiContact + "}", want: all(201)},

		{name: "resend links", method: "POST", path: "/api/v1/access/resend", body: `{"email":"nobody@example.org"}`,
			want: all(202), stateless: true},
		{name: "list complaints", method: "GET", path: "/api/v1/complaints", want: accountOnly, stateless: true},
		{name: "look up a reference", method: "GET", path: "/api/v1/complaints?reference=KS-2222-2222", want: accountOnly, stateless: true},
		{name: "list another shop's complaints", method: "GET", path: "/api/v1/complaints?shop=shop-2",
			want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 403, otherShop: 200, operator: 200}, stateless: true},
		{name: "read complaint", method: "GET", path: "/api/v1/complaints/{A}", want: onA(200, 200, 200), stateless: true},
		{name: "sealed case file", method: "GET", path: "/api/v1/complaints/{A}/casefile", want: onA(200, 200, 200), stateless: true},
		{name: "export a consumer's data", method: "GET", path: "/api/v1/complaints/{A}/export", want: expect{anon: 404, consumer: 200,
			otherConsumer: 404, shop: 403, otherShop: 403, operator: 200}, stateless: true},
		{name: "add message", method: "POST", path: "/api/v1/complaints/{A}/messages", body: `{"body":"Wo bleibt mein Paket?"}`,
			want: onA(201, 201, 201)},
		{name: "resolve", method: "POST", path: "/api/v1/complaints/{A}/resolve", want: onA(200, 403, 200)},
		{name: "withdraw complaint", method: "POST", path: "/api/v1/complaints/{A}/withdraw", want: onA(200, 403, 403)},
		{name: "erase an open complaint (the consumer withdraws first)", method: "POST", path: "/api/v1/complaints/{A}/erasure",
			want: onA(409, 403, 200)},
		{name: "erase a withdrawn complaint", method: "POST", path: "/api/v1/complaints/{A}/erasure",
			setup: func(w *apiWorld, v map[string]string) {
				w.must(asConsumer, "POST", "/api/v1/complaints/"+v["A"]+"/withdraw", "", 200)
			}, want: onA(200, 403, 200)},
		{name: "escalate", method: "POST", path: "/api/v1/complaints/{A}/escalate", want: onA(200, 403, 200)},
		{name: "forward", opts: checked, method: "POST", path: "/api/v1/complaints/{A}/forward",
			want: expect{anon: 404, consumer: 403, otherConsumer: 404, shop: 404, otherShop: 404, operator: 200}},
		{name: "close after a missed deadline", method: "POST", path: "/api/v1/complaints/{A}/close", setup: deadlineMissed,
			want: onA(200, 403, 200)},
		{name: "confirm displeasure", opts: displeasure, method: "POST", path: "/api/v1/complaints/{A}/confirm",
			setup: forwardedByOperator, want: onA(403, 403, 200)},
		{name: "upload a file", method: "POST", path: "/api/v1/complaints/{A}/attachments", body: uploadMarker,
			want: onA(201, 201, 201)},
		{name: "upload a file before forwarding", opts: checked, method: "POST", path: "/api/v1/complaints/{A}/attachments",
			body: uploadMarker, want: expect{anon: 404, consumer: 201, otherConsumer: 404, shop: 404, otherShop: 404, operator: 201}},
		{name: "list files", method: "GET", path: "/api/v1/complaints/{A}/attachments", setup: consumerFile,
			want: onA(200, 200, 200), stateless: true},
		{name: "download a file", method: "GET", path: "/api/v1/complaints/{A}/attachments/{file}", setup: consumerFile,
			want: onA(200, 200, 200), stateless: true},
		{name: "download a file before forwarding", opts: checked, method: "GET", path: "/api/v1/complaints/{A}/attachments/{file}",
			setup: consumerFile, want: expect{anon: 404, consumer: 200, otherConsumer: 404, shop: 404, otherShop: 404, operator: 200},
			stateless: true},
		{name: "download a file for the moderator only", method: "GET", path: "/api/v1/complaints/{A}/attachments/{file}",
			setup: moderatorOnlyFile, want: onA(404, 200, 200), stateless: true},
		{name: "thumbnail", method: "GET", path: "/api/v1/complaints/{A}/attachments/{file}/thumbnail", setup: consumerFile,
			want: onA(200, 200, 200)},
		{name: "upload a file for a statement", method: "POST", path: "/api/v1/cases/{case}/attachments",
			body: uploadMarker + "moderator_only=true", setup: open, want: onA(201, 201, 422)},
		{name: "re-checks under new rules", method: "GET", path: "/api/v1/rechecks", setup: revisionOneA,
			want: operatorEndpoint(200), stateless: true},
		{name: "record a re-check", method: "POST", path: "/api/v1/complaints/{A}/recheck", body: `{"version":{version},"notify":true}`,
			setup: revisionOneA, want: operatorEndpoint(200)},

		// The human review of the pre-check (review.go): with the ADR
		// Directive's setting, the consumer asks, the operator answers.
		{name: "request a review", opts: directiveWorld, method: "POST", path: "/api/v1/complaints/{A}/review",
			body: `{"reason":"Bitte prüfen Sie die Frist."}`,
			want: expect{anon: 404, consumer: 201, otherConsumer: 404, shop: 403, otherShop: 403, operator: 403}},
		{name: "open reviews", opts: directiveWorld, method: "GET", path: "/api/v1/reviews", setup: reviewRequestedA,
			want: operatorEndpoint(200), stateless: true},
		{name: "answer a review", opts: directiveWorld, method: "POST", path: "/api/v1/complaints/{A}/review/answer",
			body: `{"outcome":"corrected","text":"Die Frist endet später."}`, setup: reviewRequestedA, want: operatorEndpoint(200)},

		{name: "request mediation, mode consumer", method: "POST", path: "/api/v1/complaints/{A}/mediation",
			setup: answeredA, want: onA(201, 409, 409)},
		{name: "request mediation, mode shop_discretion", opts: shopMode, method: "POST", path: "/api/v1/complaints/{A}/mediation",
			setup: answeredA, want: onA(201, 201, 409)},
		{name: "request mediation, mode operator_after_complaint", opts: operatorMode, method: "POST",
			path: "/api/v1/complaints/{A}/mediation", want: onA(409, 409, 201)},
		{name: "list cases", method: "GET", path: "/api/v1/cases", setup: requested, want: accountOnly, stateless: true},
		{name: "read case", method: "GET", path: "/api/v1/cases/{case}", setup: requested, want: onA(200, 200, 200), stateless: true},
		{name: "accept request, mode consumer", method: "POST", path: "/api/v1/cases/{case}/accept", setup: requested,
			want: onA(403, 403, 200)},
		{name: "accept request, mode shop_discretion", opts: shopMode, method: "POST", path: "/api/v1/cases/{case}/accept",
			setup: requested, want: onA(403, 200, 403)},
		{name: "decline request", method: "POST", path: "/api/v1/cases/{case}/decline", body: `{"reason":"out_of_scope"}`,
			setup: requested, want: onA(403, 403, 200)},
		{name: "decline request, mode shop_discretion", opts: shopMode, method: "POST", path: "/api/v1/cases/{case}/decline",
			setup: requested, want: onA(403, 200, 403)},
		{name: "mark abusive", opts: abusive, method: "POST", path: "/api/v1/cases/{case}/abusive", setup: requested,
			want: onA(403, 403, 200)},
		{name: "accept cost", opts: abusive, method: "POST", path: "/api/v1/cases/{case}/cost/accept",
			setup: func(w *apiWorld, v map[string]string) { v["case"] = w.caseAwaitingCost() }, want: onA(200, 403, 403)},
		{name: "decline cost", opts: abusive, method: "POST", path: "/api/v1/cases/{case}/cost/decline",
			setup: func(w *apiWorld, v map[string]string) { v["case"] = w.caseAwaitingCost() }, want: onA(200, 403, 403)},
		{name: "statement", method: "POST", path: "/api/v1/cases/{case}/statements", body: `{"text":"Es kam nichts an."}`,
			setup: open, want: onA(201, 201, 403)},
		{name: "generate draft", method: "POST", path: "/api/v1/cases/{case}/draft", setup: complete, want: onA(403, 403, 200)},
		{name: "edit draft", method: "PUT", path: "/api/v1/cases/{case}/draft", body: `{"options":{options}}`, setup: draft,
			want: onA(403, 403, 200)},
		{name: "send proposal", method: "POST", path: "/api/v1/cases/{case}/send", setup: draft, want: onA(403, 403, 200)},
		{name: "accept proposal", method: "POST", path: "/api/v1/cases/{case}/proposals/{proposal}/accept",
			body: `{"option":"{option}"}`, setup: proposed, want: onA(200, 200, 403)},
		{name: "reject proposal", method: "POST", path: "/api/v1/cases/{case}/proposals/{proposal}/reject",
			body: `{"revision":true}`, setup: proposed, want: onA(200, 200, 403)},
		{name: "ask for a revision", method: "POST", path: "/api/v1/cases/{case}/proposals/{proposal}/revision",
			setup: proposed, want: onA(200, 200, 403)},
		{name: "confirm an obligation", method: "POST", path: "/api/v1/cases/{case}/obligations/ob1/confirm",
			setup: func(w *apiWorld, v map[string]string) { v["case"] = w.caseSettled() }, want: onA(200, 200, 403)},
		{name: "report an obligation not received", method: "POST", path: "/api/v1/cases/{case}/obligations/{obligation}/not-received",
			setup: func(w *apiWorld, v map[string]string) { v["case"], v["obligation"] = w.caseSentAgo() }, want: onA(200, 403, 403)},
		{name: "resolve a disputed obligation", method: "POST", path: "/api/v1/cases/{case}/obligations/{obligation}/resolve",
			body:  `{"outcome":"received"}`,
			setup: func(w *apiWorld, v map[string]string) { v["case"], v["obligation"] = w.caseDisputed() }, want: onA(403, 403, 200)},
		{name: "close a reopened case", method: "POST", path: "/api/v1/cases/{case}/reopened/close",
			setup: func(w *apiWorld, v map[string]string) { v["case"] = w.caseReopened() }, want: onA(403, 403, 200)},
		{name: "list reopened cases", method: "GET", path: "/api/v1/cases?reopened=true",
			setup: func(w *apiWorld, v map[string]string) { v["case"] = w.caseReopened() }, want: accountOnly, stateless: true},
		{name: "withdraw case", method: "POST", path: "/api/v1/cases/{case}/withdraw", setup: open, want: onA(200, 403, 403)},
		{name: "leave case", method: "POST", path: "/api/v1/cases/{case}/leave", setup: open, want: onA(409, 200, 403)},
		{name: "ask a party", method: "POST", path: "/api/v1/cases/{case}/questions", body: `{"to":"shop","text":"Wann?"}`,
			setup: complete, want: onA(403, 403, 201)},
		{name: "answer a question", method: "POST", path: "/api/v1/cases/{case}/questions/answer", body: `{"text":"Gestern."}`,
			setup: func(w *apiWorld, v map[string]string) { v["case"] = w.caseAsked() }, want: onA(200, 200, 403)},

		{name: "carrier reads its claim", method: "GET", path: "/api/v1/carrier/{claimB}",
			want:      expect{anon: 404, consumer: 404, otherConsumer: 404, shop: 404, otherShop: 404, operator: 404, carrier: 200},
			stateless: true},
		{name: "carrier answers", method: "POST", path: "/api/v1/carrier/{claimB}/answer",
			body: `{"kind":"documents","reason":"Bitte Fotos der Verpackung."}`,
			want: expect{anon: 404, consumer: 404, otherConsumer: 404, shop: 404, otherShop: 404, operator: 404, carrier: 200}},
		{name: "carrier lists its files", method: "GET", path: "/api/v1/carrier/{claimB}/files", setup: carrierDocB,
			want: carrierOnly(200), stateless: true},
		{name: "carrier uploads a document", method: "POST", path: "/api/v1/carrier/{claimB}/files", body: uploadMarker,
			want: carrierOnly(201)},
		{name: "carrier downloads its document", method: "GET", path: "/api/v1/carrier/{claimB}/files/{file}",
			setup: carrierDocB, want: carrierOnly(200), stateless: true},
		{name: "list the carrier's documents", opts: transit, method: "GET", path: "/api/v1/carrier-claims/{claimA}/files",
			setup: claimDocA, want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 200, otherShop: 404, operator: 200},
			stateless: true},
		{name: "download a carrier's document", opts: transit, method: "GET", path: "/api/v1/carrier-claims/{claimA}/files/{file}",
			setup: claimDocA, want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 200, otherShop: 404, operator: 200},
			stateless: true},
		{name: "open a carrier claim", opts: transit, method: "POST", path: "/api/v1/complaints/{A}/carrier-claim",
			body: `{"carrier":"DHL","tracking":"JJD000390007","incident":"hidden_damage","on":"2026-11-20"}`,
			want: shopClaim(201)},
		{name: "read a carrier claim", opts: transit, method: "GET", path: "/api/v1/complaints/{A}/carrier-claim",
			setup: claimA, want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 200, otherShop: 404, operator: 200},
			stateless: true},
		{name: "list carrier claims", method: "GET", path: "/api/v1/carrier-claims", want: accountOnly, stateless: true},
		{name: "notify the carrier", opts: transit, method: "POST", path: "/api/v1/carrier-claims/{claimA}/notify",
			setup: claimA, want: shopClaim(200)},
		{name: "record a carrier's answer", opts: transit, method: "POST", path: "/api/v1/carrier-claims/{claimA}/answer",
			body: `{"kind":"refuse","reason":"Schlecht verpackt."}`, setup: claimA, want: shopClaim(200)},
		{name: "invite the carrier", opts: transit, method: "POST", path: "/api/v1/carrier-claims/{claimA}/invite",
			setup: claimA, want: shopClaim(201)},

		{name: "portal topics", method: "GET", path: "/api/v1/portal/topics", want: all(200), stateless: true},
		{name: "portal search", method: "GET", path: "/api/v1/portal/articles?q=Widerruf", want: all(200), stateless: true},
		{name: "portal article", method: "GET", path: "/api/v1/portal/articles/{slug}", want: all(200), stateless: true},
		{name: "create article", method: "PUT", path: "/api/v1/portal/articles/api-test-article",
			body: articleBody(0), want: operatorEndpoint(201)},
		{name: "delete article", method: "DELETE", path: "/api/v1/portal/articles/api-test-article?version=1",
			setup: extraArticle, want: operatorEndpoint(204)},

		{name: "list shops", method: "GET", path: "/api/v1/shops", want: operatorEndpoint(200), stateless: true},
		{name: "register shop", method: "POST", path: "/api/v1/shops",
			body: `{"id":"new-shop","name":"Neu","domain":"neu.example","seal":{"status":"not_licensed"}}`,
			want: operatorEndpoint(201)},
		{name: "book a module", method: "POST", path: "/api/v1/shops/shop-1/bookings",
			body: `{"version":1,"module":"themenportal","from":"2025-01-01","until":"2025-12-31","purpose":"extra_trust"}`,
			want: operatorEndpoint(200)},
		{name: "own assessment", method: "GET", path: "/api/v1/shops/shop-1/assessment", want: shopOwn, stateless: true},
		{name: "private shop data", method: "GET", path: "/api/v1/shops/shop-1/private", want: shopOwn, stateless: true},
		// Figures: anyone else sees the public figures of a shop that
		// opted in; shop-1 did not.
		{name: "service figures", method: "GET", path: "/api/v1/shops/shop-1/figures",
			want: expect{anon: 404, consumer: 404, otherConsumer: 404, shop: 200, otherShop: 404, operator: 200}, stateless: true},
		{name: "report orders", method: "PUT", path: "/api/v1/shops/shop-1/orders/2026-11", body: `{"orders":1200}`,
			want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 204, otherShop: 403, operator: 204}},
		{name: "notification settings", method: "GET", path: "/api/v1/shops/shop-1/notifications", want: shopOwn, stateless: true},
		{name: "set notifications", method: "PUT", path: "/api/v1/shops/shop-1/notifications",
			body: `{"version":0,"email":"service@shop-1.example","webhook_url":"https://shop-1.example/hooks"}`, want: shopOwn},
		{name: "rotate webhook secret", method: "POST", path: "/api/v1/shops/shop-1/notifications/secret", body: `{"version":0}`,
			want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 200, otherShop: 403, operator: 403}},
		{name: "revoke webhook secret", method: "DELETE", path: "/api/v1/shops/shop-1/notifications/secret?version=0", want: shopOwn},

		{name: "log in", method: "POST", path: "/api/v1/session",
			body: `{"login":"` + apiShopLogin + `","password":"` + apiPassword + `"}`, want: all(200), stateless: true},
		{name: "who am I", method: "GET", path: "/api/v1/session", want: accountOnly, stateless: true},
		{name: "log out", method: "DELETE", path: "/api/v1/session",
			want:      expect{anon: 401, consumer: 401, otherConsumer: 401, shop: 401, byCookie: 204, otherShop: 401, operator: 204},
			stateless: true},
		{name: "issue API key", method: "POST", path: "/api/v1/keys", body: `{"label":"Kasse"}`, want: shopOnly(201)},
		{name: "list API keys", method: "GET", path: "/api/v1/keys", want: shopOnly(200), stateless: true},
		{name: "revoke API key", method: "DELETE", path: "/api/v1/keys/{key}",
			want: expect{anon: 401, consumer: 403, otherConsumer: 403, shop: 204, otherShop: 404, operator: 403}},

		{name: "invite", method: "POST", path: "/api/v1/invitations",
			body: `{"role":"shop","shop_id":"shop-1","login":"neu-shop","email":"neu@shop.example"}`, want: operatorEndpoint(201)},
		{name: "list invitations", method: "GET", path: "/api/v1/invitations", setup: invited, want: operatorEndpoint(200), stateless: true},
		{name: "revoke invitation", method: "DELETE", path: "/api/v1/invitations/{invitation}", setup: invited,
			want: operatorEndpoint(204)},
		{name: "list accounts", method: "GET", path: "/api/v1/accounts", want: operatorEndpoint(200), stateless: true},
		{name: "audit log", method: "GET", path: "/api/v1/audit", want: operatorEndpoint(200), stateless: true},
		{name: "verify the audit log", method: "GET", path: "/api/v1/audit/verify", want: operatorEndpoint(200), stateless: true},
		{name: "accept invitation", method: "POST", path: "/api/v1/invitations/accept", setup: invited,
			body: `{"token":"{token}","password":"ein langes Passwort"}`, want: all(201)},
		{name: "ask for a reset link", method: "POST", path: "/api/v1/password-resets", body: `{"login":"` + apiShopLogin + `"}`,
			want: all(202), stateless: true},
		{name: "reset a password", method: "POST", path: "/api/v1/password-resets/confirm", setup: resetAsked,
			body: `{"token":"{token}","password":"ein neues langes Passwort"}`, want: all(204)},
		{name: "change password", method: "PUT", path: "/api/v1/session/password",
			body: `{"current_password":"` + apiPassword + `","password":"ein neues langes Passwort"}`,
			want: expect{anon: 401, consumer: 401, otherConsumer: 401, shop: 401, byCookie: 200, otherShop: 401, operator: 200}},
		{name: "my account", method: "GET", path: "/api/v1/account",
			want:      expect{anon: 401, consumer: 401, otherConsumer: 401, shop: 401, byCookie: 200, otherShop: 401, operator: 200, noCSRF: 200},
			stateless: true},
		{name: "log out everywhere", method: "DELETE", path: "/api/v1/sessions",
			want:      expect{anon: 401, consumer: 401, otherConsumer: 401, shop: 401, byCookie: 204, otherShop: 401, operator: 204},
			stateless: true},
	}
}

// TestAuthorisationMatrix sends every endpoint as every role, on a fresh
// world each time, and checks the status; a refused call must leave the
// stores exactly as they were, and a successful unsafe one must change
// them (unless the endpoint stores nothing).
func TestAuthorisationMatrix(t *testing.T) {
	for _, row := range authzRows() {
		for who := apiRole(0); who < apiNumRoles; who++ {
			want := row.want.of(who, row.method)
			t.Run(row.name+"/"+who.String(), func(t *testing.T) {
				t.Parallel()
				w := newAPIWorld(t, row.options())
				vars := map[string]string{"A": w.complaintA, "B": w.complaintB, "key": w.keyIDShop1, "claimB": w.claimB,
					"slug": "lieferverzug"}
				if row.setup != nil {
					row.setup(w, vars)
				}
				expand := func(s string) string {
					for k, v := range vars {
						s = strings.ReplaceAll(s, "{"+k+"}", v)
					}
					return s
				}
				before := w.snapshot()
				rec := w.call(who, row.method, expand(row.path), expand(row.body))
				require.Equal(t, want, rec.Code, rec.Body.String())
				after := w.snapshot()
				if want >= 400 {
					require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
					require.Equal(t, before, after, "a refused call changes nothing")
					return
				}
				if row.method != "GET" && !row.stateless {
					require.NotEqual(t, before, after, "a successful call is stored")
				}
			})
		}
	}
}

// TestAuthorisationMatrixCoversEveryRoute checks that the matrix sends a
// request to every route of the API the handler registered, so that a new
// route nobody added to the matrix fails here (TestRouteGuards checks its
// guard all the same).
func TestAuthorisationMatrixCoversEveryRoute(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	covered := map[string]bool{}
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	for _, row := range authzRows() {
		path := placeholder.ReplaceAllString(row.path, "x")
		pattern := kshttp.PatternOf(w.h, row.method, path)
		require.NotEmpty(t, pattern, "%s %s is a route", row.method, path)
		covered[pattern] = true
	}
	var missing []string
	for _, rt := range kshttp.RoutesOf(w.h) {
		if name := rt.Method + " " + rt.Pattern; (rt.API || rt.Pattern == "/healthz") && !covered[name] {
			missing = append(missing, name)
		}
	}
	require.Empty(t, missing, "routes without a row in authzRows")
}

// options are the row's world options; a row that edits articles gets a
// portal of its own.
func (row authzRow) options() apiWorldOptions {
	o := row.opts
	o.ownPortal = row.method != "GET" && strings.Contains(row.path, "/portal/")
	return o
}

// newArticle is a valid article for the editing tests.
func newArticle(slug string, version int64) portal.Article {
	return portal.Article{Slug: slug, Topic: "withdrawal", Tags: []string{"withdrawal"},
		Reviewed: fairshops.MustDate("2026-11-01"), Version: version,
		Translations: []portal.Translation{{Lang: fairshops.German, Title: "Testartikel", Summary: "Ein Artikel für Tests.",
			Body: "Ein **kurzer** Text."}}}
}

// articleBody is newArticle as the PUT body.
func articleBody(version int) string {
	return `{"topic":"withdrawal","tags":["withdrawal"],"reviewed":"2026-11-01","version":` + strconv.Itoa(version) +
		`,"translations":{"de":{"title":"Testartikel","summary":"Ein Artikel für Tests.","body":"Ein **kurzer** Text."},` +
		`"en":{"title":"Test article","summary":"An article for tests.","keywords":["test"],"body":"A *short* text."}}}`
}
