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
	ReasonFormatChars    = "format_chars"    // text holds invisible format characters (IsHiddenFormat)
	ReasonUnknownValue   = "unknown_value"   // args: the value, and the allowed values (OneOf) for an enum
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

	// Codes of uploaded files (internal/evidence), always on the field "file".
	ReasonFileEmpty    = "file_empty"     // the upload has zero bytes
	ReasonFileTooLarge = "file_too_large" // args: the limit, human readable ("10 MiB")
	ReasonFileType     = "file_type"      // args: the detected type ("text/html", "application/octet-stream")
	ReasonFileHEIC     = "file_heic"      // an HEIC/HEIF photo, which cannot be accepted yet
	ReasonFileCorrupt  = "file_corrupt"   // the type was recognised but its structure is broken
	ReasonFilePixels   = "file_pixels"    // args: the limit in megapixels; an image too large to decode safely
	ReasonWrong        = "wrong"          // a secret that does not match (the current password)
)

var reasonMessages = sync.OnceValue(func() *Messages {
	return NewMessages(map[Language]map[string]string{German: reasonTextDE(), English: reasonTextEN()})
})

// ReasonMessages returns the localised texts of the shared reason codes, so
// that other packages can check their own codes against them.
func ReasonMessages() *Messages { return reasonMessages() }
