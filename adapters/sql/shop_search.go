package sqlstore

import (
	"context"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Search implements fairshops.ShopStore: it reads the three short columns
// a match needs (id, name, domain) of every shop, matches and ranks them in
// Go with fairshops.MatchShop and RankShops (so the search means the same
// on every store: umlauts, typos), and loads the best q.Limit shops in
// full. For 10,000 shops that is one narrow scan (see
// docs/adr-shop-search.md for the measure and the next step).
func (st *ShopStore) Search(ctx context.Context, q fairshops.ShopQuery) ([]*fairshops.Shop, error) {
	db := st.db
	const op = "sqlstore.ShopStore.Search"
	type key struct{ id, name, domain string }
	keys, err := queryAll(ctx, db, func(row scanner) (key, error) {
		var k key
		return k, row.Scan(&k.id, &k.name, &k.domain)
	}, `SELECT id, name, domain FROM shops`)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	var hits []fairshops.ShopHit
	for _, k := range keys {
		if rank, ok := fairshops.MatchShop(q.Q, k.id, k.name, k.domain); ok {
			hits = append(hits, fairshops.ShopHit{ID: k.id, Name: k.name, Rank: rank})
		}
	}
	hits = fairshops.RankShops(hits, fairshops.PageLimit(q.Limit))
	if len(hits) == 0 {
		return []*fairshops.Shop{}, nil
	}
	args := make([]any, len(hits))
	for i, h := range hits {
		args[i] = h.ID
	}
	shops, err := queryAll(ctx, db, scanShop, `SELECT `+shopColumns+` FROM shops WHERE id IN (?`+
		strings.Repeat(", ?", len(hits)-1)+`)`, args...)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	byID := make(map[string]*fairshops.Shop, len(shops))
	for _, s := range shops {
		byID[s.ID] = s
	}
	out := make([]*fairshops.Shop, 0, len(hits))
	for _, h := range hits {
		if s, ok := byID[h.ID]; ok { // a shop deleted between the reads is left out
			out = append(out, s)
		}
	}
	return out, nil
}
