package main

// textEN are the English texts of the command's output (-lang en);
// messages_de.go holds the same keys in German.
func textEN() map[string]string {
	return map[string]string{
		"col.line":      "LINE",
		"col.shop":      "SHOP",
		"col.compliant": "COMPLIANT",
		"col.points":    "POINTS",
		"col.shortfall": "SHORT",
		"col.must":      "MUST MISSING",
		"col.ways":      "WAYS TO CLOSE (BONUS CRITERIA)",
		"yes":           "yes",
		"no":            "no",
		"record":        "record",
		"too_long":      "record longer than %d bytes",
		"summary":       "%d records read: %d scored, %d compliant, %d bad",
	}
}
