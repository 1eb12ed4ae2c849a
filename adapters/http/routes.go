package http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/mediation"
)

// The route table: every route of the JSON API and the web UI, grouped by
// who may call it. The access rule of a group is applied at registration
// (guard.go wraps each handler), so a handler never checks who calls it:
// it finds the caller in its request (callerOf). Checks about one object
// (this shop's complaint, this consumer's case) stay with the services.
//
// A new route goes into the group of the callers it is for; a group's
// condition switches off the routes of a service that is not configured
// (they answer 404). The tests walk the registered table (Handler.table):
// every route must have an access rule, its rule must be at least as
// strict as its area demands, and every unsafe web route must refuse a
// post without a CSRF token.

// routes returns the table of every route this handler serves.
func (h *Handler) routes() []group {
	complaints, cases := h.complaints != nil, h.complaints != nil && h.mediation != nil
	listQuery := []string{"state", "shop", "after", "limit"}
	return []group{
		// Ops: the health probe and the static files read nothing of the
		// request, neither a credential nor a language.
		{access: ops, when: true, routes: []route{
			r("GET /healthz", h.healthz),
			r("GET /static/{name}", h.static),
		}},

		// JSON API: anyone (the lang parameter is checked, credentials
		// are not read).
		{access: anyone, when: true, routes: []route{
			r("GET /api/v1", h.apiIndex),
			r("GET /api/v1/openapi.yaml", h.apiDescription),
			r("GET /api/v1/catalogue", h.catalogue),
			r("POST /api/v1/assessments", h.assess),
			r("GET /api/v1/shops/{shop}", h.shop),
			r("POST /api/v1/precheck", h.precheck),
		}},
		{access: anyone, when: complaints, routes: []route{
			r("POST /api/v1/shops/{shop}/complaints", h.fileComplaint),
			r("POST /api/v1/access/resend", h.apiResend),
		}},
		{access: anyone, when: h.portal != nil, routes: []route{
			r("GET /api/v1/portal/topics", h.apiTopics),
			r("GET /api/v1/portal/articles", h.apiSearchArticles).query("q", "tag", "topic", "offset", "limit"),
			r("GET /api/v1/portal/articles/{slug}", h.apiGetArticle),
		}},
		{access: anyone, when: h.accounts != nil, routes: []route{
			r("POST /api/v1/session", h.apiLogin),
			// The links of invitation and reset mails (api_accounts.go).
			r("POST /api/v1/invitations/accept", h.apiAcceptInvitation),
			r("POST /api/v1/password-resets", h.apiRequestReset),
			r("POST /api/v1/password-resets/confirm", h.apiConfirmReset),
		}},
		{access: ops, when: h.caseKey != nil, routes: []route{
			// The keys that verify case files: public, read nothing.
			r("GET /.well-known/konfliktservice-keys.json", h.wellKnownKeys),
		}},

		// JSON API: anyone; the shop itself and the operator get the full
		// figures, anyone else the public ones of a shop that opted in
		// (web_figures.go reads the credentials, when sent).
		{access: anyone, when: h.figures != nil, routes: []route{
			r("GET /api/v1/shops/{shop}/figures", h.apiFigures),
		}},

		// JSON API: a party to a complaint or case (the consumer with its
		// token, a shop, the operator); the services answer 404 for a
		// complaint or case the caller is no party to.
		{access: party, when: complaints, routes: []route{
			r("GET /api/v1/complaints/{id}", h.getComplaint),
			r("GET /api/v1/complaints/{id}/export", h.apiExport),
			r("POST /api/v1/complaints/{id}/messages", h.apiAddMessage),
			r("POST /api/v1/complaints/{id}/resolve", h.apiMoveComplaint((*complaint.Service).Resolve)),
			r("POST /api/v1/complaints/{id}/withdraw", h.apiMoveComplaint((*complaint.Service).Withdraw)),
			r("POST /api/v1/complaints/{id}/escalate", h.apiMoveComplaint((*complaint.Service).Escalate)),
			r("POST /api/v1/complaints/{id}/forward", h.apiMoveComplaint((*complaint.Service).Forward)),
			r("POST /api/v1/complaints/{id}/close", h.apiMoveComplaint((*complaint.Service).CloseDeadlineMissed)),
			r("POST /api/v1/complaints/{id}/confirm", h.apiMoveComplaint((*complaint.Service).ConfirmDispleasure)),
			r("POST /api/v1/complaints/{id}/erasure", h.apiErase), // erasure.go
			r("POST /api/v1/complaints/{id}/attachments", h.apiUpload),
			r("GET /api/v1/complaints/{id}/attachments", h.apiListAttachments),
			r("GET /api/v1/complaints/{id}/attachments/{file}", h.apiDownload),
			r("GET /api/v1/complaints/{id}/attachments/{file}/thumbnail", h.apiThumbnail),
		}},
		// The consumer's request for a human review of the pre-check
		// (review.go); the service refuses everyone but the consumer.
		// The review routes answer 404 without Config.ADRDirective.
		{access: party, when: complaints, routes: []route{
			r("POST /api/v1/complaints/{id}/review", h.apiRequestReview),
		}},
		{access: party, when: h.mediation != nil, routes: h.apiCaseRoutes()},
		{access: party, when: complaints && h.caseKey != nil, routes: []route{
			r("GET /api/v1/complaints/{id}/casefile", h.apiCaseFile),
		}},
		{access: party, when: cases, routes: []route{
			r("POST /api/v1/cases/{id}/attachments", h.apiCaseUpload),
		}},

		// JSON API: the carrier's claims desk with the token of its private
		// link, sent as a bearer token (api_carrier.go); the service answers
		// 404 to everyone else.
		{access: party, when: complaints && h.claims != nil, routes: []route{
			r("GET /api/v1/carrier/{claim}", h.apiCarrierClaim),
			r("POST /api/v1/carrier/{claim}/answer", h.apiCarrierAnswer),
			r("GET /api/v1/carrier/{claim}/files", h.apiCarrierFiles), // api_carrier_docs.go
			r("POST /api/v1/carrier/{claim}/files", h.apiCarrierUpload),
			r("GET /api/v1/carrier/{claim}/files/{file}", h.apiCarrierDownload),
		}},
		// JSON API: the shop's claim against its carrier; the operator reads.
		{access: shopOrOperator, when: complaints && h.claims != nil, routes: []route{
			r("GET /api/v1/complaints/{id}/carrier-claim", h.apiGetClaim),
			r("GET /api/v1/carrier-claims", h.apiListClaims).query("after", "limit"),
			r("GET /api/v1/carrier-claims/{claim}/files", h.apiClaimDocs), // api_carrier_docs.go
			r("GET /api/v1/carrier-claims/{claim}/files/{file}", h.apiClaimDoc),
		}},
		{access: shopOnly, when: complaints && h.claims != nil, routes: []route{
			r("POST /api/v1/complaints/{id}/carrier-claim", h.apiOpenClaim),
			r("POST /api/v1/carrier-claims/{claim}/notify", h.apiNotifyClaim),
			r("POST /api/v1/carrier-claims/{claim}/answer", h.apiAnswerClaim),
			r("POST /api/v1/carrier-claims/{claim}/invite", h.apiInviteCarrier),
		}},

		// JSON API: a shop or the operator, logged in.
		{access: shopOrOperator, when: complaints, routes: []route{
			r("GET /api/v1/complaints", h.apiListComplaints).query(append(listQuery, "reference")...),
		}},
		{access: shopOrOperator, when: h.mediation != nil, routes: []route{
			r("GET /api/v1/cases", h.apiListCases).query(append(listQuery, "reopened")...),
		}},
		{access: shopOrOperator, when: h.accounts != nil, routes: []route{
			r("GET /api/v1/session", h.apiSession),
		}},
		// The shop {shop} itself, or the operator.
		{access: ownShopOrOperator, when: true, routes: []route{
			r("GET /api/v1/shops/{shop}/private", h.apiPrivateShop),
			r("GET /api/v1/shops/{shop}/assessment", h.apiShopAssessment).query("as_of"),
		}},
		{access: ownShopOrOperator, when: h.figures != nil, routes: []route{
			r("PUT /api/v1/shops/{shop}/orders/{month}", h.apiSetOrders),
		}},
		{access: ownShopOrOperator, when: h.notifySettings != nil, routes: []route{ // api_shop_notify.go
			r("GET /api/v1/shops/{shop}/notifications", h.apiGetNotify),
			r("PUT /api/v1/shops/{shop}/notifications", h.apiSetNotify),
			r("POST /api/v1/shops/{shop}/notifications/secret", h.apiRotateSecret),
			r("DELETE /api/v1/shops/{shop}/notifications/secret", h.apiResetSecret).query("version"),
		}},
		// Whoever holds a login session cookie.
		{access: session, when: h.accounts != nil, routes: []route{
			r("DELETE /api/v1/session", h.apiLogout),
			r("PUT /api/v1/session/password", h.apiChangePassword),
			r("GET /api/v1/account", h.apiAccount),
			r("DELETE /api/v1/sessions", h.apiLogoutEverywhere),
		}},

		// JSON API: a shop.
		{access: shopOnly, when: h.accounts != nil, routes: []route{
			r("POST /api/v1/keys", h.apiIssueKey),
			r("GET /api/v1/keys", h.apiListKeys),
			r("DELETE /api/v1/keys/{id}", h.apiRevokeKey),
		}},

		// JSON API: the operator.
		{access: operatorOnly, when: true, routes: []route{
			r("GET /api/v1/shops", h.apiListShops).query("after", "limit"),
			r("POST /api/v1/shops", h.apiRegisterShop),
			r("POST /api/v1/shops/{shop}/bookings", h.apiAddBooking),
		}},
		{access: operatorOnly, when: h.accounts != nil, routes: []route{
			r("GET /api/v1/accounts", h.apiListAccounts).query("after", "limit"),
			r("GET /api/v1/invitations", h.apiListInvitations),
			r("POST /api/v1/invitations", h.apiInvite),
			r("DELETE /api/v1/invitations/{id}", h.apiRevokeInvitation),
		}},
		{access: operatorOnly, when: complaints, routes: []route{
			r("GET /api/v1/rechecks", h.apiListRechecks).query("after", "limit"),
			r("POST /api/v1/complaints/{id}/recheck", h.apiRecheckComplaint),
		}},
		{access: operatorOnly, when: complaints, routes: []route{ // review.go
			r("GET /api/v1/reviews", h.apiListReviews).query("limit"),
			r("POST /api/v1/complaints/{id}/review/answer", h.apiAnswerReview),
		}},
		{access: operatorOnly, when: h.audit != nil, routes: []route{ // web_operator_audit.go
			r("GET /api/v1/audit", h.apiAudit).query(audit.FilterParams()...),
			r("GET /api/v1/audit/verify", h.apiAuditVerify),
		}},
		{access: operatorOnly, when: h.portal != nil, routes: []route{
			r("PUT /api/v1/portal/articles/{slug}", h.apiPutArticle),
			r("DELETE /api/v1/portal/articles/{slug}", h.apiDeleteArticle).query("version"),
		}},

		// Web: anyone. The public pages, the language switch, the logins
		// (web_public.go, web_login.go); posts carry a CSRF token. The
		// filing's confirmation shows the private link once to whoever
		// holds the flash cookie the filing set, and sends anyone else to
		// the complaint's page.
		{access: anyone, when: true, routes: []route{
			r("GET /lang/{lang}", h.langSwitch),
			r("GET /{$}", h.landing),
			r("GET /shops", h.findShop),
			r("GET /shops/{shop}", h.shopPage),
			r("GET /login", h.loginPage),
			r("POST /login", h.login),
			r("POST /logout", h.logout),
		}},
		// The links of invitation and reset mails, and the request of a
		// reset link (web_accounts.go).
		{access: anyone, when: h.accounts != nil, routes: []route{
			r("GET /invite/{token}", h.invitePage),
			r("POST /invite/{token}", h.acceptInvite),
			r("GET /reset", h.resetRequestPage),
			r("POST /reset", h.requestReset),
			r("GET /reset/{token}", h.resetPage),
			r("POST /reset/{token}", h.resetPassword),
		}},
		{access: anyone, when: complaints, routes: []route{
			r("GET /shops/{shop}/complaint", h.complaintForm),
			r("POST /shops/{shop}/complaint", h.fileComplaintForm).withFiles(),
			r("GET /c/{id}/filed", h.filedPage),
			// A consumer's way back to lost links (access.go): the
			// answer never tells whether an address is known; the
			// overview is bound to its mailed token.
			r("GET /access/resend", h.resendPage),
			r("POST /access/resend", h.resend),
			r("GET /access/overview", h.overviewPage),
			r("POST /access/open", h.openFromOverview),
		}},
		{access: anyone, when: h.figures != nil, routes: []route{
			r("GET /shops/{shop}/figures", h.publicFigures),
		}},
		{access: anyone, when: h.portal != nil, routes: []route{
			r("GET /portal", h.portalSearch),
			r("GET /portal/{slug}", h.portalArticle),
		}},

		// Web: the consumer with the complaint's token (the cookie of
		// /c/{id}, set from the private link ?t=): web_consumer.go.
		{access: consumer, when: complaints, routes: []route{
			r("GET /c/{id}", h.consumerPage),
			r("GET /c/{id}/export", h.consumerExport),
			r("POST /c/{id}/messages", h.consumerAction(h.consumerMessage, "message")),
			r("GET /c/{id}/withdraw", h.consumerConfirm("withdraw")),
			r("POST /c/{id}/withdraw", h.consumerAction(h.consumerWithdraw, "withdrawn")),
			r("GET /c/{id}/resolve", h.consumerConfirm("resolve")),
			r("POST /c/{id}/resolve", h.consumerAction(h.consumerResolve, "resolved")),
			r("POST /c/{id}/close", h.consumerAction(h.consumerClose, "closed")),
			r("GET /c/{id}/erase", h.consumerConfirm("erase")),
			r("POST /c/{id}/erase", h.consumerAction(h.consumerErase, "erased")),
			r("POST /c/{id}/files", h.consumerAction(h.consumerUpload, "files")).withFiles(),
			r("GET /c/{id}/files/{file}", h.consumerDownload(false)),
			r("GET /c/{id}/files/{file}/thumbnail", h.consumerDownload(true)),
		}},
		{access: consumer, when: complaints, routes: []route{ // review.go
			r("POST /c/{id}/review", h.consumerAction(h.consumerReview, "review")),
		}},
		{access: consumer, when: complaints && h.claims != nil, routes: []route{ // web_carrier.go
			r("POST /c/{id}/files/{file}/carrier", h.consumerAction(h.consumerShare, "files")),
		}},
		{access: consumer, when: cases, routes: []route{
			r("POST /c/{id}/mediation", h.consumerAction(h.consumerRequestCase, "mediation")),
			r("POST /c/{id}/case/{case}/{move}", h.consumerAction(h.consumerCaseMove, "case")),
		}},

		// Web: a shop or the operator logged in: the account page
		// (web_accounts.go).
		{access: shopOrOperator, when: h.accounts != nil, routes: []route{
			r("GET /account", h.accountPage),
			r("POST /account/password", h.changePassword),
			r("POST /account/sessions/end", h.endSessions),
		}},

		// Web: a shop logged in (web_shop.go).
		{access: shopOnly, when: true, routes: []route{
			r("GET /shop", h.shopInbox),
			r("GET /shop/assessment", h.shopAssessment),
			r("GET /shop/keys", h.shopKeys),
			r("POST /shop/keys", h.issueKey),
			r("POST /shop/keys/{key}/revoke", h.revokeKey),
			r("GET /shop/settings", h.shopSettings),
			r("POST /shop/settings/contact", h.shopSetContact),
		}},
		{access: shopOnly, when: h.figures != nil, routes: []route{ // web_figures.go
			r("GET /shop/figures", h.shopFigures),
			r("POST /shop/figures/orders", h.shopSetOrders),
			r("POST /shop/figures/public", h.shopSetPublic),
		}},
		{access: shopOnly, when: h.notifySettings != nil, routes: []route{ // web_shop_notify.go
			r("POST /shop/settings/notifications", h.shopSetNotify),
			r("POST /shop/settings/secret", h.shopRotateSecret),
			r("POST /shop/settings/secret/reset", h.shopResetSecret),
		}},
		{access: shopOnly, when: complaints, routes: []route{
			r("GET /shop/complaints/{id}", h.shopComplaint),
			r("GET /shop/lookup", h.lookupReference("/shop/complaints/", func(c caller) fairshops.Principal {
				return fairshops.AsShop(c.shopID())
			})),
			r("POST /shop/complaints/{id}/messages", h.shopAction(h.shopMessage, "message")),
			r("POST /shop/complaints/{id}/files", h.shopAction(h.shopUpload, "files")).withFiles(),
			r("GET /shop/complaints/{id}/files/{file}", h.accountDownload(false)),
			r("GET /shop/complaints/{id}/files/{file}/thumbnail", h.accountDownload(true)),
		}},
		{access: shopOnly, when: cases, routes: []route{
			r("POST /shop/complaints/{id}/mediation", h.shopAction(h.shopRequestCase, "mediation")),
			r("POST /shop/complaints/{id}/case/{case}/{move}", h.shopAction(h.shopCaseMove, "case")),
		}},

		{access: shopOnly, when: complaints && h.claims != nil, routes: []route{ // web_carrier.go
			r("POST /shop/complaints/{id}/carrier", h.shopAction(h.shopOpenClaim, "carrier")),
			r("POST /shop/complaints/{id}/carrier/notify", h.shopAction(h.shopNotifyClaim, "carrier")),
			r("POST /shop/complaints/{id}/carrier/answer", h.shopAction(h.shopAnswerClaim, "carrier")),
			r("POST /shop/complaints/{id}/carrier/invite", h.shopInviteCarrier),
			r("GET /shop/complaints/{id}/carrier/files/{file}", h.claimDocDownload), // web_carrier_docs.go
		}},
		// Web: the carrier's claims desk through its private link; the
		// link's token, kept in a cookie for the claim's pages, is the
		// credential (web_carrier.go).
		{access: anyone, when: complaints && h.claims != nil, routes: []route{
			r("GET /carrier/{claim}", h.carrierPage),
			r("POST /carrier/{claim}/answer", h.carrierAnswer),
			r("GET /carrier/{claim}/files/{file}", h.carrierDownload),
			r("POST /carrier/{claim}/files", h.carrierUpload).withFiles(), // web_carrier_docs.go
		}},
		{access: operatorOnly, when: complaints && h.claims != nil, routes: []route{ // web_carrier_docs.go
			r("GET /operator/complaints/{id}/carrier/files/{file}", h.claimDocDownload),
		}},

		// Web: the operator console (web_operator*.go).
		{access: operatorOnly, when: true, routes: []route{
			r("GET /operator", h.opQueue),
			r("GET /operator/{$}", h.opQueue),
			r("GET /operator/shops", h.opShops),
			r("POST /operator/shops", h.opRegisterShop),
			r("GET /operator/shops/{shop}", h.opShop),
			r("POST /operator/shops/{shop}/bookings", h.opAddBooking),
			r("POST /operator/shops/{shop}/fulfilled", h.opSetFulfilled),
			r("POST /operator/shops/{shop}/seal", h.opSetSeal),
			r("POST /operator/shops/{shop}/contact", h.opSetContact),
		}},
		{access: operatorOnly, when: h.notifySettings != nil, routes: []route{ // web_shop_notify.go
			r("POST /operator/shops/{shop}/secret/reset", h.opResetSecret),
			r("GET /operator/catalogue", h.opCatalogue),
		}},
		{access: operatorOnly, when: complaints, routes: []route{
			r("GET /operator/complaints/{id}", h.opComplaint),
			r("GET /operator/complaints/{id}/export", h.opDataExport),
			r("GET /operator/lookup", h.lookupReference("/operator/complaints/", opPrincipal)),
			r("POST /operator/complaints/{id}/messages", h.opComplaintMessage),
			r("POST /operator/complaints/{id}/files", h.opUpload).withFiles(),
			r("GET /operator/complaints/{id}/files/{file}", h.accountDownload(false)),
			r("GET /operator/complaints/{id}/files/{file}/thumbnail", h.accountDownload(true)),
			r("POST /operator/complaints/{id}/forward", h.opComplaintMove("forward", (*complaint.Service).Forward)),
			r("POST /operator/complaints/{id}/close", h.opComplaintMove("close", (*complaint.Service).CloseDeadlineMissed)),
			r("POST /operator/complaints/{id}/confirm", h.opComplaintMove("confirm", (*complaint.Service).ConfirmDispleasure)),
			r("POST /operator/complaints/{id}/resolve", h.opComplaintMove("resolve", (*complaint.Service).Resolve)),
			r("POST /operator/complaints/{id}/erase", h.opErase),
			r("GET /operator/dashboard", h.opDashboard),
			r("GET /operator/dashboard/{chart}", h.opChart),
		}},
		{access: operatorOnly, when: complaints, routes: []route{ // web_operator_queue.go
			r("GET /operator/complaints.csv", h.opExport),
			r("POST /operator/complaints/{id}/notes", h.opComplaintNote),
			r("POST /operator/complaints/{id}/assign", h.opComplaintAssign),
		}},
		{access: operatorOnly, when: h.macros != nil, routes: []route{ // web_operator_macros.go
			r("GET /operator/macros", h.opMacros),
			r("POST /operator/macros", h.opCreateMacro),
			r("GET /operator/macros/{id}", h.opMacro),
			r("POST /operator/macros/{id}", h.opSaveMacro),
			r("POST /operator/macros/{id}/delete", h.opDeleteMacro),
		}},
		{access: operatorOnly, when: complaints, routes: []route{
			r("GET /operator/rechecks", h.opRechecks),
			r("POST /operator/complaints/{id}/recheck", h.opRecordRecheck),
		}},
		{access: operatorOnly, when: complaints, routes: []route{ // review.go
			r("GET /operator/reviews", h.opReviews),
			r("POST /operator/complaints/{id}/review", h.opAnswerReview),
		}},
		{access: operatorOnly, when: cases, routes: []route{
			r("POST /operator/complaints/{id}/mediation", h.opRequestCase),
			r("GET /operator/cases/{id}", h.opCase),
			r("POST /operator/cases/{id}/accept", h.opCaseMove("accepted", (*mediation.Service).AcceptRequest)),
			r("POST /operator/cases/{id}/abusive", h.opCaseMove("abusive", (*mediation.Service).MarkAbusive)),
			r("POST /operator/cases/{id}/generate", h.opCaseGenerate),
			r("POST /operator/cases/{id}/send", h.opCaseMove("sent", (*mediation.Service).SendProposal)),
			r("POST /operator/cases/{id}/withdraw", h.opCaseMove("case_withdrawn", (*mediation.Service).Withdraw)),
			r("POST /operator/cases/{id}/reopened/close", h.opCaseMove("reopened_closed", (*mediation.Service).CloseReopened)),
			r("POST /operator/cases/{id}/obligations/resolve", h.opResolveObligation),
			r("POST /operator/cases/{id}/decline", h.opCaseDecline),
			r("POST /operator/cases/{id}/draft", h.opCaseEditDraft),
			r("POST /operator/cases/{id}/questions", h.opCaseAsk), // web_case_questions.go
		}},
		{access: operatorOnly, when: h.portal != nil, routes: []route{
			r("GET /operator/articles", h.opArticles),
			r("GET /operator/articles/_new", h.opNewArticle),
			r("POST /operator/articles/_new", h.opCreateArticle).formLimit(maxArticleForm),
			r("GET /operator/articles/{slug}", h.opArticle),
			r("POST /operator/articles/{slug}", h.opSaveArticle).formLimit(maxArticleForm),
			r("POST /operator/articles/{slug}/delete", h.opDeleteArticle),
		}},
		{access: operatorOnly, when: h.accounts != nil, routes: []route{
			r("GET /operator/accounts", h.opAccounts),
			r("POST /operator/accounts/invitations", h.opInvite),
			r("POST /operator/accounts/invitations/{id}/revoke", h.opRevokeInvitation),
		}},
		{access: operatorOnly, when: h.audit != nil, routes: []route{ // web_operator_audit.go
			r("GET /operator/audit", h.opAudit),
		}},
		{access: operatorOnly, when: h.figures != nil, routes: []route{
			r("GET /operator/shops/{shop}/figures", h.opShopFigures),
		}},
		{access: operatorOnly, when: h.outbox != nil, routes: []route{
			r("GET /operator/outbox", h.opOutbox),
			r("POST /operator/outbox/{id}/requeue", h.opRequeue),
		}},
	}
}

