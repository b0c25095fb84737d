-- Household view (issue 4). Owned by src/store/household.rs.

-- Files attached to a document of the checklist. The bytes live inside the encrypted
-- database (never as a file beside it), at most 10 MiB each (checked by the store).
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    document_id TEXT NOT NULL REFERENCES document_items(id) DEFERRABLE INITIALLY DEFERRED,
    file_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    added_at TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_document_id ON attachments(document_id);

-- A form being edited when the app locked: written just before the connection is
-- dropped, read and deleted after the next unlock (secure_delete wipes the pages).
CREATE TABLE drafts (
    key TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;

-- The household list (src/store/household.rs, household_rows) reads one value per
-- household from each table: covering indexes on the JSON fields it reads, so the list is
-- built from small index pages instead of decrypting and parsing every record.
CREATE INDEX households_list ON households(id, data ->> '$.label', data ->> '$.commune', data ->> '$.referent') WHERE deleted_at IS NULL;
CREATE INDEX cases_list ON cases(household_id, current_stage_id, data ->> '$.exit', data ->> '$.referent') WHERE deleted_at IS NULL;
CREATE INDEX notes_last_contact ON notes(household_id, data ->> '$.at') WHERE deleted_at IS NULL;
CREATE INDEX appointments_last_contact ON appointments(household_id, data ->> '$.at') WHERE deleted_at IS NULL AND household_id IS NOT NULL;
CREATE INDEX consents_list ON consents(household_id, data ->> '$.given_on', data ->> '$.expires_on', data ->> '$.withdrawn_on') WHERE deleted_at IS NULL;
CREATE INDEX children_enrolment_to_do ON children(household_id) WHERE deleted_at IS NULL AND data ->> '$.enrolment' = 'a_faire';
CREATE INDEX documents_missing ON document_items(household_id) WHERE deleted_at IS NULL AND data ->> '$.status' != 'fourni';
