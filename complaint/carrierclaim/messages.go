package carrierclaim

import (
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Messages returns the package's texts in every language
// (messages_de.go, messages_en.go): the labels of incidents, states,
// answers and deadlines, the shop's tip and the consumer's notice, and the
// texts of the claim's pages. It is built once and read-only.
var Messages = sync.OnceValue(func() *fairshops.Messages {
	return fairshops.NewMessages(map[fairshops.Language]map[string]string{
		fairshops.German: germanMessages(), fairshops.English: englishMessages()})
})

// Message keys the adapters render.
const (
	// KeyShopTip names the carrier deadlines for a shop whose complaint has a
	// transit finding (the pre-check's shop-facing tip).
	KeyShopTip = "tip.shop"
	// KeyConsumerNoWait tells the consumer, in plain words, that the shop's
	// answer does not wait on the carrier.
	KeyConsumerNoWait = "consumer.no_wait"
)