// apiCaseRoutes are the dispute moderation calls (api_mediation.go).
func (h *Handler) apiCaseRoutes() []route {
	none, ok := []string{}, http.StatusOK
	return []route{
		r("POST /api/v1/complaints/{id}/mediation", h.apiRequestCase),
		r("GET /api/v1/cases/{id}", h.apiGetCase),
		r("POST /api/v1/cases/{id}/accept", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).AcceptRequest))),
		r("POST /api/v1/cases/{id}/decline", h.apiCaseEndpoint(ok, false, []string{"reason"}, apiDeclineCase)),
		r("POST /api/v1/cases/{id}/abusive", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).MarkAbusive))),
		r("POST /api/v1/cases/{id}/cost/accept", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).AcceptCost))),
		r("POST /api/v1/cases/{id}/cost/decline", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).DeclineCost))),
		r("POST /api/v1/cases/{id}/statements", h.apiCaseEndpoint(http.StatusCreated, true, []string{"text", "want", "facts", "defences"}, apiAddStatement)),
		r("POST /api/v1/cases/{id}/draft", h.apiCaseEndpoint(ok, false, []string{"value_with_defect"}, apiGenerateDraft)),
		r("PUT /api/v1/cases/{id}/draft", h.apiCaseEndpoint(ok, true, []string{"options"}, apiEditDraft)),
		r("POST /api/v1/cases/{id}/send", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).SendProposal))),
		r("POST /api/v1/cases/{id}/withdraw", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).Withdraw))),
		r("POST /api/v1/cases/{id}/leave", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).Leave))),
		r("POST /api/v1/cases/{id}/proposals/{pid}/accept", h.apiProposalAction(true, []string{"option"}, apiAcceptProposal)),
		r("POST /api/v1/cases/{id}/proposals/{pid}/reject", h.apiProposalAction(false, []string{"revision"}, apiRejectProposal)),
		r("POST /api/v1/cases/{id}/proposals/{pid}/revision", h.apiProposalAction(false, none, apiRequestRevision)),
		// The moderator's questions, which may pause the moderator's deadline (mediation/clock.go).
		r("POST /api/v1/cases/{id}/questions", h.apiCaseEndpoint(http.StatusCreated, true, []string{"to", "text"}, apiAskParty)),
		r("POST /api/v1/cases/{id}/questions/answer", h.apiCaseEndpoint(ok, true, []string{"text"}, apiAnswerQuestion)),
		r("POST /api/v1/cases/{id}/obligations/{oid}/confirm", h.apiConfirmObligation),
		r("POST /api/v1/cases/{id}/obligations/{oid}/not-received", h.apiReportNotReceived),
		r("POST /api/v1/cases/{id}/obligations/{oid}/resolve", h.apiResolveObligation),
		r("POST /api/v1/cases/{id}/reopened/close", h.apiCaseEndpoint(ok, false, none, apiCaseMove((*mediation.Service).CloseReopened))),
	}
}

