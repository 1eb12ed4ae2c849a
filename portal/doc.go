// Package portal is the Themenportal: topics and articles that help consumers
// and shops judge a mail-order dispute themselves.
//
// The flow it owns:
//
//  1. Content. Articles are Markdown files with YAML front matter, one file
//     per language (German is the source, English at least), shipped with the
//     library under content/ and read at start by [Load] or [LoadDefault]. The
//     loader is strict: it reports every problem of every file at once, each
//     with file and line ([LoadErrors]), and never panics.
//  2. Model. An [Article] holds the language-independent metadata (topic,
//     tags, related articles, legal basis, review date) and one [Translation]
//     per language. Tags are complaint category keys and pre-check rule IDs, so
//     a pre-check finding leads to the articles that explain it.
//  3. Rendering. [RenderMarkdown] turns an article body into safe HTML with
//     goldmark: raw HTML is dropped, links with a scheme other than http,
//     https or mailto lose their target. The result is trusted output for
//     html/template.
//  4. Search. [BuildIndex] builds an in-memory inverted index per language:
//     tokens are lower-cased and umlauts folded (ä -> ae, ß -> ss), words are
//     stemmed with the Snowball stemmers, German compounds are split against
//     the index vocabulary, and a small synonym table widens queries. Hits are
//     ranked with BM25F (title and keywords boosted) and carry a snippet whose
//     hit words are marked. [ParseQuery] checks user input first.
//  5. Links. [Index.ForFindings] maps the rule IDs and the category of a
//     pre-check to the articles that explain them, most specific first.
//  6. Storage and editing. [Store] is the port that keeps articles with an
//     optimistic version; [Service] holds a Store and the current index,
//     validates edits with the loader's rules and rebuilds the index after each
//     change.
package portal
