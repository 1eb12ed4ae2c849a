package evidence

import (
	"bytes"
	"unicode/utf8"
)

// kind is what the first bytes of an upload say it is.
type kind struct {
	mime    string // one of the accepted types, or the detected other type
	heic    bool   // an HEIC/HEIF photo (ISO BMFF with an HEIF brand)
	pdfLate bool   // a PDF header after other bytes (a polyglot or a broken PDF)
}

// sniff decides the type from the first bytes (up to sniffLen) of the
// upload. Only the accepted formats are recognised exactly; for the others
// it names a type for the user's error message where it can.
func sniff(b []byte) kind {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return kind{mime: JPEG}
	case bytes.HasPrefix(b, pngSignature):
		return kind{mime: PNG}
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return kind{mime: WebP}
	case isPDFHeader(b):
		return kind{mime: PDF}
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "AVI ":
		return kind{mime: "video/x-msvideo"}
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WAVE":
		return kind{mime: "audio/wav"}
	}
	if k, ok := sniffBMFF(b); ok {
		return k
	}
	for _, m := range signatures {
		if bytes.HasPrefix(b, []byte(m.magic)) {
			return kind{mime: m.mime}
		}
	}
	if i := bytes.Index(b, []byte("%PDF-")); i > 0 {
		return kind{mime: "application/octet-stream", pdfLate: true}
	}
	return kind{mime: sniffText(b)}
}

// isPDFHeader reports whether b starts with "%PDF-1.x" or "%PDF-2.0".
func isPDFHeader(b []byte) bool {
	if len(b) < 8 || string(b[:5]) != "%PDF-" || b[6] != '.' {
		return false
	}
	return (b[5] == '1' && b[7] >= '0' && b[7] <= '9') || (b[5] == '2' && b[7] == '0')
}

// heifBrands are the ISO BMFF brands of HEIC/HEIF still images and
// sequences (ISO/IEC 23008-12).
var heifBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true,
	"hevc": true, "hevx": true, "hevm": true, "hevs": true,
	"mif1": true, "msf1": true,
}

// sniffBMFF recognises an ISO base media file (ftyp box first): HEIC/HEIF,
// AVIF, MP4, QuickTime.
func sniffBMFF(b []byte) (kind, bool) {
	if len(b) < 12 || string(b[4:8]) != "ftyp" {
		return kind{}, false
	}
	size := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	if size < 16 || size > len(b) {
		size = min(len(b), 64)
	}
	major := string(b[8:12])
	switch major {
	case "avif", "avis":
		return kind{mime: "image/avif"}, true
	case "qt  ":
		return kind{mime: "video/quicktime"}, true
	}
	if heifBrands[major] {
		return kind{mime: "image/heic", heic: true}, true
	}
	for i := 16; i+4 <= size; i += 4 {
		if heifBrands[string(b[i:i+4])] {
			return kind{mime: "image/heic", heic: true}, true
		}
	}
	return kind{mime: "video/mp4"}, true
}

// signatures name common types that are refused, for the error message.
var signatures = []struct{ magic, mime string }{
	{"GIF87a", "image/gif"},
	{"GIF89a", "image/gif"},
	{"BM", "image/bmp"},
	{"II*\x00", "image/tiff"},
	{"MM\x00*", "image/tiff"},
	{"\x00\x00\x01\x00", "image/x-icon"},
	{"\xFF\x0A", "image/jxl"},
	{"\x00\x00\x00\x0CJXL \x0D\x0A\x87\x0A", "image/jxl"},
	{"8BPS", "image/vnd.adobe.photoshop"},
	{"PK\x03\x04", "application/zip"},
	{"PK\x05\x06", "application/zip"},
	{"\x1F\x8B", "application/gzip"},
	{"Rar!\x1A\x07", "application/vnd.rar"},
	{"7z\xBC\xAF\x27\x1C", "application/x-7z-compressed"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/x-ole-storage"},
	{"{\\rtf", "application/rtf"},
	{"%!PS", "application/postscript"},
	{"\x7FELF", "application/x-elf"},
	{"MZ", "application/x-msdownload"},
	{"RIFF", "application/x-riff"},
}

// markup are prefixes (after blanks, case-insensitive) of text a browser
// would render as a page or an SVG image.
var markup = []struct{ prefix, mime string }{
	{"<!doctype html", "text/html"},
	{"<html", "text/html"},
	{"<head", "text/html"},
	{"<body", "text/html"},
	{"<script", "text/html"},
	{"<iframe", "text/html"},
	{"<!--", "text/html"},
	{"<svg", "image/svg+xml"},
	{"<?xml", "text/xml"},
}

// sniffText names markup and plain text; everything else is
// "application/octet-stream".
func sniffText(b []byte) string {
	t := bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	t = bytes.TrimLeft(t, " \t\r\n\f")
	for _, m := range markup {
		if len(t) >= len(m.prefix) && bytes.EqualFold(t[:len(m.prefix)], []byte(m.prefix)) {
			if m.mime == "text/xml" && bytes.Contains(bytes.ToLower(t), []byte("<svg")) {
				return "image/svg+xml"
			}
			return m.mime
		}
	}
	if len(b) >= 4 {
		// a cut multi-byte rune at the end of the sniffed bytes is still text
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	if utf8.Valid(b) && !bytes.ContainsFunc(b, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f'
	}) {
		return "text/plain"
	}
	return "application/octet-stream"
}
