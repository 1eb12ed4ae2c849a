package portal

import "github.com/fairshops/konfliktservice/fairshops"

// synonymGroups lists, per language, words and phrases that readers use for
// the same thing. A query that contains one member also finds the others,
// with a lower weight than the words typed. Members are plain words; they are
// folded and stemmed like the index. Stemming already joins plural and
// singular; these groups join what stemming cannot (Erstattung /
// Rückzahlung / Geld zurück, Händler / Shop). Keep them narrow: legal terms
// that differ in law (Gewährleistung and Garantie, Widerruf and Rücktritt)
// are deliberately not synonyms.
func synonymGroups(lang fairshops.Language) [][]string {
	if lang == fairshops.English {
		return [][]string{
			{"refund", "reimbursement", "reimburse", "repayment", "money back", "pay back"},
			{"shop", "seller", "retailer", "merchant", "trader", "store", "vendor", "online shop"},
			{"parcel", "package", "shipment", "consignment"},
			{"broken", "damaged", "defective", "faulty"},
			{"withdrawal", "withdraw", "cancel", "cancellation", "cooling off"},
			{"return", "send back", "returning"},
			{"late", "delay", "delayed", "overdue"},
			{"lost", "missing", "never arrived", "not arrived"},
			{"complaint", "complain", "grievance"},
			{"dispute resolution", "mediation", "arbitration", "conciliation", "adr"},
			{"repair", "replacement", "cure", "remedy"},
			{"erasure", "delete", "deletion", "erase"},
			{"chargeback", "charge back", "reversal"},
			{"goods", "item", "product", "article"},
			{"unsolicited", "not ordered", "unordered"},
			{"buyer", "customer", "consumer"},
			{"personal data", "data protection", "gdpr", "privacy"},
		}
	}
	return [][]string{
		{"Erstattung", "Rückerstattung", "Rückzahlung", "erstatten", "erstattet", "zurückzahlen", "zurückgezahlt", "Geld zurück"},
		{"Händler", "Shop", "Verkäufer", "Onlineshop", "Online Shop", "Anbieter", "Onlinehändler"},
		{"Paket", "Sendung", "Päckchen"},
		{"kaputt", "defekt", "beschädigt", "mangelhaft"},
		{"Widerruf", "widerrufen", "stornieren", "Storno", "Stornierung"},
		{"Rücksendung", "Retoure", "Rückversand", "zurückschicken", "zurücksenden", "Rückgabe"},
		{"Verspätung", "verspätet", "Verzug", "zu spät"},
		{"verloren", "verschwunden", "nicht angekommen", "nie angekommen"},
		{"Beschwerde", "Reklamation", "reklamieren", "beschweren"},
		{"Streitbeilegung", "Schlichtung", "Schlichtungsstelle", "Streitschlichtung", "Streitmoderation"},
		{"Nacherfüllung", "Reparatur", "Nachbesserung", "Ersatzlieferung", "Umtausch"},
		{"Löschung", "löschen", "Datenlöschung"},
		{"Auskunft", "Datenauskunft", "Selbstauskunft"},
		{"Datenschutz", "DSGVO", "personenbezogene Daten"},
		{"Lastschrift", "Bankeinzug", "Rückbuchung", "Rücklastschrift"},
		{"Ware", "Artikel", "Produkt"},
		{"Gewährleistung", "Mängelhaftung", "Sachmängelhaftung", "Mängelrechte"},
		{"unbestellt", "nicht bestellt"},
		{"Kunde", "Käufer", "Verbraucher"},
	}
}
