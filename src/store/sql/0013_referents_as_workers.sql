-- 0013: bases from before named workers (issue 15) wrote each référent·e as free text on
-- households and cases. Each distinct name becomes a worker of the list, so the référent·e
-- picker offers them after the upgrade and the board, the list and the history keep saying
-- the same name. The first word is taken as the first name, the rest as the name.
INSERT INTO workers (id, first_name, last_name, structure, device, created_at)
SELECT substr(x, 1, 8) || '-' || substr(x, 9, 4) || '-' || substr(x, 13, 4) || '-'
           || substr(x, 17, 4) || '-' || substr(x, 21, 12),
       CASE WHEN instr(name, ' ') > 0 THEN substr(name, 1, instr(name, ' ') - 1) ELSE name END,
       CASE WHEN instr(name, ' ') > 0 THEN trim(substr(name, instr(name, ' ') + 1)) ELSE '' END,
       '',
       NULL,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (
    SELECT name, lower(hex(randomblob(16))) AS x
    FROM (
        SELECT trim(json_extract(data, '$.referent')) AS name FROM households
        WHERE deleted_at IS NULL
        UNION
        SELECT trim(json_extract(data, '$.referent')) AS name FROM cases
        WHERE deleted_at IS NULL
    )
    WHERE name IS NOT NULL AND name <> '' AND name <> 'Référent·e'
)
WHERE name NOT IN (SELECT trim(first_name || ' ' || last_name) FROM workers);
