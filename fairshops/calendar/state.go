package calendar

import (
	"fmt"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// State is a German federal state (Bundesland), named by its ISO 3166-2 code
// without the "DE-" prefix. The zero value, National, stands for "no state
// chosen": only the holidays observed in every state count.
type State uint8

// The federal states, in the order of their ISO 3166-2 codes as the law
// gazettes list them, and National for "no state chosen".
const (
	National State = iota // no state: national holidays only
	BW                    // Baden-Württemberg
	BY                    // Bayern (Bavaria)
	BE                    // Berlin
	BB                    // Brandenburg
	HB                    // Bremen
	HH                    // Hamburg
	HE                    // Hessen (Hesse)
	MV                    // Mecklenburg-Vorpommern
	NI                    // Niedersachsen (Lower Saxony)
	NW                    // Nordrhein-Westfalen (North Rhine-Westphalia)
	RP                    // Rheinland-Pfalz (Rhineland-Palatinate)
	SL                    // Saarland
	SN                    // Sachsen (Saxony)
	ST                    // Sachsen-Anhalt (Saxony-Anhalt)
	SH                    // Schleswig-Holstein
	TH                    // Thüringen (Thuringia)
	numStates
)

type stateInfo struct {
	code            string
	german, english string
}

// stateTable is indexed by State; built once, never changed.
var stateTable = sync.OnceValue(func() *[numStates]stateInfo {
	return &[numStates]stateInfo{
		National: {"DE", "Deutschland (bundesweit)", "Germany (national)"},
		BW:       {"BW", "Baden-Württemberg", "Baden-Württemberg"},
		BY:       {"BY", "Bayern", "Bavaria"},
		BE:       {"BE", "Berlin", "Berlin"},
		BB:       {"BB", "Brandenburg", "Brandenburg"},
		HB:       {"HB", "Bremen", "Bremen"},
		HH:       {"HH", "Hamburg", "Hamburg"},
		HE:       {"HE", "Hessen", "Hesse"},
		MV:       {"MV", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"},
		NI:       {"NI", "Niedersachsen", "Lower Saxony"},
		NW:       {"NW", "Nordrhein-Westfalen", "North Rhine-Westphalia"},
		RP:       {"RP", "Rheinland-Pfalz", "Rhineland-Palatinate"},
		SL:       {"SL", "Saarland", "Saarland"},
		SN:       {"SN", "Sachsen", "Saxony"},
		ST:       {"ST", "Sachsen-Anhalt", "Saxony-Anhalt"},
		SH:       {"SH", "Schleswig-Holstein", "Schleswig-Holstein"},
		TH:       {"TH", "Thüringen", "Thuringia"},
	}
})

// States returns the 16 federal states (without National), in the order of
// the constants.
func States() []State {
	out := make([]State, 0, numStates-1)
	for s := BW; s < numStates; s++ {
		out = append(out, s)
	}
	return out
}

// Valid reports whether s is National or one of the 16 states.
func (s State) Valid() bool { return s < numStates }

// String returns the ISO 3166-2 code without prefix ("BY"), "DE" for
// National, and "State(n)" for a value that is not Valid.
func (s State) String() string {
	if !s.Valid() {
		return fmt.Sprintf("State(%d)", uint8(s))
	}
	return stateTable()[s].code
}

// Name returns the name of the state in lang (German for anything but
// English).
func (s State) Name(lang fairshops.Language) string {
	if !s.Valid() {
		return s.String()
	}
	if lang == fairshops.English {
		return stateTable()[s].english
	}
	return stateTable()[s].german
}

// ParseState reads a state code: the ISO 3166-2 code with or without the
// "DE-" prefix, in any case ("BY", "de-by"); "" and "DE" mean National.
// Anything else is a *fairshops.ValidationError for the field "state"
// (errors.Is(err, fairshops.ErrInvalid) holds).
func ParseState(code string) (State, error) {
	c := strings.ToUpper(code)
	if c == "" || c == "DE" {
		return National, nil
	}
	c = strings.TrimPrefix(c, "DE-")
	for s := BW; s < numStates; s++ {
		if stateTable()[s].code == c {
			return s, nil
		}
	}
	var p fairshops.Problems
	p.Add("state", fairshops.ReasonUnknownValue, code)
	return National, p.Err("calendar.ParseState")
}

// MarshalText encodes s as its code (String); a State that is not Valid is
// an error.
func (s State) MarshalText() ([]byte, error) {
	if !s.Valid() {
		var p fairshops.Problems
		p.Add("state", fairshops.ReasonUnknownValue, s.String())
		return nil, p.Err("calendar.State.MarshalText")
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a code as ParseState does; an empty text is National.
func (s *State) UnmarshalText(b []byte) error {
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// stateSet is a set of states, one bit per State.
type stateSet uint32

func setOf(ss ...State) stateSet {
	var set stateSet
	for _, s := range ss {
		set |= 1 << s
	}
	return set
}

func (set stateSet) has(s State) bool { return s.Valid() && set&(1<<s) != 0 }
