package fairshops

import "unicode"

// IsHiddenFormat reports whether r is an invisible formatting character
// that no free text of the service may hold: the Unicode format characters
// (category Cf) such as the bidirectional controls U+202A-U+202E and
// U+2066-U+2069 (which turn "Rechnung\u202Egnp.exe" into "Rechnungexe.png"
// on screen), the zero-width space U+200B, the word joiner U+2060 and the
// byte order mark U+FEFF, and the line and paragraph separators U+2028 and
// U+2029 (invisible line breaks). Allowed are the format characters real
// text needs: the soft hyphen U+00AD, the zero-width non-joiner and joiner
// U+200C and U+200D (Persian and Indic scripts, emoji sequences such as a
// family) and the emoji tag characters U+E0020-U+E007F (subdivision flags).
//
// It is one half of the text policy every free-text field follows (the
// other: valid UTF-8, no control characters but tab and line breaks where
// several lines are allowed): such text is refused with ReasonFormatChars,
// never stored and shown.
func IsHiddenFormat(r rune) bool {
	switch {
	case r == 0x00ad, r == 0x200c, r == 0x200d, r >= 0xe0020 && r <= 0xe007f:
		return false
	case r == 0x2028, r == 0x2029:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// HasHiddenFormat reports whether s holds a character IsHiddenFormat refuses.
func HasHiddenFormat(s string) bool {
	for _, r := range s {
		if IsHiddenFormat(r) {
			return true
		}
	}
	return false
}
