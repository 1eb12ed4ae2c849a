package sqlstore_test

import (
	"testing"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/complaint"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
	notifytest "github.com/fairshops/konfliktservice/fairshops/shopnotify/storetest"
)

func TestNotifySettingsStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		notifytest.Run(t, func(t *testing.T) shopnotify.Store { return open(t).NotifySettings() })
	})
}

func TestShopReadStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		complainttest.RunShopReads(t, func(t *testing.T) complaint.ShopReads { return open(t).ShopReads() })
	})
}
