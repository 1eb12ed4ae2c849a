package mediation

import (
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Messages returns the localised texts of the package (reasons, remedies,
// duties, rationales, proposals, settlements and notices), so tests and
// other packages can check that every key exists in every language.
func Messages() *fairshops.Messages { return messages() }

var messages = sync.OnceValue(func() *fairshops.Messages {
	return fairshops.NewMessages(map[fairshops.Language]map[string]string{
		fairshops.German:  germanMessages(),
		fairshops.English: englishMessages(),
	})
})
