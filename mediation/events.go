package mediation

import (
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Event types of a case. Every transition yields one, stored with the
// change (the outbox). EventFileComplete is an addition to the list of the
// issue: the statements phase ended and the proposal deadline runs.
const (
	EventRequested     = "mediation.requested"
	EventDeclined      = "mediation.declined"
	EventCostRequested = "mediation.cost_requested"
	EventOpened        = "mediation.opened"
	EventStatement     = "mediation.statement_added"
	EventFileComplete  = "mediation.file_complete"
	EventProposed      = "mediation.proposed"
	EventAnswered      = "mediation.answered"
	EventSettled       = "mediation.settled"
	EventFailed        = "mediation.failed"
	EventExpired       = "mediation.expired"
	EventWithdrawn     = "mediation.withdrawn"
	EventReminder      = "mediation.reminder"
	// The obligations of a settlement (obligation.go): a reminder before an
	// obligation's date (to the owing party), a party's confirmation, and a
	// miss (to the operator: the case is reopened).
	EventObligationReminder  = "mediation.obligation_reminder"
	EventObligationConfirmed = "mediation.obligation_confirmed"
	EventObligationMissed    = "mediation.obligation_missed"
	// EventObligationDisputed: the receiving party reports an obligation
	// the owing party confirmed as performed not received (to the
	// operator and to the owing party).
	EventObligationDisputed = "mediation.obligation_disputed"
)

// EventData is the payload of every case event: what a notifier needs to
// tell the parties and the operator, and nothing more. It never holds a
// token, a contact, the statements' texts or the booking's purpose;
// notifiers look contacts up by the complaint ID.
type EventData struct {
	Case      string             `json:"case"`
	Complaint string             `json:"complaint"`
	Shop      string             `json:"shop"`
	State     State              `json:"state"`
	Lang      fairshops.Language `json:"lang"`
	Reason    Reason             `json:"reason,omitempty"`
	Deadline  DeadlineKind       `json:"deadline,omitempty"`
	Due       fairshops.Date     `json:"due,omitzero"`
	Proposal  string             `json:"proposal,omitempty"`
	Option    string             `json:"option,omitempty"`
	Party     fairshops.Role     `json:"party,omitempty"`
	Accepted  *bool              `json:"accepted,omitempty"`
	Revision  bool               `json:"revision,omitempty"` // the party asked for a revised proposal
	Fee       *fairshops.Money   `json:"fee,omitempty"`
	// clock_resumed: the days the moderator's deadline was paused in all,
	// and why it runs again (complaint.ResumeAnswered, ResumeNoAnswer,
	// ResumeEnded).
	PausedDays   int    `json:"paused_days,omitempty"`
	ResumeReason string `json:"resume_reason,omitempty"`
	// question (when it paused) and clock_paused: the day the moderator's
	// deadline runs again without the asked party's answer.
	ResumeBy fairshops.Date `json:"resume_by,omitzero"`
	// Obligation is the obligation an obligation event is about; Due its
	// date, Party who owes it (or, when confirmed, who confirmed), Owing
	// who owes it, Action what is owed, with its Amount and Instalment
	// where it has them (the mails name the duty and its day).
	Obligation string           `json:"obligation,omitempty"`
	Owing      fairshops.Role   `json:"owing,omitempty"`
	Action     Action           `json:"action,omitempty"`
	Amount     *fairshops.Money `json:"amount,omitempty"`
	Instalment int              `json:"instalment,omitempty"`
}

// occurrence is an event a move produced, before it gets its ID.
type occurrence struct {
	typ       string
	recipient string
	data      EventData
}

// note records an event of the case in its current state.
func (c *Case) note(typ, recipient string, fill func(*EventData)) occurrence {
	d := EventData{Case: c.ID, Complaint: c.ComplaintID, Shop: c.ShopID, State: c.State, Lang: c.Lang}
	if c.Deadline.Kind != "" && !c.State.Final() {
		d.Deadline, d.Due = c.Deadline.Kind, c.Deadline.Due
	}
	if fill != nil {
		fill(&d)
	}
	return occurrence{typ: typ, recipient: recipient, data: d}
}

func buildEvents(c *Case, at time.Time, occ []occurrence) ([]fairshops.Event, error) {
	out := make([]fairshops.Event, 0, len(occ))
	for _, o := range occ {
		ev, err := fairshops.NewEvent(o.typ, c.ID, c.ShopID, at, o.data)
		if err != nil {
			return nil, err
		}
		ev.Recipient = o.recipient
		out = append(out, ev)
	}
	return out, nil
}
