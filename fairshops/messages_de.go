package fairshops

// This file holds the German (source) texts of the package's message
// sets; messages_en.go holds the same keys in English, and a test checks
// that both hold the same keys.

// reasonTextDE are the texts of the reason codes of FieldError
// (reasons.go), keyed "reason.<code>".
func reasonTextDE() map[string]string {
	return map[string]string{
		"reason." + ReasonRequired:                 "Angabe fehlt",
		"reason." + ReasonUnknownField:             "unbekanntes Feld",
		"reason." + ReasonWrongType:                "falscher Typ, erwartet: %v",
		"reason." + ReasonInvalidFormat:            "ungültiges Format, erwartet: %v",
		"reason." + ReasonInvalidDate:              "kein gültiges Datum (JJJJ-MM-TT)",
		"reason." + ReasonFormatChars:              "enthält unsichtbare Steuerzeichen (etwa eine Umkehr der Schreibrichtung oder ein Leerzeichen ohne Breite); bitte tippen Sie den Text neu oder fügen Sie ihn als reinen Text ein",
		"reason." + ReasonNegative:                 "darf nicht negativ sein",
		"reason." + ReasonTooLong:                  "zu lang (höchstens %v Zeichen)",
		"reason." + ReasonTooMany:                  "zu viele Einträge (höchstens %v)",
		"reason." + ReasonInvalidUTF8:              "enthält ungültige Zeichen (kein UTF-8)",
		"reason." + ReasonControlChars:             "enthält Steuerzeichen",
		"reason." + ReasonUnknownValue:             "unbekannter Wert %q",
		"reason." + ReasonUnknownValue + "_one_of": "unbekannter Wert %q, erlaubt sind %s",
		"reason." + ReasonDuplicate:                "doppelt vorhanden: %v",
		"reason." + ReasonDangling:                 "verweist auf Unbekanntes: %v",
		"reason." + ReasonBefore:                   "darf nicht vor %v liegen",
		"reason." + ReasonAfter:                    "darf nicht nach %v liegen",
		"reason." + ReasonOverlap:                  "überschneidet sich mit %v",
		"reason." + ReasonCurrency:                 "unbekannte Währung %q",
		"reason." + ReasonNotBooked:                "das dafür nötige Modul ist nicht gebucht",
		"reason." + ReasonMismatch:                 "passt nicht zu %v",
		"reason." + ReasonTooLarge:                 "zu groß (höchstens %v)",
		"reason." + ReasonSyntax:                   "Syntaxfehler: %v",
		"reason." + ReasonInFuture:                 "liegt in der Zukunft",
		"reason." + ReasonNotAllowedHere:           "hier nicht erlaubt",
		"reason." + ReasonInvalidEmail:             "keine gültige E-Mail-Adresse",
		"reason." + ReasonTooSmall:                 "zu klein (mindestens %v)",
		"reason." + ReasonMarkup:                   "darf kein HTML enthalten",
		"reason." + ReasonDeadline:                 "Frist abgelaufen (%v)",
		"reason." + ReasonMissingModule:            "kein BONUS-Kriterium trägt das Modul %v",
		"reason." + ReasonFileEmpty:                "die Datei ist leer",
		"reason." + ReasonFileTooLarge:             "die Datei ist zu groß (höchstens %v)",
		"reason." + ReasonFileType:                 "diese Art von Datei (%v) kann nicht angenommen werden; bitte senden Sie ein Foto (JPEG, PNG, WebP) oder ein PDF",
		"reason." + ReasonFileHEIC:                 "HEIC-Fotos können noch nicht angenommen werden; bitte senden Sie ein JPEG (auf dem iPhone: Einstellungen > Kamera > Formate > Maximale Kompatibilität) oder ein Bildschirmfoto",
		"reason." + ReasonFileCorrupt:              "die Datei ist beschädigt oder unvollständig; bitte senden Sie sie noch einmal",
		"reason." + ReasonFilePixels:               "das Bild hat zu viele Pixel (höchstens %v Megapixel)",
		"reason." + ReasonWrong:                    "stimmt nicht",
	}
}

// assessTextDE are the texts of an assessment's report (report.go): the
// why of each criterion and the summary; "count.*" are counted phrases with
// their plural forms.
func assessTextDE() map[string]string {
	return map[string]string{
		"why." + string(WhyFulfilled):        "erfüllt",
		"why." + string(WhyNotFulfilled):     "nicht erfüllt",
		"why." + string(WhyBooked):           "am Stichtag gebucht; die %d Punkte zählen",
		"why." + string(WhyBookedNotCounted): "gebucht, aber nach der Regel „höchstes Modul“ zählt ein höheres Modul",
		"why." + string(WhyIncluded):         "nicht selbst gebucht, aber in einem höheren gebuchten Modul enthalten; Punkte zählen nur für das gebuchte Modul",
		"why." + string(WhyNotBooked):        "am Stichtag nicht gebucht",
		"summary.compliant":                  "Der Standard ist erfüllt: alle Pflichtkriterien und %d von %d nötigen Bonuspunkten.",
		"summary.must_and_points":            "Nicht erfüllt: %s, und %s.",
		"summary.must":                       "Nicht erfüllt: %s.",
		"count.must_missing#one":             "%d Pflichtkriterium fehlt",
		"count.must_missing#other":           "%d Pflichtkriterien fehlen",
		"count.points_missing#one":           "es fehlt %d Bonuspunkt",
		"count.points_missing#other":         "es fehlen %d Bonuspunkte",
		"summary.points":                     "Nicht erfüllt: %d von %d Bonuspunkten, es fehlen %d.",
	}
}
