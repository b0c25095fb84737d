//! Small text helpers every layer needs, written once: accent folding for comparisons,
//! French plurals for counts, instants as a worker reads them, dates typed and shown as
//! jj/mm/aaaa, and euros read into and written from integer cents (never through `f64`).
//!
//! Before this module, three copies folded accents with three tables (« œ » became "oe",
//! "o", or stayed), and four `plural` helpers disagreed on zero (French says « 0 ménage »).

use chrono::NaiveDate;

/// The letters without their accents, for one lower-case character: `None` when the
/// character is kept as it is.
fn plain(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' | 'ý' => "y",
        'ñ' => "n",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

/// Lower case without accents (« Cœur d'Hélène » → "coeur d'helene"): how a typed filter
/// is compared with names. Other characters are kept.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match plain(c) {
            Some(letters) => out.push_str(letters),
            None => out.push(c),
        }
    }
    out
}

/// [`fold`], then every run of characters that are not letters or digits as one space,
/// trimmed (« Date d'entrée » = « DATE  D ENTREE » = "date d entree"; « N° » = "n").
pub fn fold_words(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_alphanumeric() && c != 'º' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// Whether French puts `n` in the plural: 0 and 1 take the singular (« 0 ménage »).
pub fn is_plural(n: u64) -> bool {
    n > 1
}

/// A count with its noun in the right number: `count(1, "ménage", "ménages")` is
/// « 1 ménage », `count(3, …)` « 3 ménages », `count(0, …)` « 0 ménage ». Agreement goes in
/// the nouns: `count(n, "fiche supprimée", "fiches supprimées")`.
pub fn count<N: std::fmt::Display + TryInto<u64> + Copy>(n: N, one: &str, many: &str) -> String {
    let plural = n.try_into().is_ok_and(is_plural);
    format!("{n} {}", if plural { many } else { one })
}

/// An instant as a worker reads it, dd/mm/yyyy HH:MM in the zone given: the app passes
/// `&chrono::Local` (the OS's zone, summer time included), tests a fixed offset.
///
/// Why chrono's `Local` and not `time::UtcOffset::current_local_offset`: the latter
/// refuses to answer once a program has a second thread on Unix (and this app always
/// has), whereas chrono reads the zone file itself and falls back to UTC when there is
/// none, so the journal always shows a time.
pub fn datetime_fr<Tz: chrono::TimeZone>(t: chrono::DateTime<chrono::Utc>, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.with_timezone(zone).format("%d/%m/%Y %H:%M").to_string()
}

/// Message shown under a date field that does not read as a date.
pub const BAD_DATE: &str =
    "Date illisible : tapez-la sous la forme jj/mm/aaaa (par exemple 05/03/2024).";
/// Message shown under an amount that does not read as euros.
pub const BAD_AMOUNT: &str = "Montant illisible : tapez des euros, par exemple 850 ou 1 234,50.";

/// Reads a date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, and a two-digit
/// year read as 20yy). Empty text is "no date".
pub fn parse_date_fr(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(BAD_DATE.to_owned());
    };
    if d.len() > 2 || m.len() > 2 {
        return Err(BAD_DATE.to_owned());
    }
    let (Ok(d), Ok(m), Ok(mut y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else {
        return Err(BAD_DATE.to_owned());
    };
    if y < 100 && parts[2].len() <= 2 {
        y += 2000;
    }
    if !(1900..=2200).contains(&y) {
        return Err(BAD_DATE.to_owned());
    }
    NaiveDate::from_ymd_opt(y, m, d)
        .map(Some)
        .ok_or_else(|| format!("Cette date n'existe pas ({d:02}/{m:02}/{y}) : vérifiez-la."))
}

/// A date as dd/mm/yyyy, or empty.
pub fn format_date_fr(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Reads an amount in euros ("850", "1 234,50", "1234.5 €") into cents. Empty is `None`.
/// A negative amount is read (the record's validation then says it is refused).
pub fn parse_euros(text: &str) -> Result<Option<i64>, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (euros, cents) = match digits.split_once('.') {
        Some((e, c)) => (e, c),
        None => (digits, ""),
    };
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if euros.is_empty() && cents.is_empty()
        || !all_digits(euros)
        || !all_digits(cents)
        || cents.len() > 2
        || euros.len() > 12
    {
        return Err(BAD_AMOUNT.to_owned());
    }
    let euros: i64 = if euros.is_empty() {
        0
    } else {
        euros.parse().map_err(|_| BAD_AMOUNT.to_owned())?
    };
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| BAD_AMOUNT.to_owned())? * 10,
        _ => cents.parse().map_err(|_| BAD_AMOUNT.to_owned())?,
    };
    let total = euros * 100 + cents;
    Ok(Some(if negative { -total } else { total }))
}

