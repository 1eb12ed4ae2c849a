-- The queue's word search at a million complaints (issue 14, item 4;
-- docs/adr-queue-search.md, "Prefixes at a million complaints"). Released
-- migrations are never edited; add a new file.
-- A query word is a prefix (to_tsquery 'word:*'), which GIN answers by
-- reading the whole posting list of every lexeme it matches, without
-- statistics for the planner. konfliktservice_search_prefixes lists the
-- first 3 to 8 characters of every lexeme of a complaint's search vector
-- as lexemes of their own; the GIN index over it answers the same words
-- exactly (adapters/sql/queue.go: tsSource), and the prefix query stays
-- in the condition, so what a search finds is unchanged.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION konfliktservice_search_prefixes(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(left(l, n))), ''::tsvector)
    FROM unnest(tsvector_to_array(v)) AS l, generate_series(3, least(length(l), 8)) AS n
$$;
-- +goose StatementEnd
CREATE INDEX IF NOT EXISTS complaints_search_prefixes ON complaints USING gin (konfliktservice_search_prefixes(search));

-- +goose Down
DROP INDEX complaints_search_prefixes;
DROP FUNCTION konfliktservice_search_prefixes(tsvector);
