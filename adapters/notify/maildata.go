package notify

import (
	"encoding/json"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// eventDue is the day of the deadline an event is about, read from the
// event's payload with the payload type of the domain that wrote it (the
// keys differ: see docs/adr-notifications.md, "Dates in mails"):
//
//   - complaint.*: complaint.EventData.AnswerDue ("answer_due"), the shop's
//     answer deadline while the complaint waits for it (for
//     complaint.deadline_missed the day that passed);
//   - mediation.*: mediation.EventData.Due ("due"), the day of the case's
//     running deadline, or of the obligation an obligation event is about;
//     the payload's "deadline" is the deadline's kind ("answers"), never a
//     date;
//   - carrier_claim.*: carrierclaim.EventData.Due ("due", YYYY-MM-DD).
//
// Any other type, a payload that does not decode, or an event without a
// running deadline gives the zero Date: the mail then leaves the date out.
func eventDue(ev fairshops.Event) fairshops.Date {
	if len(ev.Data) == 0 {
		return fairshops.Date{}
	}
	domain, _, _ := strings.Cut(ev.Type, ".")
	switch domain {
	case "complaint":
		var d complaint.EventData
		if json.Unmarshal(ev.Data, &d) == nil {
			return d.AnswerDue
		}
	case "mediation":
		var d mediation.EventData
		if json.Unmarshal(ev.Data, &d) == nil {
			return d.Due
		}
	case "carrier_claim":
		var d carrierclaim.EventData
		if json.Unmarshal(ev.Data, &d) == nil {
			if due, err := fairshops.ParseDate(d.Due); err == nil {
				return due
			}
		}
	}
	return fairshops.Date{}
}
