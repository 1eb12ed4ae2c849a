package http

import (
	"context"
	"net/http"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// Recording the operators' audit log (docs/adr-audit-log.md). A handler
// records after its action succeeded, with the caller the guard found; the
// entry never holds what was typed (a password, a message), only IDs and a
// detail code. A log that cannot be written does not undo the action, which
// has happened: the failure goes to the error log, and the chain stays
// whole (the entry is missing, not broken).

// actorOf is how the audit log names a caller: the role and login of a
// shop's or the operator's account (an API key as "api-key:<id>"), a
// consumer by role only, and nobody as the zero actor.
func actorOf(c caller) audit.Actor {
	switch {
	case c.account != nil && c.account.Role == account.Operator:
		return audit.Operator(c.account.Login)
	case c.account != nil:
		return audit.ShopLogin(c.account.Login)
	case c.consumer != "":
		return audit.Actor{Role: fairshops.RoleConsumer}
	}
	return audit.Actor{}
}

// identityActor is the actor of an account that is not the request's
// caller yet (a login that just opened a session).
func identityActor(id account.Identity) audit.Actor {
	if id.Role == account.Operator {
		return audit.Operator(id.Login)
	}
	return audit.ShopLogin(id.Login)
}

// accountActor is the actor of an account that acted through a link (an
// invitation, a reset) rather than a login.
func accountActor(a *account.Account) audit.Actor {
	return identityActor(account.Identity{Role: a.Role, Login: a.Login})
}

// sessionActor is the actor of a login that just opened sess.
func sessionActor(sess *account.Session) audit.Actor {
	return identityActor(account.Identity{Role: sess.Role, Login: sess.Login})
}

// record appends one entry for the caller of r.
func (h *Handler) record(r *http.Request, action audit.Action, s audit.Subject, detail string) {
	h.recordAs(r, actorOf(callerOf(r)), action, s, detail)
}

// recordAs appends one entry for actor. The request's cancellation does
// not cancel it: the action it records has already happened.
func (h *Handler) recordAs(r *http.Request, actor audit.Actor, action audit.Action, s audit.Subject, detail string) {
	if h.audit == nil {
		return
	}
	ctx := context.WithoutCancel(r.Context())
	if _, err := h.audit.Record(ctx, actor, action, s, detail); err != nil {
		h.log.ErrorContext(ctx, "audit log not written", "action", string(action), "err", err)
	}
}

// recordErased records in the audit log that the caller of r erased the
// personal data of the complaint complaintID, with reason a detail code
// ("request", "retention"; "" for none): the call the erasure flow makes
// once the erasure succeeded.
func (h *Handler) recordErased(r *http.Request, complaintID, reason string) {
	h.record(r, audit.ComplaintErased, audit.Complaint(complaintID), reason)
}
