package fairshops

// This file holds the English texts of the package's message
// sets; messages_de.go holds the same keys in German, and a test checks
// that both hold the same keys.

// reasonTextEN are the texts of the reason codes of FieldError
// (reasons.go), keyed "reason.<code>".
func reasonTextEN() map[string]string {
	return map[string]string{
		"reason." + ReasonRequired:                 "is required",
		"reason." + ReasonUnknownField:             "unknown field",
		"reason." + ReasonWrongType:                "wrong type, expected %v",
		"reason." + ReasonInvalidFormat:            "invalid format, expected %v",
		"reason." + ReasonInvalidDate:              "not a valid date (YYYY-MM-DD)",
		"reason." + ReasonFormatChars:              "contains invisible formatting characters (such as a reversal of the writing direction or a zero-width space); please type the text again or paste it as plain text",
		"reason." + ReasonNegative:                 "must not be negative",
		"reason." + ReasonTooLong:                  "too long (at most %v characters)",
		"reason." + ReasonTooMany:                  "too many entries (at most %v)",
		"reason." + ReasonInvalidUTF8:              "contains invalid characters (not UTF-8)",
		"reason." + ReasonControlChars:             "contains control characters",
		"reason." + ReasonUnknownValue:             "unknown value %q",
		"reason." + ReasonUnknownValue + "_one_of": "unknown value %q, must be one of %s",
		"reason." + ReasonDuplicate:                "duplicate: %v",
		"reason." + ReasonDangling:                 "refers to something unknown: %v",
		"reason." + ReasonBefore:                   "must not be before %v",
		"reason." + ReasonAfter:                    "must not be after %v",
		"reason." + ReasonOverlap:                  "overlaps %v",
		"reason." + ReasonCurrency:                 "unknown currency %q",
		"reason." + ReasonNotBooked:                "the module this needs is not booked",
		"reason." + ReasonMismatch:                 "does not match %v",
		"reason." + ReasonTooLarge:                 "too large (at most %v)",
		"reason." + ReasonSyntax:                   "syntax error: %v",
		"reason." + ReasonInFuture:                 "lies in the future",
		"reason." + ReasonNotAllowedHere:           "not allowed here",
		"reason." + ReasonInvalidEmail:             "not a valid e-mail address",
		"reason." + ReasonTooSmall:                 "too small (at least %v)",
		"reason." + ReasonMarkup:                   "must not contain HTML",
		"reason." + ReasonDeadline:                 "deadline passed (%v)",
		"reason." + ReasonMissingModule:            "no BONUS criterion carries the module %v",
		"reason." + ReasonFileEmpty:                "the file is empty",
		"reason." + ReasonFileTooLarge:             "the file is too large (at most %v)",
		"reason." + ReasonFileType:                 "this kind of file (%v) cannot be accepted; please send a photo (JPEG, PNG, WebP) or a PDF",
		"reason." + ReasonFileHEIC:                 "HEIC photos cannot be accepted yet; please send a JPEG (on iPhone: Settings > Camera > Formats > Most Compatible) or a screenshot",
		"reason." + ReasonFileCorrupt:              "the file is damaged or incomplete; please send it again",
		"reason." + ReasonFilePixels:               "the image has too many pixels (at most %v megapixels)",
		"reason." + ReasonWrong:                    "is not right",
	}
}

// assessTextEN are the texts of an assessment's report (report.go): the
// why of each criterion and the summary; "count.*" are counted phrases with
// their plural forms.
func assessTextEN() map[string]string {
	return map[string]string{
		"why." + string(WhyFulfilled):        "fulfilled",
		"why." + string(WhyNotFulfilled):     "not fulfilled",
		"why." + string(WhyBooked):           "booked on the date; its %d points count",
		"why." + string(WhyBookedNotCounted): "booked, but under the rule \"highest module\" a higher module counts",
		"why." + string(WhyIncluded):         "not booked itself, but included in a higher booked module; points count only for the booked module",
		"why." + string(WhyNotBooked):        "not booked on the date",
		"summary.compliant":                  "The standard is met: every MUST criterion and %d of the %d bonus points needed.",
		"summary.must_and_points":            "Not met: %s, and %s.",
		"summary.must":                       "Not met: %s.",
		"count.must_missing#one":             "%d MUST criterion is missing",
		"count.must_missing#other":           "%d MUST criteria are missing",
		"count.points_missing#one":           "%d bonus point is missing",
		"count.points_missing#other":         "%d bonus points are missing",
		"summary.points":                     "Not met: %d of %d bonus points, %d missing.",
	}
}
