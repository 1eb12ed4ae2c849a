package sqlstore

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/complaint/precheck"
)

// inTimeSQL is the query of ClaimStore.InTime: the complaints whose filed
// pre-check or latest re-check (the stored JSON documents precheck and
// rechecks) has a finding of the rule (the one argument, given twice),
// joined to their claim when it was opened in time. carrierclaim.Applies
// is the definition; the memory store applies it to the same rows.
func (d *dialect) inTimeSQL() string {
	if d.name == SQLite {
		return `SELECT count(*), count(cc.id) FROM complaints c
		LEFT JOIN carrier_claims cc ON cc.complaint_id = c.id AND cc.opened_in_time = 1
		WHERE EXISTS (SELECT 1 FROM json_each(c.precheck, '$.findings') f WHERE json_extract(f.value, '$.rule') = ?)
			OR EXISTS (SELECT 1 FROM json_each(c.rechecks, '$[#-1].result.findings') f WHERE json_extract(f.value, '$.rule') = ?)`
	}
	return `SELECT count(*), count(cc.id) FROM complaints c
		LEFT JOIN carrier_claims cc ON cc.complaint_id = c.id AND cc.opened_in_time
		WHERE jsonb_path_exists(c.precheck, '$.findings[*] ? (@.rule == $r)', jsonb_build_object('r', ?::text))
			OR jsonb_path_exists(c.rechecks, '$[last].result.findings[*] ? (@.rule == $r)', jsonb_build_object('r', ?::text))`
}

// InTime implements carrierclaim.Store in one query (inTimeSQL) instead of
// walking every complaint.
func (st *ClaimStore) InTime(ctx context.Context) (carrierclaim.InTime, error) {
	const op = "sqlstore.ClaimStore.InTime"
	var f carrierclaim.InTime
	rule := string(precheck.DeliveryTransitRiskOnShop)
	err := st.db.queryRow(ctx, st.db.d.inTimeSQL(), rule, rule).Scan(&f.Transit, &f.InTime)
	return f, wrap(op, "", err)
}