// access is who may call a route. Every route has one; the zero value is
// no rule, which the table refuses.
type access int

const (
	noRule access = iota
	// ops: served to anyone without reading the request's credentials or
	// language (the health probe, static files).
	ops
	// anyone: the API checks the lang parameter and reads no
	// credential; a web page reads the caller for its header.
	anyone
	// consumer (web): the complaint's token, from the cookie of /c/{id}
	// or the private link /c/{id}?t=, which the guard turns into the
	// cookie. Without it: the 404 page.
	consumer
	// party (API): a consumer's complaint token, a shop or the operator;
	// without any credential 404, as for a complaint that does not exist.
	party
	// shopOrOperator: a shop's or the operator's login (API key or
	// session): 401 without, 403 for a consumer's token. Web: anyone not
	// logged in goes to /login (the account page).
	shopOrOperator
	// ownShopOrOperator: the shop named by {shop} itself or the operator.
	ownShopOrOperator
	// shopOnly: a shop's login. Web: anyone not logged in goes to
	// /login, the operator gets the 404 page.
	shopOnly
	// operatorOnly: the operator's login. Web: anyone not logged in goes
	// to /login, a shop gets the 404 page (it cannot tell the console
	// exists).
	operatorOnly
	// session (API): a login session by cookie (logging it out).
	session
)

