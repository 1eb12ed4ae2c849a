package portal_test

import (
	"errors"
	"fmt"
	"testing/fstest"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// exampleContent is a tiny content directory: topics and two articles.
var exampleContent = fstest.MapFS{
	"content/topics.yaml": {Data: []byte(`- key: returns
  order: 1
  title: {de: Rücksendung, en: Returns}
  summary: {de: "Wer zahlt die Rücksendung?", en: "Who pays for returns?"}
- key: delivery
  order: 2
  title: {de: Lieferung, en: Delivery}
  summary: {de: "Wenn die Ware nicht kommt.", en: "When goods do not arrive."}
`)},
	"content/articles/ruecksendekosten.de.md": {Data: []byte(`---
slug: ruecksendekosten
lang: de
title: "Rücksendekosten: Wer zahlt das Porto?"
summary: "Verbraucher tragen die Kosten nur, wenn der Shop vorher darüber informiert hat."
topic: returns
tags: [return, withdrawal]
related: [lieferverzug]
keywords: [Rückporto, Retoure]
basis: ["BGB §357 Abs. 5"]
reviewed: 2026-11-25
---
Ohne Hinweis in der Widerrufsbelehrung zahlt der Händler die Rücksendung.
`)},
	"content/articles/lieferverzug.de.md": {Data: []byte(`---
slug: lieferverzug
lang: de
title: "Lieferverzug: Wenn die Ware nicht kommt"
summary: "Was gilt, wenn der Liefertermin verstrichen ist."
topic: delivery
tags: [delivery, delivery.overdue, delivery.set_deadline]
reviewed: 2026-11-25
---
Setzen Sie dem Shop eine angemessene Nachfrist.
`)},
}

func ExampleLoad() {
	lib, err := portal.Load(exampleContent, "content")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range lib.Articles {
		fmt.Println(a.Slug, a.Topic, a.Tags)
	}
	// Output:
	// lieferverzug delivery [delivery delivery.overdue delivery.set_deadline]
	// ruecksendekosten returns [return withdrawal]
}

func ExampleLoad_errors() {
	broken := fstest.MapFS{
		"content/topics.yaml":         exampleContent["content/topics.yaml"],
		"content/articles/neu.de.md":  {Data: []byte("---\nslug: neu\nlang: de\ntitle: Neu\nsummary: x\ntopic: weather\ntags: [return]\nrelated: [gibt-es-nicht]\nreviewed: 2026-13-01\n---\nText\n")},
		"content/articles/neu2.en.md": {Data: []byte("---\nslug: neu2\nlang: en\n---\n")},
	}
	_, err := portal.Load(broken, "content")
	var errs portal.LoadErrors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Println(e)
		}
	}
	// Output:
	// articles/neu.de.md:6: topic: unknown value "weather"
	// articles/neu.de.md:8: related[0]: refers to something unknown: gibt-es-nicht
	// articles/neu.de.md:9: reviewed: not a valid date (YYYY-MM-DD)
	// articles/neu2.en.md:3: translations.de: is required
}

func ExampleIndex_Search() {
	lib, _ := portal.Load(exampleContent, "content")
	ix := portal.BuildIndex(lib.Articles, lib.Topics)
	// "Kosten der Rücksendung" finds the compound "Rücksendekosten", typed
	// without umlauts, too; "Händler" also finds its synonym "Shop".
	for _, q := range []string{"Kosten der Ruecksendung", "Händler"} {
		res, err := ix.Search(portal.SearchRequest{Q: q, Lang: fairshops.German})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, h := range res.Hits {
			fmt.Printf("%s: %s\n  %s\n", q, h.Slug, portal.SnippetHTML(h.Snippet))
		}
	}
	// Output:
	// Kosten der Ruecksendung: ruecksendekosten
	//   Ohne Hinweis in der Widerrufsbelehrung zahlt der Händler die <mark>Rücksendung</mark>.
	// Händler: ruecksendekosten
	//   Ohne Hinweis in der Widerrufsbelehrung zahlt der <mark>Händler</mark> die Rücksendung.
	// Händler: lieferverzug
	//   Setzen Sie dem <mark>Shop</mark> eine angemessene Nachfrist.
}

func ExampleIndex_ForFindings() {
	lib, _ := portal.Load(exampleContent, "content")
	ix := portal.BuildIndex(lib.Articles, lib.Topics)
	// The rule IDs and the category of a pre-check lead to the articles
	// that explain them.
	for _, ref := range ix.ForFindings("delivery", []string{"delivery.overdue", "contact.shop_first"}, fairshops.German, 3) {
		fmt.Println(ref.Slug, "-", ref.Title)
	}
	// Output:
	// lieferverzug - Lieferverzug: Wenn die Ware nicht kommt
}

func ExampleRenderMarkdown() {
	html, _ := portal.RenderMarkdown("Siehe [Frist](/portal/widerrufsfrist) <script>alert(1)</script> und [hier](javascript:alert(1)).")
	fmt.Println(html)
	// Output:
	// <p>Siehe <a href="/portal/widerrufsfrist">Frist</a> <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> und hier.</p>
}

func ExampleParseQuery() {
	q, err := portal.ParseQuery("  Rückgabe\tKosten ")
	fmt.Printf("%q %q %v\n", q.Text, q.Words, err)
	_, err = portal.ParseQuery("R\xfcckgabe")
	fmt.Println(err)
	// Output:
	// "Rückgabe Kosten" ["rueckgabe" "kosten"] <nil>
	// portal.ParseQuery: invalid input: q: contains invalid characters (not UTF-8)
}

func ExampleResolveLanguage() {
	lang, _ := portal.ResolveLanguage("", "en-GB,en;q=0.9,de;q=0.8")
	fmt.Println(lang)
	lang, _ = portal.ResolveLanguage("", "fr-FR")
	fmt.Println(lang)
	_, err := portal.ResolveLanguage("fr")
	fmt.Println(err)
	// Output:
	// en
	// de
	// portal.ResolveLanguage: invalid input: lang: unknown value "fr"
}
