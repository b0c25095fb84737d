//! The layers of DESIGN.md §3, checked on the sources as text: `domain` and `matching` stay
//! pure (no egui, no SQL, no file system, no clock, nothing of the layers above them);
//! `store` imports none of the layers that use it (matching, exchange, team, app, ui);
//! `exchange` none of those above it; and `ui` never names the `Store` nor SQL (it draws
//! view models and pushes commands).
//!
//! Test modules (`#[cfg(test)] mod tests { … }`) and comments are not scanned: a unit test may
//! read the clock, a comment may name the store.

use std::path::{Path, PathBuf};

/// A rule: the files under `dir` must not name any of `forbidden`.
struct Rule {
    dir: &'static str,
    forbidden: &'static [&'static str],
    why: &'static str,
}

/// The layers above `domain` and `matching`.
const UPPER_LAYERS: [&str; 6] = [
    "crate::store",
    "crate::ui",
    "crate::app",
    "crate::exchange",
    "crate::team",
    "crate::cli",
];

const PURE: &[&str] = &[
    // Drawing.
    "egui",
    "egui_extras",
    "egui_plot",
    "eframe",
    // SQL.
    "rusqlite",
    // The file system (`std::fs`, `use std::{fs, …}`, `fs::read`).
    "fs",
    // The clock: the caller passes « today » or « now ».
    "SystemTime",
    "Instant::now",
    "Local",
    "Utc::now",
    UPPER_LAYERS[0],
    UPPER_LAYERS[1],
    UPPER_LAYERS[2],
    UPPER_LAYERS[3],
    UPPER_LAYERS[4],
    UPPER_LAYERS[5],
];

/// What a command may not carry.
const COMMAND: &[&str] = &["egui", "eframe", "rusqlite"];
const COMMAND_WHY: &str = "a command carries its whole payload, nothing of the UI's machinery: \
                           the app applies it with its own context, after the frame (and may \
                           keep it waiting while a job holds the base)";

const RULES: &[Rule] = &[
    Rule {
        dir: "src/domain",
        forbidden: PURE,
        why: "domain/ is pure: no UI, SQL, file system, clock or upper layer",
    },
    Rule {
        dir: "src/matching",
        forbidden: PURE,
        why: "matching/ is pure: no UI, SQL, file system, clock or upper layer",
    },
    Rule {
        dir: "src/store",
        forbidden: &[
            "egui",
            "eframe",
            "crate::matching",
            "crate::ui",
            "crate::app",
            "crate::exchange",
            "crate::team",
            "crate::cli",
        ],
        why: "store/ is the only SQL, under the layers that use it: it imports domain only \
              (the merge core is in domain, packets and matching call the store, not the \
              reverse)",
    },
    Rule {
        dir: "src/exchange",
        forbidden: &[
            "egui",
            "eframe",
            "crate::ui",
            "crate::app",
            "crate::team",
            "crate::cli",
        ],
        why: "exchange/ is the packet code: the UI, the app and the team sync call it",
    },
    Rule {
        dir: "src/command.rs",
        forbidden: COMMAND,
        why: COMMAND_WHY,
    },
    Rule {
        dir: "src/command",
        forbidden: COMMAND,
        why: COMMAND_WHY,
    },
    Rule {
        dir: "src/ui",
        forbidden: &["Store", "rusqlite"],
        why: "ui/ draws view models and pushes commands: it never touches the Store nor SQL",
    },
];

/// Known breaches, as (file, name) with the reason each one stays. This list may only
/// shrink: a new breach fails the test, and so does an entry that is no longer needed.
const ALLOWED: &[(&str, &str)] = &[];

