package http

import (
	"net/url"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// LegalLinks are the operator's legal pages, linked from the footer of
// every page: the imprint (Impressum, §5 DDG), the privacy policy (GDPR Art.
// 13) and the accessibility statement (BFSG). Each is an absolute http(s)
// URL or a path of the same site ("/imprint"); an empty one is left out of
// the footer. The privacy link is also where the form's privacy notice sends
// requests for access and erasure.
type LegalLinks struct {
	Imprint       string
	Privacy       string
	Accessibility string
}

// Check returns a *fairshops.ValidationError naming every link that New
// would refuse (fields "Legal.Imprint", "Legal.Privacy",
// "Legal.Accessibility"), or nil.
func (l LegalLinks) Check() error {
	var p fairshops.Problems
	l.check(&p)
	return p.Err("http.LegalLinks.Check")
}

// check reports every link that is neither empty, nor an absolute http(s)
// URL without credentials, nor a local path.
func (l LegalLinks) check(p *fairshops.Problems) {
	for _, f := range []struct{ name, v string }{
		{"Legal.Imprint", l.Imprint}, {"Legal.Privacy", l.Privacy}, {"Legal.Accessibility", l.Accessibility},
	} {
		if f.v != "" && !legalLinkOK(f.v) {
			p.Add(f.name, fairshops.ReasonInvalidFormat, "https://host/path or /path")
		}
	}
}

// legalLinkOK reports whether s may be a footer link: an http(s) URL with a
// host and no user info, or a local path (not "//host", not "/\").
func legalLinkOK(s string) bool {
	if len(s) > 2000 || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return false
	}
	if strings.HasPrefix(s, "/") {
		return localPath(s) == s
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}