var accessNames = [...]string{"no rule", "ops", "anyone", "consumer", "party", "shop or operator",
	"own shop or operator", "shop", "operator", "session"}

func (a access) String() string {
	if a < 0 || int(a) >= len(accessNames) {
		return fmt.Sprintf("access(%d)", int(a))
	}
	return accessNames[a]
}

// forAPI and forWeb report whether the rule has a meaning on that face.
func (a access) forAPI() bool { return a != noRule && a != consumer }
func (a access) forWeb() bool {
	return a == ops || a == anyone || a == consumer || a == shopOnly || a == operatorOnly || a == shopOrOperator
}

// route is one entry of the table.
type route struct {
	method, pattern string
	access          access
	handler         http.HandlerFunc
	// form bounds the body of a web form post; webMaxForm when 0.
	form int64
	// files: a web form post that may be multipart/form-data with files
	// (attachments.go); its body may be as large as the files allowed.
	files bool
	// params are the query parameters an API route reads besides lang
	// (which every API route takes); the guard refuses any other with a
	// 400 problem, as the body readers refuse unknown members.
	params []string
}

// r makes a route from "METHOD /pattern" and its handler; its group
// gives it the access rule.
func r(methodPattern string, handler http.HandlerFunc) route {
	method, pattern, _ := strings.Cut(methodPattern, " ")
	return route{method: method, pattern: pattern, handler: handler}
}

