package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	audittest "github.com/fairshops/konfliktservice/fairshops/audit/storetest"
)

func TestAuditLog(t *testing.T) {
	audittest.Run(t, func(t *testing.T) audittest.Harness {
		db := memory.New()
		return audittest.Harness{Log: db.Audit(), Second: db.Audit()}
	})
}
