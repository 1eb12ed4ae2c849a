package precheck

import (
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Message key prefixes of the package's message table.
const (
	ruleMessagePrefix = "rule."       // + rule ID: what a finding says
	tipPrefix         = "tip."        // + tip name: a plain-language tip
	categoryPrefix    = "category."   // + category key: the form's label
	factPrefix        = "fact."       // + fact JSON name: its label
	exceptionPrefix   = "exception."  // + withdrawal exception: its label
	resolutionPrefix  = "resolution." // + resolution: its label
	clarityPrefix     = "clarity."    // + clarity: its label
	favoursPrefix     = "favours."    // + favours: its label
	viewPrefix        = "view."       // + heading: headings of a text rendering
)

// messageTable is the text of every message key, in German and English.
// The German category labels are those of the complaint form.
func messageTable() map[fairshops.Language]map[string]string {
	de := map[string]string{
		// Rules.
		"rule.scope.not_consumer":            "Nach den Angaben wurde nicht als Verbraucher gekauft. Die besonderen Rechte von Verbrauchern (etwa Widerruf und Beweislastumkehr) gelten dann nicht; es gelten der Vertrag und das allgemeine Kaufrecht.",
		"rule.contact.shop_first":            "Der Käufer hat sich nach den Angaben noch nicht an den Shop gewandt. Die Beschwerde wird trotzdem weitergeleitet. Für eine Streitschlichtung muss der Shop die Sache aber zuerst selbst kennen und klären können.",
		"rule.withdrawal.in_period":          "Der Widerruf vom %s liegt in der Widerrufsfrist, die am %s endet. Es genügt, den Widerruf rechtzeitig abzusenden.",
		"rule.withdrawal.period_extended":    "Nach den Angaben wurde nicht richtig über das Widerrufsrecht informiert. Die Widerrufsfrist verlängert sich dann um 12 Monate und endet am %s.",
		"rule.withdrawal.expired":            "Der Widerruf vom %s kam nach dem Ende der Widerrufsfrist am %s. Ein Widerruf ist dann nicht mehr möglich; Rechte wegen Mängeln bleiben davon unberührt.",
		"rule.withdrawal.exception_claimed":  "Der Shop beruft sich auf eine Ausnahme vom Widerrufsrecht (%s). Ob sie zutrifft, muss der Shop darlegen; das ist hier offen.",
		"rule.withdrawal.not_yet_started":    "Die Ware ist nach den Angaben noch nicht angekommen. Die Widerrufsfrist beginnt erst mit dem Erhalt der Ware; widerrufen kann man aber schon vorher.",
		"rule.refund.may_be_withheld":        "Die Ware ist nach den Angaben noch nicht zurückgeschickt. Der Shop darf die Erstattung zurückhalten, bis er die Ware zurückhat oder einen Nachweis über die Rücksendung bekommt.",
		"rule.warranty.presumed_at_delivery": "Der Mangel zeigte sich bis %s. Dann wird vermutet, dass er schon bei der Lieferung vorlag; der Shop müsste das Gegenteil beweisen.",
		"rule.warranty.burden_on_consumer":   "Der Mangel zeigte sich erst nach %s. Dann muss der Käufer zeigen, dass der Mangel schon bei der Lieferung vorlag. Ob das gelingt, ist offen.",
		"rule.warranty.cure_first":           "Bei einem Mangel darf der Shop zuerst reparieren oder Ersatz liefern. Geld zurück oder einen Preisnachlass gibt es in der Regel erst, wenn das scheitert oder eine angemessene Frist dafür verstreicht.",
		"rule.warranty.cure_overdue":         "Reparatur oder Ersatz sind nicht in der Frist bis %s erfolgt. Der Käufer kann jetzt ohne weitere Frist vom Vertrag zurücktreten oder den Preis mindern.",
		"rule.delivery.transit_risk_on_shop": "Bis die Ware beim Käufer ankommt, trägt der Shop das Risiko von Verlust oder Beschädigung auf dem Transport. Um den Paketdienst muss sich der Shop kümmern.",
		"rule.delivery.overdue":              "Die Lieferung war bis %s fällig und ist nach den Angaben noch nicht angekommen.",
		"rule.delivery.set_deadline":         "Vor einem Rücktritt vom Vertrag muss der Käufer dem Shop in der Regel eine angemessene letzte Frist zur Lieferung setzen.",
		"rule.delivery.withdraw_possible":    "Auch die letzte Frist bis %s ist verstrichen. Der Käufer kann vom Vertrag zurücktreten und schon gezahltes Geld zurückverlangen.",
		"rule.order.unsolicited":             "Was nicht bestellt wurde, muss weder bezahlt noch zurückgeschickt werden; ein Vertrag kommt dadurch nicht zustande. Wurde ein Teil bestellt, gilt das nur für den Rest; dann kommt es darauf an, was genau bestellt wurde.",
		"rule.withdrawal.button_missing":     "Bei Bestellungen ab dem 19.06.2026 muss ein Online-Shop eine Schaltfläche zum Widerrufen anbieten. Nach den Angaben fehlte sie; damit verletzt der Shop seine Pflichten.",
		"rule.defence.late_notice_invalid":   "Verbraucher müssen Ware nicht sofort prüfen und Mängel oder Transportschäden nicht in kurzer Frist melden. Eine Ablehnung wegen „zu später“ Meldung ist unwirksam.",
		"rule.data.request_overdue":          "Die Datenschutzanfrage hätte bis %s beantwortet werden müssen; diese Frist ist verstrichen. Beschwerden darüber nimmt auch die Datenschutzaufsichtsbehörde entgegen.",
		"rule.data.request_pending":          "Der Shop hat für die Antwort auf die Datenschutzanfrage noch bis %s Zeit. In schwierigen Fällen darf er die Frist mit Begründung verlängern.",
		"rule.payment.refund_missing":        "Nach einem wirksamen Widerruf war die Rückzahlung bis %s fällig; sie ist nach den Angaben noch nicht eingegangen.",
		"rule.other.displeasure":             "Die Beschwerde betrifft Unzufriedenheit, für die keine der geprüften Rechtsregeln greift. Sie wird an den Shop weitergeleitet und ihr Eingang bestätigt; eine weitere Prüfung findet nicht statt.",

		// Tips.
		"tip.business_buyer":         "Klären Sie die Sache direkt mit dem Shop anhand Ihres Vertrags und seiner Geschäftsbedingungen.",
		"tip.contact_shop_first":     "Schreiben Sie zuerst selbst an den Shop, schildern Sie das Problem und nennen Sie die Bestellnummer; vieles lässt sich so schnell klären.",
		"tip.declare_withdrawal":     "Erklären Sie den Widerruf ausdrücklich, etwa per E-Mail; die Ware nur zurückzuschicken reicht nicht.",
		"tip.keep_proof_of_dispatch": "Heben Sie den Beleg über die Rücksendung auf und schicken Sie dem Shop eine Kopie.",
		"tip.exception_check":        "Bitten Sie den Shop zu erklären, warum die Ausnahme gelten soll. Rechte wegen Mängeln bestehen unabhängig davon.",
		"tip.request_cure":           "Bitten Sie den Shop schriftlich um Reparatur oder Ersatz und setzen Sie dafür eine angemessene Frist mit Datum.",
		"tip.set_deadline":           "Setzen Sie dem Shop schriftlich eine letzte Frist mit Datum, zum Beispiel „Bitte liefern Sie bis zum …“.",
		"tip.withdraw_contract":      "Erklären Sie den Rücktritt vom Vertrag schriftlich und fordern Sie schon gezahltes Geld zurück.",
		"tip.transit_damage":         "Halten Sie Schäden mit Fotos fest und heben Sie die Verpackung auf; um den Paketdienst muss sich der Shop kümmern.",
		"tip.unsolicited":            "Bezahlen Sie keine Rechnung für Ware, die Sie nicht bestellt haben, und teilen Sie dem Shop das mit.",
		"tip.data_authority":         "Sie können sich bei der Datenschutzaufsichtsbehörde beschweren, die für den Shop zuständig ist.",
		"tip.displeasure":            "Ihre Rückmeldung geht an den Shop; viele Shops nutzen solche Hinweise, um besser zu werden.",

		// Categories: the labels of the complaint form.
		"category.not_as_described": "Ware weicht von Beschreibung ab",
		"category.not_ordered":      "Bestellung nicht (in dem Umfang) getätigt",
		"category.delivery":         "Probleme mit Lieferung",
		"category.return":           "Probleme mit Retoure",
		"category.payment":          "Probleme mit Zahlung oder Rückzahlung",
		"category.withdrawal":       "Probleme mit Widerruf oder Rückgaberecht",
		"category.warranty":         "Probleme mit Gewährleistungsfall",
		"category.data":             "Probleme mit Datennutzung",
		"category.other":            "Sonstiges",

		// Facts.
		"fact.category":                    "Kategorie",
		"fact.buyer_is_consumer":           "Kauf als Verbraucher",
		"fact.order_date":                  "Bestelldatum",
		"fact.delivery_date":               "Lieferdatum (Erhalt der Ware)",
		"fact.promised_delivery_date":      "zugesagter Liefertermin",
		"fact.order_value":                 "Bestellwert",
		"fact.delivery_cost":               "Versandkosten",
		"fact.contacted_shop_on":           "Datum des ersten Kontakts mit dem Shop",
		"fact.withdrawal_declared_on":      "Datum des Widerrufs",
		"fact.informed_about_withdrawal":   "Belehrung über das Widerrufsrecht erhalten",
		"fact.goods_returned_on":           "Datum der Rücksendung",
		"fact.refund_received":             "Erstattung erhalten",
		"fact.defect_noticed_on":           "Datum, an dem sich der Mangel zeigte",
		"fact.damaged_in_transit":          "beim Transport beschädigt",
		"fact.cure_requested_on":           "Datum der Bitte um Reparatur oder Ersatz",
		"fact.additional_deadline_until":   "gesetzte Nachfrist bis",
		"fact.withdrawal_exception":        "vom Shop genannte Ausnahme vom Widerrufsrecht",
		"fact.data_request_on":             "Datum der Datenschutzanfrage",
		"fact.data_request_answered":       "Datenschutzanfrage beantwortet",
		"fact.withdrawal_function_missing": "keine Widerrufsschaltfläche angeboten",
		"fact.shop_rejected_late_notice":   "Shop lehnte wegen zu später Meldung ab",
		"fact.desired_resolution":          "gewünschte Lösung",
		"fact.description":                 "Beschreibung",
		"fact.as_of":                       "Prüfdatum",

		// Withdrawal exceptions (BGB §312g(2)).
		"exception.custom_made":    "Ware nach Kundenwunsch angefertigt",
		"exception.perishable":     "schnell verderbliche Ware",
		"exception.sealed_hygiene": "versiegelte Hygieneware, Siegel geöffnet",
		"exception.sealed_media":   "versiegelte Ton- oder Videoaufnahme oder Software, Siegel geöffnet",
		"exception.newspaper":      "Zeitung oder Zeitschrift",
		"exception.other":          "eine andere Ausnahme",

		// Resolutions.
		"resolution.refund":          "Geld zurück",
		"resolution.replacement":     "Ersatzlieferung",
		"resolution.repair":          "Reparatur",
		"resolution.price_reduction": "Preisnachlass",
		"resolution.delivery":        "Lieferung",
		"resolution.cancel_order":    "Bestellung stornieren",
		"resolution.data_erasure":    "Löschung der Daten",
		"resolution.apology":         "Entschuldigung",
		"resolution.other":           "etwas anderes",

		// Clarity and favours.
		"clarity.clear":       "eindeutig",
		"clarity.doubtful":    "offen",
		"clarity.displeasure": "Unmut",
		"favours.consumer":    "zugunsten des Verbrauchers",
		"favours.shop":        "zugunsten des Shops",
		"favours.neither":     "Hinweis",
		"favours.doubtful":    "offen",

		// Headings of a text rendering.
		"view.category":            "Kategorie",
		"view.as_of":               "Prüfdatum",
		"view.clarity":             "Ergebnis",
		"view.findings":            "Befunde",
		"view.basis":               "Grundlage",
		"view.missing_facts":       "Fehlende Angaben",
		"view.standard_violations": "Verstöße gegen den Standard",
		"view.tips":                "Tipps",

		// revision 2
		"rule.refund.overdue":                            "Die Erstattung war etwa bis %s fällig, ist nach den Angaben aber noch nicht eingegangen. Die 14 Tage zählen ab dem Eingang des Widerrufs beim Shop; hier zählen sie ab seiner Absendung, daher „etwa“. Zu erstatten sind der Kaufpreis und die Kosten der Standardlieferung (nach den Angaben %s).",
		"rule.refund.overdue.by_state":                   "Die Erstattung ist nach den Angaben noch nicht eingegangen. Fällig war sie etwa 14 Tage nach dem Widerruf; je nach Bundesland oder Ort des Shops (Wochenende und Feiertage) endet diese Frist am %s oder erst am %s, und welcher Ort zählt, ist nicht angegeben. Ob die Erstattung schon überfällig ist, ist deshalb offen. Zu erstatten sind der Kaufpreis und die Kosten der Standardlieferung (nach den Angaben %s).",
		"rule.warranty.in_period":                        "Die Ansprüche wegen des Mangels verjähren nach den Angaben nicht vor dem %s: 2 Jahre ab Lieferung (bei gebrauchter Ware mit wirksamer Vereinbarung 1 Jahr), aber nicht vor 4 Monaten, nachdem sich der Mangel gezeigt hat. Eine Beschwerde beim Shop hält die Verjährung nicht auf; wer Reparatur, Ersatz, Rücktritt oder Preisnachlass will, sollte vor diesem Tag handeln.",
		"rule.warranty.expired":                          "Die Ansprüche wegen des Mangels sind nach den Angaben seit dem Ende des %s verjährt (2 Jahre ab Lieferung, bei gebrauchter Ware mit wirksamer Vereinbarung 1 Jahr, verlängert bis 4 Monate, nachdem sich der Mangel gezeigt hat). Der Shop darf die Leistung dann verweigern, wenn er sich auf die Verjährung beruft; eine Garantie des Herstellers kann weiterhelfen.",
		"rule.warranty.expired.by_state":                 "Die Verjährung der Ansprüche wegen des Mangels endet je nach Bundesland oder Ort des Verbrauchers am %s oder erst am %s (Wochenende und Feiertage); welcher Ort zählt, ist nicht angegeben. Ob die Ansprüche schon verjährt sind, ist deshalb offen.",
		"rule.warranty.expired.negotiations":             "Die Verjährung der Ansprüche wegen des Mangels wäre mit dem %s abgelaufen. Der Käufer hat sich aber am %s, vor diesem Tag, an den Shop gewandt: Verhandlungen über den Anspruch hemmen die Verjährung, und eine Reparatur oder ein Ersatz kann sie neu beginnen lassen. Ob das so war, zeigen die Angaben nicht; das ist offen.",
		"rule.withdrawal.expired.by_state":               "Der Widerruf vom %s kam nach dem Ende der Widerrufsfrist in einigen Bundesländern oder Orten (%s), aber vor ihrem Ende in anderen (%s): Fällt das Fristende auf einen Feiertag, endet die Frist erst am nächsten Werktag. Das Bundesland des Verbrauchers ist nicht angegeben; ob der Widerruf rechtzeitig war, ist deshalb offen.",
		"rule.withdrawal.period_extended.informed_late":  "Über das Widerrufsrecht wurde nach den Angaben erst am %s informiert, nach dem Erhalt der Ware. Die Widerrufsfrist von 14 Tagen beginnt dann erst mit dieser Information (höchstens 12 Monate und 14 Tage nach dem Erhalt) und endet am %s.",
		"rule.warranty.cure_overdue.by_state":            "Reparatur oder Ersatz sind nach den Angaben noch nicht erfolgt. Die Frist endet je nach Bundesland oder Ort des Shops am %s oder erst am %s; welcher Ort zählt, ist nicht angegeben. Ob sie schon verstrichen ist, ist deshalb offen.",
		"rule.delivery.overdue.by_state":                 "Die Lieferung ist nach den Angaben noch nicht angekommen. Sie war je nach Bundesland oder Ort des Shops bis %s oder bis %s fällig (Wochenende und Feiertage); welcher Ort zählt, ist nicht angegeben. Ob sie schon überfällig ist, ist deshalb offen.",
		"rule.delivery.set_deadline.too_early":           "Die Nachfrist bis %s wurde gesetzt, bevor die Lieferung fällig war (%s). Eine solche Frist ist wirkungslos. Setzen Sie dem Shop nach dem Liefertermin eine neue angemessene letzte Frist, bevor Sie vom Vertrag zurücktreten.",
		"rule.delivery.withdraw_possible.by_state":       "Die letzte Frist endet je nach Bundesland oder Ort des Shops am %s oder erst am %s; welcher Ort zählt, ist nicht angegeben. Ob der Käufer schon vom Vertrag zurücktreten kann, ist deshalb offen.",
		"rule.delivery.withdraw_possible.set_on_unknown": "Die letzte Frist bis %s ist verstrichen. Sie wirkt aber nur, wenn sie nach dem Liefertermin gesetzt wurde; wann sie gesetzt wurde, ist nicht angegeben. Ob der Käufer vom Vertrag zurücktreten kann, ist deshalb offen.",
		"rule.data.request_overdue.by_state":             "Die Frist für die Antwort auf die Datenschutzanfrage endet je nach Bundesland oder Ort des Shops am %s oder erst am %s; welcher Ort zählt, ist nicht angegeben. Ob sie schon verstrichen ist, ist deshalb offen.",
		"rule.payment.refund_missing.by_state":           "Nach einem wirksamen Widerruf ist die Rückzahlung nach den Angaben noch nicht eingegangen. Sie war je nach Bundesland oder Ort des Shops etwa bis %s oder bis %s fällig; welcher Ort zählt, ist nicht angegeben. Ob sie schon überfällig ist, ist deshalb offen.",
		"fact.additional_deadline_set_on":                "Datum, an dem die Nachfrist gesetzt wurde",
		"fact.informed_about_withdrawal_on":              "Datum der (späteren) Belehrung über das Widerrufsrecht",
		"fact.lost_in_transit":                           "Sendung verloren gegangen",
		"fact.used_goods_one_year":                       "gebrauchte Ware, Gewährleistung wirksam auf 1 Jahr verkürzt",
		"fact.consumer_state":                            "Bundesland des Verbrauchers",
		"fact.shop_state":                                "Bundesland des Shops (Sitz)",
		"view.rules_revision":                            "Regelstand",
	}
	en := map[string]string{
		"rule.scope.not_consumer":            "According to the facts, the purchase was not made as a consumer. The special rights of consumers (such as withdrawal and the reversed burden of proof) then do not apply; the contract and general sales law apply.",
		"rule.contact.shop_first":            "According to the facts, the buyer has not contacted the shop yet. The complaint is forwarded anyway. For dispute resolution, however, the shop must first know about the matter and have a chance to settle it.",
		"rule.withdrawal.in_period":          "The withdrawal of %s lies within the withdrawal period, which ends on %s. Sending the withdrawal in time is enough.",
		"rule.withdrawal.period_extended":    "According to the facts, the buyer was not properly informed about the right of withdrawal. The withdrawal period is then extended by 12 months and ends on %s.",
		"rule.withdrawal.expired":            "The withdrawal of %s came after the withdrawal period ended on %s. Withdrawal is then no longer possible; rights for defects are not affected.",
		"rule.withdrawal.exception_claimed":  "The shop relies on an exception from the right of withdrawal (%s). It is for the shop to show that the exception applies; this is open here.",
		"rule.withdrawal.not_yet_started":    "According to the facts, the goods have not arrived yet. The withdrawal period starts only when the goods are received, but the buyer can withdraw before that.",
		"rule.refund.may_be_withheld":        "According to the facts, the goods have not been sent back yet. The shop may hold back the refund until it has the goods back or gets proof that they were sent.",
		"rule.warranty.presumed_at_delivery": "The defect showed by %s. It is then presumed that the defect already existed at delivery; the shop would have to prove otherwise.",
		"rule.warranty.burden_on_consumer":   "The defect showed only after %s. The buyer then has to show that the defect already existed at delivery. Whether that succeeds is open.",
		"rule.warranty.cure_first":           "With a defect, the shop may first repair or replace the goods. Money back or a price reduction usually comes only if that fails or a reasonable period for it passes.",
		"rule.warranty.cure_overdue":         "Repair or replacement did not happen within the period ending on %s. The buyer may now withdraw from the contract or reduce the price without setting a further period.",
		"rule.delivery.transit_risk_on_shop": "Until the goods reach the buyer, the shop bears the risk of loss or damage in transit. Dealing with the carrier is the shop's task.",
		"rule.delivery.overdue":              "Delivery was due by %s and, according to the facts, has not arrived yet.",
		"rule.delivery.set_deadline":         "Before withdrawing from the contract, the buyer usually has to give the shop a reasonable final period to deliver.",
		"rule.delivery.withdraw_possible":    "The final period until %s has also passed. The buyer can withdraw from the contract and ask for money already paid back.",
		"rule.order.unsolicited":             "Goods that were not ordered need neither be paid for nor sent back; no contract arises from them. If part was ordered, this applies only to the rest; then what exactly was ordered matters.",
		"rule.withdrawal.button_missing":     "For orders from 19 June 2026, an online shop must offer a button to withdraw. According to the facts it was missing; the shop thereby breaches its duties.",
		"rule.defence.late_notice_invalid":   "Consumers need not inspect goods at once or report defects or transit damage within a short time. Refusing because a report came \"too late\" is not valid.",
		"rule.data.request_overdue":          "The data protection request should have been answered by %s; that period has passed. The data protection authority also accepts complaints about this.",
		"rule.data.request_pending":          "The shop has until %s to answer the data protection request. In difficult cases it may extend the period, giving reasons.",
		"rule.payment.refund_missing":        "After a valid withdrawal the refund was due by %s; according to the facts it has not arrived yet.",
		"rule.other.displeasure":             "The complaint is about dissatisfaction to which none of the checked legal rules applies. It is forwarded to the shop and its receipt confirmed; there is no further check.",

		"tip.business_buyer":         "Settle the matter directly with the shop on the basis of your contract and its terms.",
		"tip.contact_shop_first":     "Write to the shop yourself first, describe the problem and give the order number; many problems are solved quickly that way.",
		"tip.declare_withdrawal":     "Declare the withdrawal expressly, for example by e-mail; just sending the goods back is not enough.",
		"tip.keep_proof_of_dispatch": "Keep the receipt for sending the goods back and send the shop a copy.",
		"tip.exception_check":        "Ask the shop to explain why the exception should apply. Rights for defects exist regardless.",
		"tip.request_cure":           "Ask the shop in writing to repair or replace the goods and set a reasonable period with a date for it.",
		"tip.set_deadline":           "Give the shop a final deadline in writing with a date, for example \"please deliver by …\".",
		"tip.withdraw_contract":      "Declare your withdrawal from the contract in writing and ask for money already paid back.",
		"tip.transit_damage":         "Record the damage with photos and keep the packaging; dealing with the carrier is the shop's task.",
		"tip.unsolicited":            "Do not pay an invoice for goods you did not order, and tell the shop so.",
		"tip.data_authority":         "You can complain to the data protection authority responsible for the shop.",
		"tip.displeasure":            "Your feedback goes to the shop; many shops use such feedback to improve.",

		"category.not_as_described": "Goods differ from the description",
		"category.not_ordered":      "Order not placed (or not to that extent)",
		"category.delivery":         "Problems with delivery",
		"category.return":           "Problems with a return",
		"category.payment":          "Problems with payment or refund",
		"category.withdrawal":       "Problems with withdrawal or the right of return",
		"category.warranty":         "Problems with a warranty claim",
		"category.data":             "Problems with the use of data",
		"category.other":            "Other",

		"fact.category":                    "category",
		"fact.buyer_is_consumer":           "bought as a consumer",
		"fact.order_date":                  "order date",
		"fact.delivery_date":               "delivery date (receipt of the goods)",
		"fact.promised_delivery_date":      "promised delivery date",
		"fact.order_value":                 "order value",
		"fact.delivery_cost":               "delivery cost",
		"fact.contacted_shop_on":           "date of first contact with the shop",
		"fact.withdrawal_declared_on":      "date of the withdrawal",
		"fact.informed_about_withdrawal":   "informed about the right of withdrawal",
		"fact.goods_returned_on":           "date the goods were sent back",
		"fact.refund_received":             "refund received",
		"fact.defect_noticed_on":           "date the defect showed",
		"fact.damaged_in_transit":          "damaged in transit",
		"fact.cure_requested_on":           "date repair or replacement was requested",
		"fact.additional_deadline_until":   "final deadline set until",
		"fact.withdrawal_exception":        "exception from the right of withdrawal named by the shop",
		"fact.data_request_on":             "date of the data protection request",
		"fact.data_request_answered":       "data protection request answered",
		"fact.withdrawal_function_missing": "no withdrawal button offered",
		"fact.shop_rejected_late_notice":   "shop refused because of a late report",
		"fact.desired_resolution":          "desired resolution",
		"fact.description":                 "description",
		"fact.as_of":                       "check date",

		"exception.custom_made":    "goods made to the buyer's specification",
		"exception.perishable":     "goods that spoil quickly",
		"exception.sealed_hygiene": "sealed hygiene goods, seal opened",
		"exception.sealed_media":   "sealed audio or video recording or software, seal opened",
		"exception.newspaper":      "newspaper or magazine",
		"exception.other":          "another exception",

		"resolution.refund":          "money back",
		"resolution.replacement":     "replacement",
		"resolution.repair":          "repair",
		"resolution.price_reduction": "price reduction",
		"resolution.delivery":        "delivery",
		"resolution.cancel_order":    "cancel the order",
		"resolution.data_erasure":    "erasure of the data",
		"resolution.apology":         "an apology",
		"resolution.other":           "something else",

		"clarity.clear":       "clear",
		"clarity.doubtful":    "open",
		"clarity.displeasure": "displeasure",
		"favours.consumer":    "in favour of the consumer",
		"favours.shop":        "in favour of the shop",
		"favours.neither":     "note",
		"favours.doubtful":    "open",

		"view.category":            "Category",
		"view.as_of":               "Check date",
		"view.clarity":             "Outcome",
		"view.findings":            "Findings",
		"view.basis":               "Basis",
		"view.missing_facts":       "Missing facts",
		"view.standard_violations": "Breaches of the standard",
		"view.tips":                "Tips",

		// revision 2
		"rule.refund.overdue":                            "The refund was due by about %s but, according to the facts, has not arrived. The 14 days run from the shop's receipt of the withdrawal; here they run from its dispatch, hence \"about\". The refund covers the price and the cost of standard delivery (according to the facts %s).",
		"rule.refund.overdue.by_state":                   "According to the facts, the refund has not arrived. It was due about 14 days after the withdrawal; depending on the shop's state or place (weekends and public holidays) that period ends on %s or only on %s, and which place counts is not given. Whether the refund is overdue is therefore open. The refund covers the price and the cost of standard delivery (according to the facts %s).",
		"rule.warranty.in_period":                        "According to the facts, the claims for the defect are not time-barred before %s: 2 years from delivery (1 year for used goods with a valid agreement), but not before 4 months after the defect showed. Complaining to the shop does not stop limitation; a buyer who wants repair, replacement, withdrawal or a price reduction should act before that day.",
		"rule.warranty.expired":                          "According to the facts, the claims for the defect have been time-barred since the end of %s (2 years from delivery, 1 year for used goods with a valid agreement, extended to 4 months after the defect showed). The shop may then refuse performance if it invokes limitation; a manufacturer's guarantee may help.",
		"rule.warranty.expired.by_state":                 "Depending on the consumer's state or place, limitation of the claims for the defect ends on %s or only on %s (weekends and public holidays); which place counts is not given. Whether the claims are time-barred is therefore open.",
		"rule.warranty.expired.negotiations":             "Limitation of the claims for the defect would have ended with %s. But the buyer contacted the shop on %s, before that day: negotiations about the claim suspend limitation, and a repair or replacement may restart it. The facts do not show whether that happened; this is open.",
		"rule.withdrawal.expired.by_state":               "The withdrawal of %s came after the withdrawal period ended in some states or places (%s) but before it ended in others (%s): when the last day is a public holiday, the period ends on the next working day. The consumer's state is not given; whether the withdrawal was in time is therefore open.",
		"rule.withdrawal.period_extended.informed_late":  "According to the facts, the buyer was informed about the right of withdrawal only on %s, after receiving the goods. The 14-day withdrawal period then starts only with that information (at most 12 months and 14 days after receipt) and ends on %s.",
		"rule.warranty.cure_overdue.by_state":            "According to the facts, repair or replacement has not happened yet. Depending on the shop's state or place, the period ends on %s or only on %s; which place counts is not given. Whether it has passed is therefore open.",
		"rule.delivery.overdue.by_state":                 "According to the facts, the delivery has not arrived. Depending on the shop's state or place it was due by %s or by %s (weekends and public holidays); which place counts is not given. Whether it is overdue is therefore open.",
		"rule.delivery.set_deadline.too_early":           "The final deadline until %s was set before the delivery was due (%s). Such a deadline has no effect. Set the shop a new reasonable final deadline after the delivery date before withdrawing from the contract.",
		"rule.delivery.withdraw_possible.by_state":       "Depending on the shop's state or place, the final deadline ends on %s or only on %s; which place counts is not given. Whether the buyer can withdraw from the contract yet is therefore open.",
		"rule.delivery.withdraw_possible.set_on_unknown": "The final deadline until %s has passed. It has effect only if it was set after the delivery date; when it was set is not given. Whether the buyer can withdraw from the contract is therefore open.",
		"rule.data.request_overdue.by_state":             "Depending on the shop's state or place, the period for answering the data protection request ends on %s or only on %s; which place counts is not given. Whether it has passed is therefore open.",
		"rule.payment.refund_missing.by_state":           "After a valid withdrawal, the refund has not arrived according to the facts. Depending on the shop's state or place it was due by about %s or by %s; which place counts is not given. Whether it is overdue is therefore open.",
		"fact.additional_deadline_set_on":                "date the final deadline was set",
		"fact.informed_about_withdrawal_on":              "date of the (later) information about the right of withdrawal",
		"fact.lost_in_transit":                           "parcel lost",
		"fact.used_goods_one_year":                       "used goods, warranty validly shortened to 1 year",
		"fact.consumer_state":                            "consumer's federal state",
		"fact.shop_state":                                "shop's federal state (seat)",
		"view.rules_revision":                            "Rules revision",
	}
	return map[fairshops.Language]map[string]string{fairshops.German: de, fairshops.English: en}
}

// messageSet is the package's messages with a set of their keys.
type messageSet struct {
	*fairshops.Messages
	has map[string]bool
}

// messages returns the package's message set, built once; it is read-only.
var messages = sync.OnceValue(func() messageSet {
	table := messageTable()
	m := messageSet{Messages: fairshops.NewMessages(table), has: map[string]bool{}}
	for _, entries := range table {
		for k := range entries {
			m.has[k] = true
		}
	}
	return m
})

// Messages returns the message set of the package (rule messages, tips,
// labels of categories, facts, exceptions, resolutions, clarity and
// favours), for the service layer and for tests (Missing).
func Messages() *fairshops.Messages { return messages().Messages }

// Render returns the message in lang (German for an unsupported language).
// Arguments are rendered for the reader: a date (YYYY-MM-DD) as 29.12.2025
// or 29 December 2025, an amount ("19.99 EUR") with a decimal comma in
// German, and an argument that is itself a key of the package's messages
// (such as "exception.perishable") as that message.
func (m Message) Render(lang fairshops.Language) string {
	if !lang.Valid() {
		lang = fairshops.German
	}
	ms := messages()
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = renderArg(ms, lang, a)
	}
	return ms.Render(lang, m.Key, args...)
}

