package fairshops

import "sync"

// Reason codes of FieldError shared by every package. A package may add its
// own codes; FieldError.Reason renders these, and packages with codes of their
// own render them from their own Messages.
const (
	ReasonRequired       = "required"        // the field is missing or empty
	ReasonUnknownField   = "unknown_field"   // the field is not part of the format
	ReasonWrongType      = "wrong_type"      // args: the expected type
	ReasonInvalidFormat  = "invalid_format"  // args: the expected format
	ReasonInvalidDate    = "invalid_date"    // not a YYYY-MM-DD calendar date
	ReasonNegative       = "negative"        // a number below zero
	ReasonTooLong        = "too_long"        // args: the maximum length
	ReasonTooMany        = "too_many"        // args: the maximum count
	ReasonInvalidUTF8    = "invalid_utf8"    // text is not valid UTF-8
	ReasonControlChars   = "control_chars"   // text holds control characters
	ReasonUnknownValue   = "unknown_value"   // args: the value
	ReasonDuplicate      = "duplicate"       // args: the duplicated value
	ReasonDangling       = "dangling"        // args: the unknown reference
	ReasonBefore         = "before"          // args: the field it may not precede
	ReasonAfter          = "after"           // args: the field it may not follow
	ReasonOverlap        = "overlap"         // args: the other entry
	ReasonCurrency       = "currency"        // args: the unknown currency
	ReasonNotBooked      = "not_booked"      // the shop has not booked what this needs
	ReasonMismatch       = "mismatch"        // args: what it must match
	ReasonTooLarge       = "too_large"       // args: the limit
	ReasonSyntax         = "syntax"          // args: the parser's message
	ReasonInFuture       = "in_future"       // a date after the check date
	ReasonNotAllowedHere = "not_allowed"     // the value is not allowed in this context
	ReasonInvalidEmail   = "invalid_email"   // not an e-mail address
	ReasonTooSmall       = "too_small"       // args: the minimum
	ReasonMarkup         = "markup"          // HTML or script markup where plain text is wanted
	ReasonDeadline       = "deadline_passed" // args: the deadline
	ReasonMissingModule  = "missing_module"  // args: the module no criterion carries
)

var reasonMessages = sync.OnceValue(func() *Messages {
	return NewMessages(map[Language]map[string]string{
		German: {
			"reason." + ReasonRequired:       "Angabe fehlt",
			"reason." + ReasonUnknownField:   "unbekanntes Feld",
			"reason." + ReasonWrongType:      "falscher Typ, erwartet: %v",
			"reason." + ReasonInvalidFormat:  "ungültiges Format, erwartet: %v",
			"reason." + ReasonInvalidDate:    "kein gültiges Datum (JJJJ-MM-TT)",
			"reason." + ReasonNegative:       "darf nicht negativ sein",
			"reason." + ReasonTooLong:        "zu lang (höchstens %v Zeichen)",
			"reason." + ReasonTooMany:        "zu viele Einträge (höchstens %v)",
			"reason." + ReasonInvalidUTF8:    "enthält ungültige Zeichen (kein UTF-8)",
			"reason." + ReasonControlChars:   "enthält Steuerzeichen",
			"reason." + ReasonUnknownValue:   "unbekannter Wert %q",
			"reason." + ReasonDuplicate:      "doppelt vorhanden: %v",
			"reason." + ReasonDangling:       "verweist auf Unbekanntes: %v",
			"reason." + ReasonBefore:         "darf nicht vor %v liegen",
			"reason." + ReasonAfter:          "darf nicht nach %v liegen",
			"reason." + ReasonOverlap:        "überschneidet sich mit %v",
			"reason." + ReasonCurrency:       "unbekannte Währung %q",
			"reason." + ReasonNotBooked:      "das dafür nötige Modul ist nicht gebucht",
			"reason." + ReasonMismatch:       "passt nicht zu %v",
			"reason." + ReasonTooLarge:       "zu groß (höchstens %v)",
			"reason." + ReasonSyntax:         "Syntaxfehler: %v",
			"reason." + ReasonInFuture:       "liegt in der Zukunft",
			"reason." + ReasonNotAllowedHere: "hier nicht erlaubt",
			"reason." + ReasonInvalidEmail:   "keine gültige E-Mail-Adresse",
			"reason." + ReasonTooSmall:       "zu klein (mindestens %v)",
			"reason." + ReasonMarkup:         "darf kein HTML enthalten",
			"reason." + ReasonDeadline:       "Frist abgelaufen (%v)",
			"reason." + ReasonMissingModule:  "kein BONUS-Kriterium trägt das Modul %v",
		},
		English: {
			"reason." + ReasonRequired:       "is required",
			"reason." + ReasonUnknownField:   "unknown field",
			"reason." + ReasonWrongType:      "wrong type, expected %v",
			"reason." + ReasonInvalidFormat:  "invalid format, expected %v",
			"reason." + ReasonInvalidDate:    "not a valid date (YYYY-MM-DD)",
			"reason." + ReasonNegative:       "must not be negative",
			"reason." + ReasonTooLong:        "too long (at most %v characters)",
			"reason." + ReasonTooMany:        "too many entries (at most %v)",
			"reason." + ReasonInvalidUTF8:    "contains invalid characters (not UTF-8)",
			"reason." + ReasonControlChars:   "contains control characters",
			"reason." + ReasonUnknownValue:   "unknown value %q",
			"reason." + ReasonDuplicate:      "duplicate: %v",
			"reason." + ReasonDangling:       "refers to something unknown: %v",
			"reason." + ReasonBefore:         "must not be before %v",
			"reason." + ReasonAfter:          "must not be after %v",
			"reason." + ReasonOverlap:        "overlaps %v",
			"reason." + ReasonCurrency:       "unknown currency %q",
			"reason." + ReasonNotBooked:      "the module this needs is not booked",
			"reason." + ReasonMismatch:       "does not match %v",
			"reason." + ReasonTooLarge:       "too large (at most %v)",
			"reason." + ReasonSyntax:         "syntax error: %v",
			"reason." + ReasonInFuture:       "lies in the future",
			"reason." + ReasonNotAllowedHere: "not allowed here",
			"reason." + ReasonInvalidEmail:   "not a valid e-mail address",
			"reason." + ReasonTooSmall:       "too small (at least %v)",
			"reason." + ReasonMarkup:         "must not contain HTML",
			"reason." + ReasonDeadline:       "deadline passed (%v)",
			"reason." + ReasonMissingModule:  "no BONUS criterion carries the module %v",
		},
	})
})

// ReasonMessages returns the localised texts of the shared reason codes, so
// that other packages can check their own codes against them.
func ReasonMessages() *Messages { return reasonMessages() }
