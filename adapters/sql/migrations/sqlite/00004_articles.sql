-- Topic portal articles. Released migrations are never edited; add a new file.
-- The lists and translations are JSON text, read and written with the
-- article; article_tags is the index behind the tag filter.

-- +goose Up
CREATE TABLE articles (
    slug         TEXT    NOT NULL PRIMARY KEY,
    topic        TEXT    NOT NULL,
    tags         TEXT    NOT NULL,
    related      TEXT    NOT NULL,
    basis        TEXT    NOT NULL,
    reviewed     TEXT,
    translations TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE INDEX articles_topic ON articles (topic, slug);

CREATE TABLE article_tags (
    tag  TEXT NOT NULL,
    slug TEXT NOT NULL REFERENCES articles (slug) ON DELETE CASCADE,
    PRIMARY KEY (tag, slug)
) STRICT, WITHOUT ROWID;

-- The foreign key's lookup when an article goes.
CREATE INDEX article_tags_slug ON article_tags (slug);

-- +goose Down
DROP TABLE article_tags;
DROP TABLE articles;
