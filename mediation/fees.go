package mediation

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/fairshops"
)

// FeeBand is one band of a fee schedule: disputes worth up to UpTo EUR
// (inclusive) cost Fee EUR.
type FeeBand struct {
	UpTo decimal.Decimal `json:"up_to"`
	Fee  decimal.Decimal `json:"fee"`
}

// FeeSchedule is a fee table by dispute value, in EUR net. Bands are sorted
// by UpTo; a value above the last band costs Above. A schedule whose Above
// is zero has no fee for values above its last band (FeeSchedule.Fee
// reports false there): the reference ADR schedule is such a table, since
// its upper bands are unconfirmed.
type FeeSchedule struct {
	Bands []FeeBand       `json:"bands"`
	Above decimal.Decimal `json:"above"`
}

// Fee returns the fee for a dispute value in EUR, and false when the
// schedule has no band for it.
func (s FeeSchedule) Fee(value decimal.Decimal) (decimal.Decimal, bool) {
	for _, b := range s.Bands {
		if value.LessThanOrEqual(b.UpTo) {
			return b.Fee, true
		}
	}
	if s.Above.IsPositive() {
		return s.Above, true
	}
	return decimal.Zero, false
}

// Validate checks that bands rise strictly and no fee is negative.
func (s FeeSchedule) Validate() error {
	var p fairshops.Problems
	for i, b := range s.Bands {
		f := fmt.Sprintf("bands[%d]", i)
		if !b.UpTo.IsPositive() {
			p.Add(f+".up_to", fairshops.ReasonTooSmall, "0.01")
		}
		if i > 0 && !b.UpTo.GreaterThan(s.Bands[i-1].UpTo) {
			p.Add(f+".up_to", fairshops.ReasonTooSmall, s.Bands[i-1].UpTo.String())
		}
		if b.Fee.IsNegative() {
			p.Add(f+".fee", fairshops.ReasonNegative)
		}
	}
	if s.Above.IsNegative() {
		p.Add("above", fairshops.ReasonNegative)
	}
	return p.Err("mediation.FeeSchedule")
}

func (s FeeSchedule) clone() FeeSchedule {
	s.Bands = append([]FeeBand(nil), s.Bands...)
	return s
}

func eur(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// DefaultFees is the default Streitmoderation fee the shop pays, net: up to
// 100 EUR dispute value 30 EUR, up to 500 EUR 50 EUR, up to 2,000 EUR 80 EUR,
// above 120 EUR. These figures are an assumption of this project, set well
// below the reference ADR fees; the operator configures its own.
func DefaultFees() FeeSchedule {
	return FeeSchedule{
		Bands: []FeeBand{{eur("100"), eur("30")}, {eur("500"), eur("50")}, {eur("2000"), eur("80")}},
		Above: eur("120"),
	}
}

// ReferenceADRFees is the fee a trader pays the Universalschlichtungsstelle
// des Bundes by dispute value (§6(1) UnivSchlichtV of 16.12.2019): up to
// 100 EUR 40 EUR, up to 200 EUR 80 EUR, up to 500 EUR 150 EUR. UNCONFIRMED:
// only these three bands were read in a source (lxgesetze.de); the bands
// above 500 EUR were cut off there, and a second source shows other band
// edges (domain/legal-reference.md A13). So the table stops at 500 EUR and
// quotes no reference above it, until the current §6 is checked.
func ReferenceADRFees() FeeSchedule {
	return FeeSchedule{Bands: []FeeBand{{eur("100"), eur("40")}, {eur("200"), eur("80")}, {eur("500"), eur("150")}}}
}

// DefaultConsumerFeeCap is the most a consumer pays for an abusive request,
// in EUR: the 30 EUR that recognised ADR bodies may charge (VSBG §23, §6(5)
// UnivSchlichtV).
const DefaultConsumerFeeCap = 30

// Fees configures the cost rule: the shop's schedule, the reference ADR
// schedule shown beside it, and the cap on a consumer's fee.
type Fees struct {
	Schedule    FeeSchedule
	Reference   FeeSchedule
	ConsumerCap decimal.Decimal
}

// DefaultFeeConfig returns DefaultFees, ReferenceADRFees and the 30 EUR cap.
func DefaultFeeConfig() Fees {
	return Fees{Schedule: DefaultFees(), Reference: ReferenceADRFees(), ConsumerCap: decimal.NewFromInt(DefaultConsumerFeeCap)}
}

// FeeQuote is what a case costs for its dispute value: the fee (borne by the
// shop unless the consumer accepted it after an abusive request), what the
// reference ADR body would charge the trader (nil where its table is
// unconfirmed) and what a consumer would pay for an abusive request.
type FeeQuote struct {
	DisputeValue         fairshops.Money  `json:"dispute_value"`
	Fee                  fairshops.Money  `json:"fee"`
	ReferenceADR         *fairshops.Money `json:"reference_adr,omitempty"`
	ReferenceConfirmed   bool             `json:"reference_confirmed"`
	ConsumerFeeIfAbusive fairshops.Money  `json:"consumer_fee_if_abusive"`
}

func (q FeeQuote) clone() FeeQuote {
	if q.ReferenceADR != nil {
		r := *q.ReferenceADR
		q.ReferenceADR = &r
	}
	return q
}

// Quote returns the fees for a dispute value in EUR. A value in another
// currency, or a negative one, is Invalid: the schedules are in EUR and the
// service converts no currencies.
func (f Fees) Quote(value fairshops.Money) (FeeQuote, error) {
	var p fairshops.Problems
	if value.Currency != fairshops.EUR {
		p.Add("dispute_value.currency", fairshops.ReasonMismatch, string(fairshops.EUR))
	} else if value.IsNegative() {
		p.Add("dispute_value.amount", fairshops.ReasonNegative)
	}
	if err := p.Err("mediation.Quote"); err != nil {
		return FeeQuote{}, err
	}
	v := value.Round()
	fee, _ := f.Schedule.Fee(v.Amount)
	q := FeeQuote{DisputeValue: v, Fee: fairshops.NewMoney(fee, fairshops.EUR)}
	if ref, ok := f.Reference.Fee(v.Amount); ok {
		m := fairshops.NewMoney(ref, fairshops.EUR)
		q.ReferenceADR = &m
	}
	consumer := fee
	if consumer.GreaterThan(f.ConsumerCap) {
		consumer = f.ConsumerCap
	}
	q.ConsumerFeeIfAbusive = fairshops.NewMoney(consumer, fairshops.EUR)
	return q, nil
}
