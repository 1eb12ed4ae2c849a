-- Figures after the merge of issue 16's items (docs/adr-service-figures.md,
-- docs/adr-paused-clocks.md). Released migrations are never edited; add a new file.
-- cases.missed_obligations: how many of the settlement's obligations were
-- missed (mediation.Obligation.Missed), kept by the case store so that the
-- figure "settlements kept" is one column test; back-filled from the
-- case documents. complaints_paused_due: the dashboard's paused figures
-- read only complaints whose clock was ever paused.

-- +goose Up
ALTER TABLE cases ADD COLUMN missed_obligations integer NOT NULL DEFAULT 0 CHECK (missed_obligations >= 0);
UPDATE cases SET missed_obligations = (
    SELECT count(*) FROM jsonb_array_elements(COALESCE(cases.doc -> 'obligations', '[]'::jsonb)) AS o
    WHERE COALESCE(o ->> 'missed_on', '') <> '');
CREATE INDEX complaints_paused_due ON complaints (answer_due) WHERE pauses > 0;

-- +goose Down
DROP INDEX complaints_paused_due;
ALTER TABLE cases DROP COLUMN missed_obligations;
