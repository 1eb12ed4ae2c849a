// Package carrierclaim is the shop's claim against its carrier
// (Frachtführer, §§407 ff. HGB) when a parcel was damaged, lost or late in
// transit (issue 17; docs/adr-carrier-claims.md).
//
// The flow: a complaint whose pre-check found delivery.transit_risk_on_shop
// (the shop bears the transit risk towards the consumer, §475(2) with §446
// BGB) lets its shop open one Claim against the carrier (Service.Open) with
// the carrier, the tracking number, what happened (visible damage, hidden
// damage, loss, delay) and the day of delivery, or the day the goods should
// have been delivered. Deadlines computes the notice deadline of §438 HGB and
// the limitation day of §439 HGB with fairshops/calendar; the service stores
// them with the claim, and its timer (Service.ProcessDue) reminds the shop
// before each day and marks the claim time_barred once the limitation day
// has passed, each exactly once across nodes (the optimistic version of the
// claim, as complaint.Service.ProcessDue does). The shop records that it
// notified the carrier, and the carrier's answers (accept and pay, refuse,
// ask for documents) arrive from the shop or from the carrier itself
// through a private link (Service.Invite, Service.ForCarrier). Through the
// same link the carrier sees the files the consumer shared with it
// (Service.SetShared) and uploads documents of its own
// (Service.CarrierUpload), kept apart from the complaint's files in
// Documents, which the shop and the operator read (Service.Documents) and
// the consumer never does. Every step is a hash-chained history entry and
// an event (carrier_claim.opened, .notified, .answered, .closed,
// .document_added) written with the change; the events are routed to the
// shop (Recipient).
//
// The consumer never waits on the claim: it changes nothing of the
// complaint, its state or its answer deadline. Shops and the operator see
// the claim; the consumer's pages never show it.
//
// The package does no I/O: the claims live behind Store, the complaint is
// read through Complaints (complaint.Service fits).
package carrierclaim
