-- Topic portal articles. Released migrations are never edited; add a new file.
-- The lists and translations are jsonb, read and written with the article;
-- article_tags is the index behind the tag filter. Slugs compare byte-wise.

-- +goose Up
CREATE TABLE articles (
    slug         text COLLATE "C" NOT NULL PRIMARY KEY,
    topic        text    NOT NULL,
    tags         jsonb   NOT NULL,
    related      jsonb   NOT NULL,
    basis        jsonb   NOT NULL,
    reviewed     date,
    translations jsonb   NOT NULL,
    version      bigint  NOT NULL CHECK (version > 0)
);

CREATE INDEX articles_topic ON articles (topic, slug);

CREATE TABLE article_tags (
    tag  text NOT NULL,
    slug text COLLATE "C" NOT NULL REFERENCES articles (slug) ON DELETE CASCADE,
    PRIMARY KEY (tag, slug)
);

-- The foreign key's lookup when an article goes.
CREATE INDEX article_tags_slug ON article_tags (slug);

-- +goose Down
DROP TABLE article_tags;
DROP TABLE articles;
