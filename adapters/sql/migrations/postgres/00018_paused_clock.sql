-- The shop's paused answer clock (issue 16, item 1; docs/adr-paused-clocks.md).
-- Released migrations are never edited; add a new file.
-- New columns of complaints (complaint.Clock): the day the running pause
-- began and the question that began it, the days left of the answer
-- period, the day it runs again without an answer, the pauses so far and
-- the days of the ended pauses (the dashboard sums them apart from the
-- deadlines). complaint_messages.question marks the shop's questions.
-- Complaints stored before were never paused: the defaults say so.

-- +goose Up
ALTER TABLE complaints
    ADD COLUMN paused_on      date,
    ADD COLUMN clock_question text    NOT NULL DEFAULT '',
    ADD COLUMN rest_days      integer NOT NULL DEFAULT 0 CHECK (rest_days >= 0),
    ADD COLUMN resume_by      date,
    ADD COLUMN pauses         integer NOT NULL DEFAULT 0 CHECK (pauses >= 0),
    ADD COLUMN paused_days    integer NOT NULL DEFAULT 0 CHECK (paused_days >= 0);
ALTER TABLE complaint_messages ADD COLUMN question boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE complaint_messages DROP COLUMN question;
ALTER TABLE complaints
    DROP COLUMN paused_days,
    DROP COLUMN pauses,
    DROP COLUMN resume_by,
    DROP COLUMN rest_days,
    DROP COLUMN clock_question,
    DROP COLUMN paused_on;
