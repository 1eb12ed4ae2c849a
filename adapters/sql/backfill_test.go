package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
)

// TestBackfillAccess: complaints stored before migration 00008 (no
// reference, no normalised address) get a valid reference of their own and
// their normalised address when the database is opened; filled rows keep
// theirs, and a second run changes nothing.
func TestBackfillAccess(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			for i := range 7 {
				c := complaintstoretest.SampleComplaint(fmt.Sprintf("c_%d", i), "shop-a")
				c.Contact.Email = fmt.Sprintf("Person%d@Example.org", i%2)
				require.NoError(t, store.Create(ctx, c, nil))
			}
			// As migration 00008 leaves rows stored before it.
			_, err := db.wpool.ExecContext(ctx, `UPDATE complaints SET reference = NULL, contact_email_norm = ''
				WHERE id <> 'c_0'`)
			require.NoError(t, err)

			require.NoError(t, backfillAccess(ctx, db.wpool, db.d))
			seen := map[string]bool{}
			for i := range 7 {
				c, err := store.Get(ctx, fmt.Sprintf("c_%d", i))
				require.NoError(t, err)
				if i == 0 {
					require.Equal(t, "KS-c_0", c.Reference, "a filled row keeps its reference")
					continue
				}
				canon, err := complaint.ParseReference(c.Reference)
				require.NoError(t, err, c.ID)
				require.Equal(t, canon, c.Reference)
				require.False(t, seen[c.Reference], "reference %s twice", c.Reference)
				seen[c.Reference] = true
			}
			list, err := store.ByEmail(ctx, "person1@example.org", 0)
			require.NoError(t, err)
			require.Len(t, list, 3)

			before, err := queryStrings(ctx, db.read, `SELECT reference FROM complaints ORDER BY id`)
			require.NoError(t, err)
			require.NoError(t, backfillAccess(ctx, db.wpool, db.d))
			after, err := queryStrings(ctx, db.read, `SELECT reference FROM complaints ORDER BY id`)
			require.NoError(t, err)
			require.Equal(t, before, after)
		})
	}
}
