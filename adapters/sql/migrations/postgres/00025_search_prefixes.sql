-- The queue's word search at a million complaints (issue 14, item 4;
-- docs/adr-queue-search.md, "Prefixes at a million complaints"). Released
-- migrations are never edited; add a new file.
-- A query word is a prefix (to_tsquery 'word:*'), which GIN answers by
-- reading the whole posting list of every lexeme it matches, without
-- statistics for the planner. konfliktservice_search_prefixes lists the
-- first 3, 5 and 8 characters of every lexeme of a complaint's search
-- vector (as far as it is long) as lexemes of their own; the GIN index
-- over it answers the same words exactly by their longest such prefix
-- (adapters/sql/queue.go: tsSource), and the prefix query stays in the
-- condition, so what a search finds is unchanged. Three lengths, not
-- every one from 3 to 8: half the entries and CPU per written complaint.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION konfliktservice_search_prefixes(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(left(l, n))), ''::tsvector)
    FROM unnest(tsvector_to_array(v)) AS l, unnest('{3,5,8}'::int[]) AS n WHERE n <= length(l)
$$;
-- +goose StatementEnd
CREATE INDEX IF NOT EXISTS complaints_search_prefixes ON complaints USING gin (konfliktservice_search_prefixes(search));

-- +goose Down
DROP INDEX complaints_search_prefixes;
DROP FUNCTION konfliktservice_search_prefixes(tsvector);
