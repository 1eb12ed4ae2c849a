package main

// textDE are the German texts of the command's output (-lang de, the
// default); messages_en.go holds the same keys in English.
func textDE() map[string]string {
	return map[string]string{
		"col.line":      "ZEILE",
		"col.shop":      "SHOP",
		"col.compliant": "KONFORM",
		"col.points":    "PUNKTE",
		"col.shortfall": "FEHLEN",
		"col.must":      "MUSS FEHLT",
		"col.ways":      "WEGE ZUM ZIEL (BONUSKRITERIEN)",
		"yes":           "ja",
		"no":            "nein",
		"record":        "Datensatz",
		"too_long":      "Datensatz länger als %d Bytes",
		"summary":       "%d Datensätze gelesen: %d bewertet, %d konform, %d fehlerhaft",
	}
}