// withFiles returns the route taking multipart forms with files.
func (rt route) withFiles() route { rt.files = true; return rt }

// query returns the route with the query parameters it reads (API).
func (rt route) query(keys ...string) route { rt.params = keys; return rt }

// formLimit returns the route with a larger form body limit.
func (rt route) formLimit(n int64) route { rt.form = n; return rt }

// api reports whether the route belongs to the JSON API (answers are
// problem+json) rather than the web UI (answers are pages).
func (rt route) api() bool { return strings.HasPrefix(rt.pattern, "/api/") }

// unsafe reports whether the route changes state: a web form post needs a
// CSRF token, an API call with a cookie too.
func (rt route) unsafe() bool { return rt.method != http.MethodGet && rt.method != http.MethodHead }

func (rt route) String() string { return rt.method + " " + rt.pattern }

// group is routes with one access rule and one condition: the services the
// routes need are configured.
type group struct {
	access access
	when   bool
	routes []route
}

// table flattens the groups whose condition holds into the routes to
// register, each with its group's rule. A route without an access rule,
// with a rule that means nothing on its face (API or web), without a
// handler, or registered twice is an error.
func table(groups []group) ([]route, error) {
	var out []route
	seen := map[string]bool{}
	var errs []string
	for _, g := range groups {
		for _, rt := range g.routes {
			if rt.access == noRule {
				rt.access = g.access
			}
			switch {
			case rt.access == noRule:
				errs = append(errs, rt.String()+": no access rule")
			case rt.api() && !rt.access.forAPI():
				errs = append(errs, rt.String()+": access "+rt.access.String()+" is no rule of the API")
			case !rt.api() && !rt.access.forWeb():
				errs = append(errs, rt.String()+": access "+rt.access.String()+" is no rule of the web UI")
			case rt.handler == nil:
				errs = append(errs, rt.String()+": no handler")
			case seen[rt.String()]:
				errs = append(errs, rt.String()+": registered twice")
			}
			seen[rt.String()] = true
			if g.when {
				out = append(out, rt)
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("http: route table: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// register builds the table and adds every route to the mux, wrapped in
// the guard of its access rule (guard.go).
func (h *Handler) register() error {
	rs, err := table(h.routes())
	if err != nil {
		return err
	}
	for _, rt := range rs {
		h.mux.Handle(rt.String(), h.guard(rt))
	}
	h.table = rs
	h.fastView = fastViewAllowed(rs)
	return nil
}
