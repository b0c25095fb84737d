-- 0003: covering indexes for the board's cards (src/store/board.rs). Each per-household
-- aggregate is answered from its index alone: SQLCipher then decrypts index pages, not
-- every record's JSON (a full table read costs ~0.3 s per table at 10,000 households).
-- The expressions are written exactly as in the queries, so that SQLite uses them.
CREATE INDEX board_cases ON cases(
    programme_id, id, household_id, current_stage_id, stage_since,
    data ->> '$.referent', data ->> '$.opened_on', data ->> '$.exit'
) WHERE deleted_at IS NULL;
CREATE INDEX board_households ON households(
    id, data ->> '$.label', data ->> '$.commune'
) WHERE deleted_at IS NULL;
CREATE INDEX board_adults ON adults(household_id) WHERE deleted_at IS NULL;
CREATE INDEX board_children ON children(household_id) WHERE deleted_at IS NULL;
CREATE INDEX board_appointments ON appointments(household_id, data ->> '$.at')
    WHERE deleted_at IS NULL;
CREATE INDEX board_notes ON notes(household_id, data ->> '$.at') WHERE deleted_at IS NULL;
CREATE INDEX board_documents ON document_items(household_id, data ->> '$.status')
    WHERE deleted_at IS NULL;
CREATE INDEX board_consents ON consents(
    household_id, data ->> '$.withdrawn_on', data ->> '$.expires_on'
) WHERE deleted_at IS NULL;
CREATE INDEX board_proposals ON proposals(household_id, data ->> '$.status')
    WHERE deleted_at IS NULL;
