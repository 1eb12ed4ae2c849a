package portal

import (
	"bytes"
	"html"
	"html/template"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the one goldmark configuration of the package: CommonMark plus
// tables and strikethrough, without html.WithUnsafe, so raw HTML never reaches
// the output, and with a transformer that unwraps links to unsafe targets.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(linkGuard{}, 100))),
	)
})

// inspector parses like markdown but keeps unsafe links and images in the
// tree, so that inspectBody can report them.
var inspector = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
})

// RenderMarkdown renders an article body to HTML that is safe to embed in a
// page: raw HTML in the source is omitted, images are reduced to their
// alternative text, and links whose target has a scheme other than http,
// https or mailto (javascript:, data:, ...) keep their text but lose the link.
// The result may be used in html/template as trusted output.
func RenderMarkdown(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := markdown().Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil //nolint:gosec // goldmark without WithUnsafe plus linkGuard: see RenderMarkdown
}

// HTML renders the translation's body with RenderMarkdown. Should rendering
// fail, it returns the escaped source in a <pre> block, never raw input.
func (t Translation) HTML() template.HTML {
	h, err := RenderMarkdown(t.Body)
	if err != nil {
		return template.HTML("<pre>" + html.EscapeString(t.Body) + "</pre>") //nolint:gosec // escaped
	}
	return h
}

// safeDestination reports whether a link target may be emitted: relative
// references and the schemes http, https and mailto. It looks at the target
// as a browser would: character references decoded, white space and control
// characters (which browsers drop inside a scheme) removed.
func safeDestination(dest string) bool {
	d := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return unicode.ToLower(r)
	}, html.UnescapeString(dest))
	end := strings.IndexAny(d, "/?#")
	if end < 0 {
		end = len(d)
	}
	colon := strings.IndexByte(d[:end], ':')
	if colon < 0 {
		return true // relative reference
	}
	switch d[:colon] {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// linkGuard unwraps links with unsafe targets and images (the portal has
// none) into their text, so that the renderer never sees them.
type linkGuard struct{}

// Transform implements parser.ASTTransformer.
func (linkGuard) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unwrap []ast.Node
	var replace []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !safeDestination(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			if !safeDestination(string(n.URL(src))) {
				replace = append(replace, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range replace {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
	}
}

// bodyProblem is something in a Markdown body that the content rules forbid,
// with its byte offset in the body.
type bodyProblem struct {
	offset int
	code   string
	arg    string
}

// inspectBody parses a Markdown body once and returns its plain text (for the
// index and snippets), the slugs of internal links (/portal/<slug>) with their
// offsets, and what the content rules forbid: raw HTML, images, unsafe links.
func inspectBody(body string) (plain string, links []bodyProblem, problems []bodyProblem) {
	src := []byte(body)
	doc := inspector().Parser().Parse(text.NewReader(src))
	var b strings.Builder
	offset := func(n ast.Node) int {
		for ; n != nil; n = n.Parent() {
			if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
				return n.Lines().At(0).Start
			}
			if t, ok := n.(*ast.Text); ok {
				return t.Segment.Start
			}
			if c := n.FirstChild(); c != nil {
				if t, ok := c.(*ast.Text); ok {
					return t.Segment.Start
				}
			}
		}
		return 0
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			start := 0
			if n.Lines().Len() > 0 {
				start = n.Lines().At(0).Start
			}
			problems = append(problems, bodyProblem{offset: start, code: "markup"})
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			start := 0
			if n.Segments.Len() > 0 {
				start = n.Segments.At(0).Start
			}
			problems = append(problems, bodyProblem{offset: start, code: "markup"})
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			problems = append(problems, bodyProblem{offset: offset(n), code: "image"})
		case *ast.Link:
			dest := string(n.Destination)
			if !safeDestination(dest) {
				problems = append(problems, bodyProblem{offset: offset(n), code: "link", arg: dest})
			} else if slug, ok := strings.CutPrefix(dest, "/portal/"); ok {
				slug, _, _ = strings.Cut(slug, "#")
				links = append(links, bodyProblem{offset: offset(n), arg: slug})
			}
		case *ast.AutoLink:
			if url := string(n.URL(src)); !safeDestination(url) {
				problems = append(problems, bodyProblem{offset: offset(n), code: "link", arg: url})
			}
			b.Write(n.Label(src))
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String()), links, problems
}
