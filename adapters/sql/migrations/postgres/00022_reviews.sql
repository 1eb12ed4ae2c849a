-- The consumer's requests for a human review of the automated pre-check
-- and the operator's answers (the revised ADR Directive (EU) 2025/2647;
-- docs/adr-adr-directive.md, complaint/review.go). reviews: one JSON
-- document per complaint, a list like rechecks; review_due: the deadline
-- of the pending review, NULL when none is pending, the key of the
-- operator's list of open reviews (complaint.Store.Reviews). Complaints
-- stored before have no review. Released migrations are never edited; add
-- a new file.

-- +goose Up
ALTER TABLE complaints
    ADD COLUMN reviews    jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN review_due date;
CREATE INDEX complaints_review_due ON complaints (review_due, id) WHERE review_due IS NOT NULL;

-- +goose Down
DROP INDEX complaints_review_due;
ALTER TABLE complaints
    DROP COLUMN review_due,
    DROP COLUMN reviews;