/// Whether `c` can be part of an identifier (a name must not match inside a longer name).
fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The text of a Rust source without its comments nor its `#[cfg(test)] mod … { … }` blocks.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |n| &after[n..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |n| &after[n + 2..]);
        } else if let Some(quote) = ["'\"'", "'\\\"'"].iter().find(|q| rest.starts_with(**q)) {
            // A double quote as a character, not the start of a string.
            out.push_str(quote);
            rest = &rest[quote.len()..];
        } else if let Some(after) = rest.strip_prefix("r#\"") {
            let end = after.find("\"#").unwrap_or(after.len());
            out.push_str(&after[..end]);
            rest = after.get(end + 2..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('"') {
            // Strings are kept (a name in a message is rare and harmless), but skipped whole
            // so that « // » inside one does not start a comment.
            let mut end = after.len();
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = i;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            out.push('"');
            out.push_str(&after[..end]);
            rest = after.get(end + 1..).unwrap_or("");
            out.push('"');
        } else if let Some(after) = rest.strip_prefix("#[cfg(test)]") {
            let trimmed = after.trim_start();
            let block = match (trimmed.find('{'), trimmed.find(';')) {
                (Some(open), Some(semicolon)) => open < semicolon,
                (open, _) => open.is_some(),
            };
            if trimmed.starts_with("mod ") && block {
                // Skip to the brace that closes the module.
                let open = trimmed.find('{').unwrap_or(0);
                let mut depth = 0usize;
                let mut close = trimmed.len();
                for (i, c) in trimmed[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = open + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &trimmed[close..];
            } else {
                out.push_str("#[cfg(test)]");
                rest = after;
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The forbidden names `code` contains, each once, as whole names.
fn breaches(code: &str, forbidden: &[&'static str]) -> Vec<&'static str> {
    forbidden
        .iter()
        .copied()
        .filter(|name| {
            code.match_indices(name).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + name.len()..].chars().next();
                !before.is_some_and(ident) && !after.is_some_and(ident)
            })
        })
        .collect()
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    // A rule may name a module's own file (`src/command.rs`) beside its folder.
    if dir.is_file() {
        into.push(dir.to_path_buf());
        return;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn domain_and_matching_stay_pure_and_ui_never_touches_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut scanned = 0;
    for rule in RULES {
        let mut files = Vec::new();
        rust_files(&root.join(rule.dir), &mut files);
        files.sort();
        for file in files {
            scanned += 1;
            let source = std::fs::read_to_string(&file).unwrap();
            let name = file.strip_prefix(root).unwrap().display().to_string();
            for breach in breaches(&code_only(&source), rule.forbidden) {
                found.push((name.clone(), breach, rule.why));
            }
        }
    }
    assert!(
        scanned > 30,
        "only {scanned} files scanned: are the folders still there?"
    );
    let new: Vec<_> = found
        .iter()
        .filter(|(file, name, _)| !ALLOWED.contains(&(file.as_str(), *name)))
        .collect();
    assert!(new.is_empty(), "layering broken (DESIGN.md §3): {new:#?}");
    let stale: Vec<_> = ALLOWED
        .iter()
        .filter(|(file, name)| !found.iter().any(|(f, n, _)| f == file && n == name))
        .collect();
    assert!(
        stale.is_empty(),
        "fixed, remove from ALLOWED in tests/cli/layering.rs: {stale:?}"
    );
}

/// The one file allowed to name colours: everything else goes through its named roles, so
/// that the look (and a dark theme later) is one file. Clippy forbids the `Color32::from_*`
/// constructors; this also catches the constants (`Color32::WHITE`, `BLACK`, …), which no
/// lint can.
const THEME: &str = "src/ui/theme.rs";

/// The colours `line` builds or names itself: `Color32::` followed by `from_` or by an
/// uppercase constant, in code (not in a comment).
fn colours_in(line: &str) -> Vec<String> {
    let code = code_only(line);
    code.match_indices("Color32::")
        .filter_map(|(at, prefix)| {
            let after = &code[at + prefix.len()..];
            let named = after.starts_with("from_")
                || after.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            named.then(|| {
                let end = after.find(|c: char| !ident(c)).unwrap_or(after.len());
                format!("{prefix}{}", &after[..end])
            })
        })
        .collect()
}

#[test]
fn colours_come_from_the_theme_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    assert!(
        files.len() > 30,
        "only {} files scanned: is src/ still there?",
        files.len()
    );
    let mut found = Vec::new();
    let mut theme_colours = 0;
    for file in files {
        let name = file.strip_prefix(root).unwrap().display().to_string();
        let source = std::fs::read_to_string(&file).unwrap();
        for (n, line) in source.lines().enumerate() {
            let colours = colours_in(line);
            if name == THEME {
                theme_colours += colours.len();
            } else {
                for colour in colours {
                    found.push(format!("{name}:{}: {colour}", n + 1));
                }
            }
        }
    }
    assert!(
        theme_colours > 10,
        "{THEME} names only {theme_colours} colours: has the palette moved? Update THEME."
    );
    assert!(
        found.is_empty(),
        "colours written outside {THEME}: give each one a named role there and use it \
         (theme::ON_ACCENT, not Color32::WHITE):\n{}",
        found.join("\n")
    );
}

/// The colour scanner: constructors and constants in code, not methods nor comments.
#[test]
fn the_colour_scanner_sees_constructors_and_constants() {
    assert_eq!(
        colours_in("let c = egui::Color32::from_gray(80); // Color32::WHITE"),
        vec!["Color32::from_gray"]
    );
    assert_eq!(
        colours_in(".fill(Color32::WHITE).stroke((1.0, Color32::from_rgb(1, 2, 3)))"),
        vec!["Color32::WHITE", "Color32::from_rgb"]
    );
    assert!(colours_in("fn colour(self) -> Color32 { ACCENT.gamma_multiply(0.5) }").is_empty());
    assert!(colours_in("let c: Color32 = Color32::additive_luminance(9);").is_empty());
    assert!(colours_in("/// Color32::BLACK would vanish on a dark theme.").is_empty());
}

/// The scanner itself: it sees a name in code, not in a comment, a test module or a longer
/// name; a string with « // » does not hide the code after it.
#[test]
fn the_scanner_sees_names_in_code_only() {
    let source = r##"
use crate::domain::model::Household;
// egui is drawn elsewhere; rusqlite too.
/* Store::open would be wrong here */
const URL: &str = "https://exemple.invalid"; use egui::Ui;
fn today(clock: &dyn Fn() -> i64) -> i64 { clock() }
pub struct StorePaths;
#[cfg(test)]
fn helper() { let _ = std::time::SystemTime::now(); }
#[cfg(test)]
mod tests {
    fn inner() { { let _ = chrono::Utc::now(); } let _ = std::fs::read("x"); }
}
fn after() { let _ = std::time::Instant::now(); }
fn quote(c: char) -> bool { c == '"' || c == '\"' }
const RAW: &str = r#"a "quoted" // word"#; fn last() -> eframe::App {}
"##;
    let code = code_only(source);
    assert_eq!(
        breaches(&code, PURE),
        vec!["egui", "eframe", "SystemTime", "Instant::now"]
    );
    assert!(breaches(&code, &["Store", "rusqlite"]).is_empty());
    assert_eq!(breaches("let s: &Store = x;", &["Store"]), vec!["Store"]);
}

/// The files of `src/app` that may start threads or make channels themselves: the task
/// service, and the two listeners that never end with one answer (the system's sleep and
/// lock signals; the team folder's watch, its writer hand-over and the publication at lock
/// that outlives the window's base). Every other background work of the window goes
/// through the task service (issue 12).
const THREAD_OWNERS: &[&str] = &["src/app/tasks.rs", "src/app/os_lock.rs", "src/app/team.rs"];

/// What starts a thread or makes a channel.
const THREADS: &[&str] = &["thread::Builder", "thread::spawn", "thread::scope", "mpsc"];

#[test]
fn the_window_starts_its_threads_through_the_task_service() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/app.rs")];
    rust_files(&root.join("src/app"), &mut files);
    files.sort();
    assert!(files.len() > 15, "only {} files under src/app", files.len());
    let mut found = Vec::new();
    for file in &files {
        let name = file.strip_prefix(root).unwrap().display().to_string();
        if THREAD_OWNERS.contains(&name.as_str()) {
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        for breach in breaches(&code_only(&source), THREADS) {
            found.push(format!("{name}: {breach}"));
        }
    }
    assert!(
        found.is_empty(),
        "background work started outside the task service (src/app/tasks.rs: spawn, read, \
         file_dialog): {found:#?}"
    );
    for owner in THREAD_OWNERS {
        assert!(
            root.join(owner).is_file(),
            "{owner} moved: update THREAD_OWNERS"
        );
    }
}

/// Every section's catalogue (issue 12), then the files whose texts it holds: those files
/// write none of their own. An English interface is then another set of catalogues, not a
/// rewrite. The window's other files write no text at all (see [`NOT_TEXTS`]).
const CATALOGUED: &[(&str, &[&str])] = &[
    (
        "src/ui/matching/text.rs",
        &["src/ui/matching", "src/app/matching.rs"],
    ),
    ("src/ui/registries/text.rs", &["src/ui/registries"]),
    (
        "src/ui/text.rs",
        &[
            "src/ui/mod.rs",
            "src/ui/file_chooser.rs",
            "src/ui/date_picker.rs",
            "src/ui/forms.rs",
            "src/ui/dialog.rs",
        ],
    ),
    (
        "src/ui/shell/text.rs",
        &[
            "src/ui/shell.rs",
            "src/ui/unlock.rs",
            "src/ui/first_run.rs",
            "src/ui/recover.rs",
            "src/ui/about.rs",
            "src/app.rs",
            "src/app/demo_base.rs",
            "src/app/tasks.rs",
        ],
    ),
    (
        "src/ui/settings/text.rs",
        &[
            "src/ui/settings.rs",
            "src/ui/settings",
            "src/ui/workers.rs",
            "src/ui/audit_log.rs",
            "src/ui/backup.rs",
            "src/ui/notice.rs",
            "src/app/audit_log.rs",
            "src/app/backup.rs",
            "src/app/notice.rs",
            "src/app/retention.rs",
        ],
    ),
    (
        "src/ui/team/text.rs",
        &["src/ui/team.rs", "src/ui/team", "src/app/team.rs"],
    ),
    (
        "src/ui/sheet_import/text.rs",
        &[
            "src/ui/sheet_import.rs",
            "src/ui/sheet_import",
            "src/app/sheet.rs",
        ],
    ),
    (
        "src/ui/reports/text.rs",
        &["src/ui/reports.rs", "src/ui/reports", "src/app/reports.rs"],
    ),
    (
        "src/ui/household/text.rs",
        &[
            "src/ui/household.rs",
            "src/ui/household",
            "src/ui/household_list.rs",
            "src/ui/search.rs",
            "src/app/household.rs",
            "src/app/household",
        ],
    ),
    (
        "src/ui/exchange/text.rs",
        &[
            "src/ui/exchange.rs",
            "src/ui/exchange",
            "src/app/exchange.rs",
            "src/app/exchange",
        ],
    ),
    (
        "src/ui/board/text.rs",
        &[
            "src/ui/board.rs",
            "src/ui/board/columns.rs",
            "src/ui/board/dialogs.rs",
            "src/app/board.rs",
        ],
    ),
];

/// Files of the window's code whose literals look like texts to the scanner but are none:
/// they must not be translated.
const NOT_TEXTS: &[(&str, &str)] = &[
    (
        "src/app/os_lock.rs",
        "D-Bus interface and member names (« Lock », « PrepareForSleep »)",
    ),
    (
        "src/app/clipboard.rs",
        "the marker that tells the texts we copied",
    ),
];

/// The string literals of `code` (as [`code_only`] leaves it: comments out, strings
/// whole), each with its line.
fn literals(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            // A double quote as a character: '"' or '\"'.
            '\'' if chars.peek() == Some(&'"') || chars.peek() == Some(&'\\') => {
                let mut quoted = String::new();
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    quoted.push(c);
                }
            }
            '"' if !ident(previous) => {
                let (start, mut text, mut escaped) = (line, String::new(), false);
                for c in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        c => {
                            if c == '\n' {
                                line += 1;
                            }
                            escaped = false;
                            text.push(c);
                        }
                    }
                }
                out.push((start, text));
            }
            _ => {}
        }
        previous = c;
    }
    out
}

