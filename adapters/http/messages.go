package http

import (
	"maps"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The package's message catalogue: every text a reader sees, one file per
// language (messages_de.go, messages_en.go), in three tables so that the web
// UI can refuse a key that two tables define (newWebUI).

// webText is the table of the web core and of the public, consumer, login
// and shop pages.
func webText() map[fairshops.Language]map[string]string {
	return map[fairshops.Language]map[string]string{
		fairshops.German:  with(webTextDE(), accountTextDE(), erasureTextDE(), figuresTextDE(), notifyTextDE(), questionTextDE(), reviewTextDE()),
		fairshops.English: with(webTextEN(), accountTextEN(), erasureTextEN(), figuresTextEN(), notifyTextEN(), questionTextEN(), reviewTextEN()),
	}
}

// with returns table with the entries of the parts added (parts of a
// table kept in functions of their own, one per feature, such as the
// account pages'). A key two parts define is a defect that
// TestMessagePartsDisjoint finds.
func with(table map[string]string, parts ...map[string]string) map[string]string {
	for _, more := range parts {
		maps.Copy(table, more)
	}
	return table
}

// webOperatorText is the table of the operator console.
func webOperatorText() map[fairshops.Language]map[string]string {
	return map[fairshops.Language]map[string]string{
		fairshops.German:  with(webOperatorTextDE(), opAccountTextDE(), opAuditTextDE(), opErasureTextDE(), opQuestionTextDE()),
		fairshops.English: with(webOperatorTextEN(), opAccountTextEN(), opAuditTextEN(), opErasureTextEN(), opQuestionTextEN()),
	}
}

// apiText is the table of the JSON API's problem documents.
func apiText() map[fairshops.Language]map[string]string {
	return map[fairshops.Language]map[string]string{fairshops.German: apiTextDE(), fairshops.English: apiTextEN()}
}

// apiMessages renders the JSON API's texts; built once, read-only. The API
// answers without the web UI (Config may leave the web pages off), so its
// texts are a message set of their own.
var apiMessages = sync.OnceValue(func() *fairshops.Messages { return fairshops.NewMessages(apiText()) })

// problemTitle is the title of a problem document for an error kind in lang;
// a kind without a title of its own (a test finds one) gets the title of an
// internal error rather than a raw key.
func problemTitle(lang fairshops.Language, k fairshops.Kind) string {
	key := "problem." + k.String()
	if !apiMessages().Has(key) {
		key = "problem." + fairshops.Internal.String()
	}
	return apiMessages().Render(lang, key)
}
