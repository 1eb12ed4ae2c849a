// Command scoring scores shops against the Fair Shops Standard.
//
// It reads shop facts (ShopFacts records: "id", "name", "as_of", "fulfilled",
// "bookings") as a JSON array or as JSON lines, from files or standard input,
// scores each against the embedded catalogue or an imported one, and writes
// one JSON line per shop (with its name and the ways to close its gap by
// the criteria's titles) or a readable table that fits 120 columns (one
// way to close per line), and a summary line (on standard error for JSON
// lines, so that standard output stays JSON). -lang chooses the language of
// every text: the table, the titles, the summary and the error messages.
// It streams: memory stays constant however many shops come in.
//
//	go run ./examples/scoring -catalogue my.json shops.jsonl
//	go run ./examples/scoring -format table < shops.json
//	go run ./examples/scoring -generate 1000000 > shops.jsonl   # test data
//
// A bad record is reported on standard error with its line number and does
// not stop the rest. Exit status: 0 all records scored, 1 some records were
// bad, 2 the run itself failed (usage, unreadable input or catalogue, broken
// JSON array).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, time.Now))
}

// Exit codes.
const (
	exitOK   = 0
	exitBad  = 1
	exitFail = 2
)

type options struct {
	catalogue string
	format    string
	asOf      fairshops.Date
	lang      fairshops.Language
	generate  int
	msgs      *fairshops.Messages // the texts of messages_*.go
}

// text renders a message of the command in lang.
func (o options) text(lang fairshops.Language, key string, args ...any) string {
	return o.msgs.Render(lang, key, args...)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) int {
	fl := flag.NewFlagSet("scoring", flag.ContinueOnError)
	fl.SetOutput(stderr)
	o := options{msgs: fairshops.NewMessages(map[fairshops.Language]map[string]string{
		fairshops.German: textDE(), fairshops.English: textEN()})}
	var asOf, lang string
	fl.StringVar(&o.catalogue, "catalogue", "", "catalogue JSON file to import (default: the embedded catalogue)")
	fl.StringVar(&o.format, "format", "jsonl", "output: jsonl or table")
	fl.StringVar(&asOf, "as-of", "", "date to score on, YYYY-MM-DD, for records without as_of (default: today in Europe/Berlin)")
	fl.StringVar(&lang, "lang", "de", "language of all text (table, criteria titles, summary, errors): de or en")
	fl.IntVar(&o.generate, "generate", 0, "write N generated shop records as JSON lines and exit (test data)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: scoring [flags] [file ...]   (no file or '-': standard input)")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return exitFail
	}
	if o.format != "jsonl" && o.format != "table" {
		fmt.Fprintf(stderr, "scoring: -format must be jsonl or table, not %q\n", o.format)
		return exitFail
	}
	l, err := fairshops.ParseLanguage(lang)
	if err != nil {
		fmt.Fprintf(stderr, "scoring: -lang: %v\n", err)
		return exitFail
	}
	o.lang = l
	o.asOf = fairshops.DateOf(now(), fairshops.Berlin())
	if asOf != "" {
		d, err := fairshops.ParseDate(asOf)
		if err != nil {
			fmt.Fprintf(stderr, "scoring: -as-of: %v\n", err)
			return exitFail
		}
		o.asOf = d
	}
	if o.generate > 0 {
		if err := generate(stdout, o.generate); err != nil {
			fmt.Fprintf(stderr, "scoring: %v\n", err)
			return exitFail
		}
		return exitOK
	}

	cat := fairshops.DefaultCatalogue()
	if o.catalogue != "" {
		f, err := os.Open(o.catalogue)
		if err != nil {
			fmt.Fprintf(stderr, "scoring: %v\n", err)
			return exitFail
		}
		cat, err = fairshops.Load(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "scoring: catalogue %s: %v\n", o.catalogue, err)
			return exitFail
		}
	}

	out := bufio.NewWriterSize(stdout, 64<<10)
	w := newWriter(out, o, cat)
	files := fl.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	status, bad := exitOK, 0
	for _, name := range files {
		in, closeIn, err := open(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "scoring: %v\n", err)
			status = exitFail
			continue
		}
		s := &scorer{cat: cat, opts: o, out: w, errs: stderr, name: name}
		if err := s.score(in); err != nil {
			fmt.Fprintf(stderr, "scoring: %s: %v\n", name, err)
			status = exitFail
		} else if s.bad > 0 && status == exitOK {
			status = exitBad
		}
		bad += s.bad
		closeIn()
	}
	summary := o.text(o.lang, "summary", w.rows+bad, w.rows, w.compliant, bad)
	if w.table {
		fmt.Fprintln(out, summary)
	} else {
		fmt.Fprintln(stderr, summary)
	}
	if err := w.flush(); err != nil {
		fmt.Fprintf(stderr, "scoring: write: %v\n", err)
		return exitFail
	}
	return status
}

