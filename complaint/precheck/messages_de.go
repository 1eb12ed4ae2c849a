package precheck

// This file holds the German (source) texts of the package's messages (rule
// messages, tips and the labels of categories, facts, exceptions,
// resolutions, clarity and favours); messages_en.go holds the same keys in
// English, and TestMessagesComplete checks that both hold the same keys.

// germanMessages returns the German texts, keyed by message key.
// The German category labels are those of the complaint form.
func germanMessages() map[string]string {
	return map[string]string{
		// Rules.
		"rule.scope.not_consumer":            "Nach den Angaben wurde nicht als Verbraucher gekauft. Die besonderen Rechte von Verbrauchern (etwa Widerruf und Beweislastumkehr) gelten dann nicht; es gelten der Vertrag und das allgemeine Kaufrecht.",
		"rule.contact.shop_first":            "Der Käufer hat sich nach den Angaben noch nicht an den Shop gewandt. Die Beschwerde wird trotzdem weitergeleitet. Für eine Streitschlichtung muss der Shop die Sache aber zuerst selbst kennen und klären können.",
		"rule.withdrawal.in_period":          "Der Widerruf vom %s liegt in der Widerrufsfrist, die am %s endet. Es genügt, den Widerruf rechtzeitig abzusenden.",
		"rule.withdrawal.period_extended":    "Nach den Angaben wurde nicht richtig über das Widerrufsrecht informiert. Die Widerrufsfrist verlängert sich dann um 12 Monate und endet am %s.",
		"rule.withdrawal.expired":            "Der Widerruf vom %s kam nach dem Ende der Widerrufsfrist am %s. Ein Widerruf ist dann nicht mehr möglich; Rechte wegen Mängeln bleiben davon unberührt.",
		"rule.withdrawal.exception_claimed":  "Der Shop beruft sich auf eine Ausnahme vom Widerrufsrecht (%s). Ob sie zutrifft, muss der Shop darlegen; das ist hier offen.",
		"rule.withdrawal.not_yet_started":    "Die Ware ist nach den Angaben noch nicht angekommen. Die Widerrufsfrist beginnt erst mit dem Erhalt der Ware; widerrufen kann man aber schon vorher.",
		"rule.refund.overdue":                "Die Erstattung war bis %s fällig, ist nach den Angaben aber noch nicht eingegangen. Zu erstatten sind der Kaufpreis und die Kosten der Standardlieferung (nach den Angaben %s).",
		"rule.refund.may_be_withheld":        "Die Ware ist nach den Angaben noch nicht zurückgeschickt. Der Shop darf die Erstattung zurückhalten, bis er die Ware zurückhat oder einen Nachweis über die Rücksendung bekommt.",
		"rule.warranty.in_period":            "Der Mangel zeigte sich innerhalb der gesetzlichen Gewährleistungsfrist von 2 Jahren ab Lieferung (bis %s). Der Käufer kann Reparatur oder Ersatz verlangen und, wenn das scheitert, vom Vertrag zurücktreten oder den Preis mindern.",
		"rule.warranty.expired":              "Der Mangel zeigte sich erst nach dem Ende der Gewährleistungsfrist von 2 Jahren ab Lieferung (%s). Ansprüche aus der gesetzlichen Gewährleistung bestehen dann in der Regel nicht mehr; eine Garantie des Herstellers kann weiterhelfen.",
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
	}
}
