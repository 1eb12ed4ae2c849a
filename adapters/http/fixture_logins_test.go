package http_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// fixtureHash is the bcrypt hash of the fixtures' password (apiPassword and
// testPassword are the same), made once per test binary: every world and
// web environment creates two or three logins, and under the race detector
// a hash costs tens of milliseconds even at bcrypt's lowest cost.
var fixtureHash = sync.OnceValues(func() ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(apiPassword), bcrypt.MinCost)
})

// addLogin stores the account that account.Service.CreateOperator (shopID
// "") or CreateShopLogin would create for login with the fixtures'
// password. The tests of creating logins go through the service.
func addLogin(t testing.TB, store *memory.AccountStore, now time.Time, shopID, login string) {
	t.Helper()
	hash, err := fixtureHash()
	require.NoError(t, err)
	role := account.Operator
	if shopID != "" {
		role = account.Shop
	}
	require.NoError(t, store.Create(context.Background(), &account.Account{
		ID: fairshops.NewID("acct"), Login: login, Role: role, ShopID: shopID,
		PasswordHash: string(hash), CreatedAt: now.UTC().Truncate(time.Microsecond),
	}))
}