/// Whether a literal is a text somebody reads: a letter outside the `{…}` placeholders,
/// and a space, an accented letter, or a capital then a small letter (« Annuler »).
/// Identifiers (`"matching_household"`), keys, formats (`"%d/%m/%Y"`) and separators
/// (`" · "`) are not.
fn user_facing(literal: &str) -> bool {
    let mut bare = String::new();
    let mut depth = 0usize;
    for c in literal.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    if !bare.chars().any(char::is_alphabetic) {
        return false;
    }
    let mut letters = bare.chars().skip_while(|c| !c.is_alphabetic());
    let capitalised = matches!(
        (letters.next(), letters.next()),
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase()
    );
    bare.chars().any(char::is_whitespace) || !bare.is_ascii() || capitalised
}

/// The texts of the files under `paths`, but for `except`, as « file:line: text ».
fn texts_in(root: &Path, paths: &[&str], except: &[PathBuf]) -> Vec<String> {
    let mut files = Vec::new();
    for path in paths {
        rust_files(&root.join(path), &mut files);
    }
    files.sort();
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !except.contains(f)) {
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        for (line, text) in literals(&code) {
            if user_facing(&text) {
                let file = file.strip_prefix(root).unwrap_or(file).display();
                found.push(format!("{file}:{line}: « {text} »"));
            }
        }
    }
    found
}

