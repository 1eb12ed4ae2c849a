package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
	notifytest "github.com/fairshops/konfliktservice/fairshops/shopnotify/storetest"
)

func TestNotifySettingsStore(t *testing.T) {
	notifytest.Run(t, func(t *testing.T) shopnotify.Store { return memory.New().NotifySettings() })
}

func TestShopReadStore(t *testing.T) {
	complainttest.RunShopReads(t, func(t *testing.T) complaint.ShopReads { return memory.New().ShopReads() })
}
