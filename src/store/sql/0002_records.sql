-- Passerelle records (DESIGN.md §2, §5). Owned by src/store/records.rs.
--
-- Every entity table has the same shape:
--   id          the record's UUID (records are matched by UUID only when packets merge)
--   *_id        its links, as real foreign keys, indexed; DEFERRABLE so that one
--               transaction (an import, the demo) may write records in any order
--   data        the record as JSON (the serde form of the domain struct)
--   stamps      per-field stamps {hlc, site} of the last write of each top-level field,
--               plus "deleted_at" for a tombstone; the per-field merge compares these.
--               Stored compactly as JSON {"b": shared stamp, "o": {field: stamp}}
--               (see StoredStamps in records.rs)
--   hlc         the highest stamp's clock, for "changed since" queries
--   deleted_at  tombstone (RFC 3339); deleted records are hidden, never removed, so a
--               packet cannot resurrect them

-- Programme
CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX programmes_hlc ON programmes(hlc);

-- Household
CREATE TABLE households (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX households_hlc ON households(hlc);
-- Counting live households for the main window without reading every record.
CREATE INDEX households_live ON households(id) WHERE deleted_at IS NULL;

-- Adult
CREATE TABLE adults (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX adults_household_id ON adults(household_id);
CREATE INDEX adults_hlc ON adults(hlc);

-- Child
CREATE TABLE children (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX children_household_id ON children(household_id);
CREATE INDEX children_hlc ON children(hlc);

-- Case
CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    programme_id TEXT NOT NULL REFERENCES programmes(id) DEFERRABLE INITIALLY DEFERRED,
    -- Derived from stage_events by records.rs (the kanban must not replay histories).,
    current_stage_id TEXT,
    stage_since TEXT,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX cases_household_id ON cases(household_id);
CREATE INDEX cases_programme_id ON cases(programme_id);
CREATE INDEX cases_hlc ON cases(hlc);
CREATE INDEX cases_current_stage ON cases(current_stage_id);
-- Summary and board queries on live cases, answered from indexes (no JSON parsing).
CREATE INDEX cases_live_exit ON cases(data ->> '$.exit') WHERE deleted_at IS NULL;
CREATE INDEX cases_live_stage ON cases(current_stage_id) WHERE deleted_at IS NULL;

-- StageEvent
CREATE TABLE stage_events (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX stage_events_case_id ON stage_events(case_id);
CREATE INDEX stage_events_hlc ON stage_events(hlc);

-- Employer
CREATE TABLE employers (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX employers_hlc ON employers(hlc);

-- JobOffer
CREATE TABLE job_offers (
    id TEXT PRIMARY KEY NOT NULL,
    employer_id TEXT NOT NULL REFERENCES employers(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX job_offers_employer_id ON job_offers(employer_id);
CREATE INDEX job_offers_hlc ON job_offers(hlc);

-- Tutor
CREATE TABLE tutors (
    id TEXT PRIMARY KEY NOT NULL,
    adult_id TEXT NOT NULL REFERENCES adults(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX tutors_adult_id ON tutors(adult_id);
CREATE INDEX tutors_hlc ON tutors(hlc);

-- EmploymentFollowUp
CREATE TABLE employment_follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    adult_id TEXT NOT NULL REFERENCES adults(id) DEFERRABLE INITIALLY DEFERRED,
    offer_id TEXT REFERENCES job_offers(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX employment_follow_ups_adult_id ON employment_follow_ups(adult_id);
CREATE INDEX employment_follow_ups_offer_id ON employment_follow_ups(offer_id);
CREATE INDEX employment_follow_ups_hlc ON employment_follow_ups(hlc);

-- Landlord
CREATE TABLE landlords (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX landlords_hlc ON landlords(hlc);

-- HousingUnit
CREATE TABLE housing_units (
    id TEXT PRIMARY KEY NOT NULL,
    landlord_id TEXT NOT NULL REFERENCES landlords(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX housing_units_landlord_id ON housing_units(landlord_id);
CREATE INDEX housing_units_hlc ON housing_units(hlc);

-- RelayStay
CREATE TABLE relay_stays (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES housing_units(id) DEFERRABLE INITIALLY DEFERRED,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX relay_stays_unit_id ON relay_stays(unit_id);
CREATE INDEX relay_stays_household_id ON relay_stays(household_id);
CREATE INDEX relay_stays_hlc ON relay_stays(hlc);

-- Proposal
CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    offer_id TEXT REFERENCES job_offers(id) DEFERRABLE INITIALLY DEFERRED,
    unit_id TEXT REFERENCES housing_units(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX proposals_household_id ON proposals(household_id);
CREATE INDEX proposals_offer_id ON proposals(offer_id);
CREATE INDEX proposals_unit_id ON proposals(unit_id);
CREATE INDEX proposals_hlc ON proposals(hlc);

-- Appointment
CREATE TABLE appointments (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX appointments_household_id ON appointments(household_id);
CREATE INDEX appointments_hlc ON appointments(hlc);

-- Attendance
CREATE TABLE attendances (
    id TEXT PRIMARY KEY NOT NULL,
    appointment_id TEXT NOT NULL REFERENCES appointments(id) DEFERRABLE INITIALLY DEFERRED,
    adult_id TEXT NOT NULL REFERENCES adults(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX attendances_appointment_id ON attendances(appointment_id);
CREATE INDEX attendances_adult_id ON attendances(adult_id);
CREATE INDEX attendances_hlc ON attendances(hlc);

-- Note
CREATE TABLE notes (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    corrects_id TEXT REFERENCES notes(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX notes_household_id ON notes(household_id);
CREATE INDEX notes_corrects_id ON notes(corrects_id);
CREATE INDEX notes_hlc ON notes(hlc);

-- Partner
CREATE TABLE partners (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX partners_hlc ON partners(hlc);

-- DocumentItem
CREATE TABLE document_items (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    adult_id TEXT REFERENCES adults(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX document_items_household_id ON document_items(household_id);
CREATE INDEX document_items_adult_id ON document_items(adult_id);
CREATE INDEX document_items_hlc ON document_items(hlc);

-- Consent
CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) DEFERRABLE INITIALLY DEFERRED,
    partner_id TEXT REFERENCES partners(id) DEFERRABLE INITIALLY DEFERRED,
    data TEXT NOT NULL,
    stamps TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX consents_household_id ON consents(household_id);
CREATE INDEX consents_partner_id ON consents(partner_id);
CREATE INDEX consents_hlc ON consents(hlc);

-- Search (src/store/search.rs). search_index holds one row per searchable record;
-- search_fts is an external-content FTS5 index over its `body`, kept in sync by triggers,
-- so that replacing a record's row is a keyed update (no full scan of the FTS table).
CREATE TABLE search_index (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    household_id TEXT,
    label TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE search_fts USING fts5(
    body,
    content = 'search_index',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER search_index_ai AFTER INSERT ON search_index BEGIN
    INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_index_ad AFTER DELETE ON search_index BEGIN
    INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER search_index_au AFTER UPDATE ON search_index BEGIN
    INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body);
END;
