package sqlstore

import (
	"context"
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// The methods of ArticleStore; how it stores its rows is told at the type (stores.go).

const articleColumns = `slug, topic, tags, related, basis, reviewed, translations, version`

// translationRec is a portal.Translation as stored.
type translationRec struct {
	Lang     string   `json:"lang"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Keywords []string `json:"keywords"`
	Body     string   `json:"body"`
}

// articleDocs are an article's JSON documents.
type articleDocs struct{ tags, related, basis, translations string }

func encodeArticleDocs(a *portal.Article) (articleDocs, error) {
	var r articleDocs
	var err error
	for _, f := range []struct {
		into *string
		v    any
	}{
		{&r.tags, a.Tags}, {&r.related, a.Related}, {&r.basis, a.Basis},
		{&r.translations, mapSlice(a.Translations, func(t portal.Translation) translationRec {
			return translationRec{Lang: string(t.Lang), Title: t.Title, Summary: t.Summary, Keywords: t.Keywords, Body: t.Body}
		})},
	} {
		if *f.into, err = encodeDoc(f.v); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Get implements portal.Store.
func (s *ArticleStore) Get(ctx context.Context, slug string) (portal.Article, error) {
	const op = "sqlstore.ArticleStore.Get"
	a, err := scanArticle(s.db.queryRow(ctx, `SELECT `+articleColumns+` FROM articles WHERE slug = ?`, slug))
	if err != nil {
		return portal.Article{}, wrapRow(op, slug, err)
	}
	return a, nil
}

// Create implements portal.Store: an insert at version 1 with the tag
// index in the same unit of work; Conflict when the slug exists.
func (s *ArticleStore) Create(ctx context.Context, a portal.Article) (portal.Article, error) {
	const op = "sqlstore.ArticleStore.Create"
	docs, err := encodeArticleDocs(&a)
	if err != nil {
		return portal.Article{}, fairshops.E(op, fairshops.Internal, a.Slug, "encode article", err)
	}
	err = s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		_, err := tx.exec(ctx, `INSERT INTO articles (`+articleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
			a.Slug, a.Topic, docs.tags, docs.related, docs.basis, dateArg(a.Reviewed), docs.translations)
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, a.Slug, "article exists", err)
		}
		if err != nil {
			return err
		}
		return insertTags(ctx, tx, a.Slug, a.Tags)
	})
	if err != nil {
		return portal.Article{}, wrap(op, a.Slug, err)
	}
	out := a.Clone()
	out.Version = 1
	return out, nil
}

// Update implements portal.Store: an update of the stored version
// (Conflict when it is stale, NotFound when there is no such article); the
// tag index follows in the same unit of work.
func (s *ArticleStore) Update(ctx context.Context, a portal.Article) (portal.Article, error) {
	const op = "sqlstore.ArticleStore.Update"
	docs, err := encodeArticleDocs(&a)
	if err != nil {
		return portal.Article{}, fairshops.E(op, fairshops.Internal, a.Slug, "encode article", err)
	}
	err = s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE articles SET topic = ?, tags = ?, related = ?, basis = ?, reviewed = ?,
			translations = ?, version = version + 1 WHERE slug = ? AND version = ?`,
			a.Topic, docs.tags, docs.related, docs.basis, dateArg(a.Reviewed), docs.translations, a.Slug, a.Version)
		if err != nil {
			return err
		}
		if err := versionChecked(ctx, tx, res, op, "articles", "slug", a.Slug); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM article_tags WHERE slug = ?`, a.Slug); err != nil {
			return err
		}
		return insertTags(ctx, tx, a.Slug, a.Tags)
	})
	if err != nil {
		return portal.Article{}, wrap(op, a.Slug, err)
	}
	out := a.Clone()
	out.Version++
	return out, nil
}

// insertTags indexes the article's distinct tags.
func insertTags(ctx context.Context, tx *txn, slug string, tags []string) error {
	distinct := slices.Compact(slices.Sorted(slices.Values(tags)))
	if len(distinct) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(distinct))
	for _, t := range distinct {
		args = append(args, t, slug)
	}
	_, err := tx.exec(ctx, `INSERT INTO article_tags (tag, slug) VALUES `+valuesRows(len(distinct), 2), args...)
	return err
}

// Delete implements portal.Store; the tag index goes with the article
// (ON DELETE CASCADE).
func (s *ArticleStore) Delete(ctx context.Context, slug string, version int64) error {
	const op = "sqlstore.ArticleStore.Delete"
	err := s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		res, err := tx.exec(ctx, `DELETE FROM articles WHERE slug = ? AND version = ?`, slug, version)
		if err != nil {
			return err
		}
		return versionChecked(ctx, tx, res, op, "articles", "slug", slug)
	})
	return wrap(op, slug, err)
}

// List implements portal.Store.
func (s *ArticleStore) List(ctx context.Context, f portal.ListFilter) ([]portal.Article, error) {
	const op = "sqlstore.ArticleStore.List"
	if err := s.db.cursorExists(ctx, op, "articles", "slug", f.After); err != nil {
		return nil, err
	}
	where := " WHERE slug > ?"
	args := []any{f.After}
	if f.Topic != "" {
		where += " AND topic = ?"
		args = append(args, f.Topic)
	}
	if f.Tag != "" {
		where += " AND slug IN (SELECT slug FROM article_tags WHERE tag = ?)"
		args = append(args, f.Tag)
	}
	args = append(args, fairshops.PageLimit(f.Limit))
	out, err := queryAll(ctx, s.db, scanArticle,
		`SELECT `+articleColumns+` FROM articles`+where+` ORDER BY slug LIMIT ?`, args...)
	return out, wrap(op, "", err)
}

func scanArticle(row scanner) (portal.Article, error) {
	var a portal.Article
	var tags, related, basis, translations []byte
	if err := row.Scan(&a.Slug, &a.Topic, bytesCol{&tags}, bytesCol{&related}, bytesCol{&basis},
		dateCol{&a.Reviewed}, bytesCol{&translations}, &a.Version); err != nil {
		return a, err
	}
	var trs []translationRec
	for _, f := range []struct {
		data []byte
		into any
	}{{tags, &a.Tags}, {related, &a.Related}, {basis, &a.Basis}, {translations, &trs}} {
		if err := decodeDoc(f.data, "article "+a.Slug, f.into); err != nil {
			return a, err
		}
	}
	a.Translations = mapSlice(trs, func(r translationRec) portal.Translation {
		return portal.Translation{Lang: fairshops.Language(r.Lang), Title: r.Title, Summary: r.Summary,
			Keywords: r.Keywords, Body: r.Body}
	})
	return a, nil
}