func renderArg(ms messageSet, lang fairshops.Language, a string) string {
	if ms.has[a] {
		return ms.Render(lang, a)
	}
	if len(a) == 10 {
		if d, err := fairshops.ParseDate(a); err == nil {
			return formatDate(d, lang)
		}
	}
	if lang == fairshops.German && isAmount(a) {
		return strings.Replace(a, ".", ",", 1)
	}
	return a
}

// formatDate writes a date as readers of lang expect it.
func formatDate(d fairshops.Date, lang fairshops.Language) string {
	if lang == fairshops.English {
		return d.Time().Format("2 January 2006")
	}
	return d.Time().Format("02.01.2006")
}

// isAmount reports whether s is an amount as fairshops.Money.String writes
// it: digits, an optional point and digits, a space, three capitals.
func isAmount(s string) bool {
	num, cur, ok := strings.Cut(s, " ")
	if !ok || len(cur) != 3 || num == "" {
		return false
	}
	for _, c := range cur {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	points := 0
	for _, c := range num {
		switch {
		case c == '.':
			points++
		case c < '0' || c > '9':
			return false
		}
	}
	return points <= 1 && num[0] != '.' && num[len(num)-1] != '.'
}

func exceptionKey(e WithdrawalException) string { return exceptionPrefix + string(e) }

// Label returns the label of the category in lang, as on the
// complaint form; an unknown category renders as its key.
func (c Category) Label(lang fairshops.Language) string {
	key := categoryPrefix + string(c)
	if !messages().has[key] {
		return string(c)
	}
	return messages().Render(lang, key)
}

// FactLabel returns the label of a fact (its JSON name) in lang; an unknown
// name renders as itself.
func FactLabel(name string, lang fairshops.Language) string {
	key := factPrefix + name
	if !messages().has[key] {
		return name
	}
	return messages().Render(lang, key)
}