/// Cents as French euros: "1 234,50 €" (a thin space groups thousands).
pub fn format_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02} €", abs % 100)
}

/// Cents as they are typed back into an amount field ("850" or "850,50").
pub fn euros_input(cents: Option<i64>) -> String {
    match cents {
        None => String::new(),
        Some(c) if c % 100 == 0 => (c / 100).to_string(),
        Some(c) => format!("{},{:02}", c / 100, (c % 100).abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_in_the_zone_given() {
        use chrono::{FixedOffset, TimeZone, Utc};
        let t = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        // Paris in winter: the next day, the next year.
        let paris = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(datetime_fr(t, &paris), "01/01/2027 00:30");
        let reunion = FixedOffset::east_opt(4 * 3600).unwrap();
        assert_eq!(datetime_fr(t, &reunion), "01/01/2027 03:30");
        let guadeloupe = FixedOffset::west_opt(4 * 3600).unwrap();
        assert_eq!(datetime_fr(t, &guadeloupe), "31/12/2026 19:30");
        assert_eq!(datetime_fr(t, &Utc), "31/12/2026 23:30");
    }

    #[test]
    fn the_local_zone_answers_from_a_second_thread_too() {
        use chrono::{Local, Offset, TimeZone, Utc};
        // The app draws from one thread while others run (unlock, sync): the local zone
        // must still be read there, where `time`'s local offset would give up on Unix.
        let t = Utc.with_ymd_and_hms(2026, 7, 14, 10, 0, 0).unwrap();
        let expected = datetime_fr(t, &Local.offset_from_utc_datetime(&t.naive_utc()).fix());
        let busy = std::thread::Builder::new()
            .name("busy".into())
            .spawn(|| std::thread::sleep(std::time::Duration::from_millis(200)))
            .unwrap();
        let from_other = std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || datetime_fr(t, &Local))
            .unwrap()
            .join()
            .unwrap();
        busy.join().unwrap();
        assert_eq!(from_other, expected);
        assert_eq!(from_other.len(), "14/07/2026 10:00".len());
    }

    #[test]
    fn folds_french_accents_and_ligatures() {
        assert_eq!(fold("Cœur d'Hélène À L'ÎLE"), "coeur d'helene a l'ile");
        assert_eq!(fold("Ærø Straße"), "aero strasse");
        assert_eq!(fold("Koné"), fold("KONE"));
    }

    #[test]
    fn folds_punctuation_to_single_spaces() {
        assert_eq!(fold_words("Date d'entrée"), "date d entree");
        assert_eq!(fold_words("  DATE  D-ENTREE "), "date d entree");
        assert_eq!(fold_words("N° ménage"), "n menage");
        assert_eq!(fold_words("Nº"), "n");
        assert_eq!(fold_words("Aide-soignant·e"), "aide soignant e");
    }

    #[test]
    fn french_plurals_put_zero_in_the_singular() {
        assert_eq!(count(0, "ménage", "ménages"), "0 ménage");
        assert_eq!(count(1_usize, "ménage", "ménages"), "1 ménage");
        assert_eq!(count(2_u32, "ménage", "ménages"), "2 ménages");
        assert_eq!(
            count(12_i64, "pièce à fournir", "pièces à fournir"),
            "12 pièces à fournir"
        );
        assert_eq!(count(-1_i64, "ménage", "ménages"), "-1 ménage");
    }

    #[test]
    fn dates_read_the_french_way() {
        assert_eq!(
            parse_date_fr("05/03/2024"),
            Ok(Some(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()))
        );
        assert_eq!(
            parse_date_fr("5-3-24"),
            Ok(Some(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()))
        );
        assert_eq!(parse_date_fr(" "), Ok(None));
        assert!(
            parse_date_fr("31/02/2024")
                .unwrap_err()
                .contains("n'existe pas")
        );
        assert_eq!(parse_date_fr("2024-03-05"), Err(BAD_DATE.to_owned()));
        assert_eq!(
            format_date_fr(Some(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap())),
            "05/03/2024"
        );
    }

    #[test]
    fn euros_become_cents() {
        assert_eq!(parse_euros("850"), Ok(Some(85_000)));
        assert_eq!(parse_euros("1 234,5 €"), Ok(Some(123_450)));
        assert_eq!(parse_euros("-10"), Ok(Some(-1000)));
        assert_eq!(parse_euros(""), Ok(None));
        assert!(parse_euros("12,345").is_err());
        assert!(parse_euros("abc").is_err());
        assert_eq!(format_euros(123_450), "1\u{202f}234,50 €");
        assert_eq!(euros_input(Some(85_050)), "850,50");
    }
}