func open(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// scorer scores the records of one input.
type scorer struct {
	cat  *fairshops.Catalogue
	opts options
	out  *writer
	errs io.Writer
	name string
	bad  int
	a    fairshops.Assessment // reused across records
}

// score reads a JSON array or JSON lines, decided by the first byte that is
// not white space.
func (s *scorer) score(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	lines := 0 // lines of leading white space
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return nil // empty input
		}
		if err != nil {
			return err
		}
		switch c {
		case '\n':
			lines++
			continue
		case ' ', '\t', '\r':
			continue
		}
		if err := br.UnreadByte(); err != nil {
			return err
		}
		if c == '[' {
			return s.scoreArray(br, lines)
		}
		return s.scoreLines(br, lines)
	}
}

// scoreLines scores JSON lines; skipped counts lines already consumed.
func (s *scorer) scoreLines(br *bufio.Reader, skipped int) error {
	line := skipped
	var buf []byte
	for {
		buf = buf[:0]
		tooLong := false
		var err error
		for {
			var part []byte
			part, err = br.ReadSlice('\n')
			if len(buf)+len(part) > fairshops.MaxFactsSize {
				tooLong = true
			} else {
				buf = append(buf, part...)
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if len(buf) == 0 && !tooLong && err == io.EOF {
			return nil
		}
		line++
		switch {
		case tooLong:
			s.reject(line, "", errors.New(s.opts.text(s.opts.lang, "too_long", fairshops.MaxFactsSize)))
		case len(bytes.TrimSpace(buf)) > 0:
			s.record(line, buf)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// scoreArray scores the elements of a JSON array one by one. A syntax
// error inside the array cannot be skipped: it ends the input.
func (s *scorer) scoreArray(br *bufio.Reader, skipped int) error {
	lc := &lineCounter{r: br, line: skipped + 1}
	dec := json.NewDecoder(lc)
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("line %d: %v", lc.lineAt(dec.InputOffset()), err)
	}
	for dec.More() {
		var raw json.RawMessage
		start := dec.InputOffset()
		err := dec.Decode(&raw)
		// The element starts after the white space and comma that follow start.
		line := lc.lineAt(start + int64(lc.skipSeparators(start)))
		if err != nil {
			s.bad++
			return fmt.Errorf("line %d: broken JSON array, the rest is not read: %v", line, err)
		}
		s.record(line, raw)
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("line %d: %v", lc.lineAt(dec.InputOffset()), err)
	}
	return nil
}

func (s *scorer) record(line int, data []byte) {
	facts, err := fairshops.DecodeShopFacts(data, s.cat)
	if err != nil {
		s.reject(line, idOf(data), err)
		return
	}
	on := facts.AsOf
	if on.IsZero() {
		on = s.opts.asOf
	}
	s.cat.AssessInto(&s.a, facts.Fulfilled, facts.Bookings, on)
	if err := s.out.write(line, facts.ID, facts.Name, &s.a); err != nil {
		s.reject(line, facts.ID, err)
	}
}

func (s *scorer) reject(line int, id string, err error) {
	s.bad++
	where := fmt.Sprintf("%s:%d", s.name, line)
	if id != "" {
		where += " (" + id + ")"
	}
	var ve *fairshops.ValidationError
	if errors.As(err, &ve) {
		parts := make([]string, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			field := f.Field
			if field == "" {
				field = s.opts.text(s.opts.lang, "record")
			}
			parts = append(parts, field+": "+f.Reason(s.opts.lang))
		}
		fmt.Fprintf(s.errs, "%s: %s\n", where, strings.Join(parts, "; "))
		return
	}
	fmt.Fprintf(s.errs, "%s: %v\n", where, err)
}

// idOf digs the shop ID out of a bad record, for the error message.
func idOf(data []byte) string {
	var v struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(data, &v) != nil || len(v.ID) > 100 {
		return ""
	}
	return v.ID
}

// lineCounter counts the lines of what a json.Decoder has read, so that an
// input offset can be turned into a line number without keeping the input.
// It keeps only the bytes read but not yet asked about: the decoder's
// read-ahead, bounded by its buffer and one record.
type lineCounter struct {
	r       io.Reader
	pending []byte // bytes from offset base on
	base    int64
	line    int // the line at offset base
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.pending = append(c.pending, p[:n]...)
	return n, err
}

// lineAt returns the line of offset off; offsets must not decrease.
func (c *lineCounter) lineAt(off int64) int {
	k := min(int(off-c.base), len(c.pending))
	if k <= 0 {
		return c.line
	}
	c.line += bytes.Count(c.pending[:k], []byte{'\n'})
	c.pending = c.pending[:copy(c.pending, c.pending[k:])]
	c.base += int64(k)
	return c.line
}

// skipSeparators returns how many bytes from offset start are white space
// or commas, the bytes before the next array element.
func (c *lineCounter) skipSeparators(start int64) int {
	i := int(start - c.base)
	n := 0
	for i >= 0 && i < len(c.pending) {
		switch c.pending[i] {
		case ' ', '\t', '\r', '\n', ',':
			n++
			i++
			continue
		}
		break
	}
	return n
}

// writer writes results as JSON lines or as a table.
type writer struct {
	w         *bufio.Writer
	enc       *json.Encoder
	table     bool
	opts      options
	cat       *fairshops.Catalogue
	rows      int // records written
	compliant int // of them compliant
}

func newWriter(w *bufio.Writer, o options, cat *fairshops.Catalogue) *writer {
	wr := &writer{w: w, opts: o, cat: cat, table: o.format == "table"}
	if !wr.table {
		wr.enc = json.NewEncoder(w)
		wr.enc.SetEscapeHTML(false)
	}
	return wr
}

// result is one JSON line of output.
type result struct {
	Line int    `json:"line"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	*fairshops.Assessment
	// WaysToCloseTitles are the ways to close by the criteria's titles
	// in -lang, in the order of ways_to_close.
	WaysToCloseTitles [][]string `json:"ways_to_close_titles"`
}

// The table's columns: widths in characters, two spaces between, and the
// ways to close in what is left of 120 columns. A shop's row takes as many
// lines as it needs: one missing MUST criterion per line, each way to close
// on lines of its own, wrapped at words.
const (
	tableWidth = 120
	colGap     = "  "
)

var tableCols = [...]int{5, 16, 9, 6, 6, 32} // line, shop, compliant, points, shortfall, must missing

// waysWidth is the width of the last column.
func waysWidth() int {
	n := tableWidth
	for _, c := range tableCols {
		n -= c + len(colGap)
	}
	return n
}

func (w *writer) write(line int, id, name string, a *fairshops.Assessment) error {
	w.rows++
	if a.Compliant {
		w.compliant++
	}
	ways := w.titles(a.WaysToClose)
	if !w.table {
		return w.enc.Encode(result{Line: line, ID: id, Name: name, Assessment: a, WaysToCloseTitles: ways})
	}
	t := func(key string) string { return w.opts.text(w.opts.lang, key) }
	if w.rows == 1 {
		w.row([]string{t("col.line"), t("col.shop"), t("col.compliant"), t("col.points"), t("col.shortfall"), t("col.must")},
			t("col.ways"))
	}
	yes := t("no")
	if a.Compliant {
		yes = t("yes")
	}
	shop := id
	if name != "" {
		shop = name
	}
	var right []string
	for _, way := range ways {
		right = append(right, wrap(strings.Join(way, " + "), waysWidth())...)
	}
	if len(right) == 0 {
		right = []string{"-"}
	}
	must := a.MustMissing
	if len(must) == 0 {
		must = []string{"-"}
	}
	for i := range max(len(right), len(must)) {
		cells := make([]string, len(tableCols))
		if i == 0 {
			cells = []string{fmt.Sprint(line), dash(shop), yes, fmt.Sprintf("%d/%d", a.BonusPoints, a.BonusThreshold),
				fmt.Sprint(a.Shortfall), ""}
		}
		if i < len(must) {
			cells[5] = must[i]
		}
		last := ""
		if i < len(right) {
			last = right[i]
		}
		w.row(cells, last)
	}
	return nil
}

// wrap breaks s into lines of at most n characters at spaces; a word
// longer than a line is cut. Continuation lines are indented by two.
func wrap(s string, n int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = word
		case len([]rune(cur))+1+len([]rune(word)) <= n:
			cur += " " + word
		default:
			lines = append(lines, cut(cur, n))
			cur = "  " + word
		}
	}
	if cur != "" {
		lines = append(lines, cut(cur, n))
	}
	return lines
}

// row writes one line of the table, each cell cut to its column.
func (w *writer) row(cells []string, last string) {
	var b strings.Builder
	for i, c := range cells {
		b.WriteString(fit(c, tableCols[i]))
		b.WriteString(colGap)
	}
	b.WriteString(cut(last, waysWidth()))
	_, _ = w.w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
}

// titles are the ways to close by the criteria's titles in -lang.
func (w *writer) titles(ways [][]string) [][]string {
	out := make([][]string, len(ways))
	for i, way := range ways {
		out[i] = make([]string, len(way))
		for j, id := range way {
			out[i][j] = id
			if c, ok := w.cat.Criterion(id); ok {
				if t := c.Title.In(w.opts.lang); t != "" {
					out[i][j] = t
				}
			}
		}
	}
	return out
}

// cut shortens s to at most n characters, marking a cut with "…".
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// fit is s cut and padded to exactly n characters.
func fit(s string, n int) string {
	s = cut(s, n)
	return s + strings.Repeat(" ", n-len([]rune(s)))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (w *writer) flush() error { return w.w.Flush() }

// generate writes n deterministic shop records as JSON lines: test data for
// the throughput benchmark.
func generate(out io.Writer, n int) error {
	cat := fairshops.DefaultCatalogue()
	var musts, bonus []string
	for _, c := range cat.Criteria {
		switch {
		case c.Kind == fairshops.Must:
			musts = append(musts, c.ID)
		case c.Module == "":
			bonus = append(bonus, c.ID)
		}
	}
	r := rand.New(rand.NewPCG(2026, 11))
	w := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(w)
	for i := range n {
		f := fairshops.ShopFacts{ID: fmt.Sprintf("shop-%07d", i), AsOf: fairshops.MustDate("2026-11-25"), Fulfilled: []string{}, Bookings: []fairshops.Booking{}}
		for _, id := range musts {
			if r.IntN(10) > 0 {
				f.Fulfilled = append(f.Fulfilled, id)
			}
		}
		for _, id := range bonus {
			if r.IntN(4) == 0 {
				f.Fulfilled = append(f.Fulfilled, id)
			}
		}
		if m := r.IntN(4); m > 0 {
			b := fairshops.Booking{Module: fairshops.Modules()[m-1], From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.NeededForStandard}
			if r.IntN(2) == 0 {
				b.Purpose = fairshops.ExtraTrust
			}
			if b.Module == fairshops.Streitmoderation {
				b.MediationMode = fairshops.ShopDiscretion
			}
			f.Bookings = append(f.Bookings, b)
		}
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return w.Flush()
}
