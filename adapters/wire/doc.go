// Package wire joins domain packages that may not import each other. The
// mediation module needs to read the complaint a case is about and to mark
// it escalated when the case opens, but package mediation never imports
// package complaint (DESIGN.md, import direction); ComplaintsForMediation is
// the adapter that fills mediation's Complaints port from the complaint
// service, for examples/server, the HTTP tests and any shop platform that
// runs both modules.
//
// The flow it owns: mediation.Service.Request (or AcceptRequest, AcceptCost)
// asks Complaint for a ComplaintInfo, decides on eligibility, and calls
// MarkEscalated just before the opened case is stored; MarkEscalated moves
// the complaint to "escalated" through complaint.Service.Escalate, so the
// complaint's history and events record the move like any other.
package wire