#[test]
fn catalogued_sections_write_every_text_through_their_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (catalogue, paths) in CATALOGUED {
        let catalogue = root.join(catalogue);
        assert!(
            !texts_in(root, &[catalogue.to_str().unwrap()], &[]).is_empty(),
            "{} holds no text: the scanner or the list is wrong",
            catalogue.display()
        );
        let found = texts_in(root, paths, std::slice::from_ref(&catalogue));
        assert!(
            found.is_empty(),
            "texts written outside {} (put them there, named, and use the name):\n{}",
            catalogue.display(),
            found.join("\n")
        );
    }
}

#[test]
fn the_window_writes_no_text_outside_a_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut except: Vec<PathBuf> = CATALOGUED.iter().map(|(c, _)| root.join(c)).collect();
    except.extend(NOT_TEXTS.iter().map(|(f, _)| root.join(f)));
    let found = texts_in(root, &["src/ui", "src/app", "src/app.rs"], &except);
    assert!(
        found.is_empty(),
        "texts written outside a catalogue (put each in its section's text.rs, named, and use \
         the name; a new section gets its own catalogue, listed in CATALOGUED):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_text_scanner_tells_texts_from_identifiers() {
    let code = code_only(
        r#"let a = "Annuler"; let b = "matching_household"; let c = "%d/%m/%Y";
// "Un commentaire n'est pas un texte"
let d = format!("{} · {}", x, y); let e = '"'; let f = "Positionné : {}";
let g = "Payé"; let h = "km"; let i = format!("{n} ménages"); let j = "a\"b c";"#,
    );
    let texts: Vec<String> = literals(&code)
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| user_facing(t))
        .collect();
    assert_eq!(
        texts,
        [
            "Annuler",
            "Positionné : {}",
            "Payé",
            "{n} ménages",
            "a\"b c"
        ]
    );
}
