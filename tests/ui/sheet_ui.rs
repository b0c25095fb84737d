#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The spreadsheet import and the list export, driven through the real screens by their
//! labels: file → columns → duplicate review → import; a file with errors writes nothing;
//! the list export writes the file.

use crate::common;

use common::household::fixture;
use common::{PASSPHRASE, click, harness_on, type_into, unlock, wait_for, wait_for_text};
use egui_kittest::kittest::Queryable;
use passerelle::domain::model::{Child, Household};
use passerelle::store::Store;

const CSV: &str = "N° ménage;Nom de référence;Ville;Nom;Prénom;Date de naissance;Niveau scolaire;Étape\n\
1;Famille Kone;Paris 18e;Kone;Awa;14/02/1987;;Diagnostic\n\
1;;;Kone;Issa;03/09/2016;CE2;\n\
2;Famille Petit;Aurillac;Petit;Marc;22/07/1979;;\n\
3;Famille Kone (copie);Paris 18e;Kone;Awa;14/02/1987;;\n";

#[test]
fn import_goes_through_columns_and_duplicate_review() {
    let f = fixture(&[("PASSERELLE_FILE_DIALOG", "0")]);
    let file = f.paths.db.parent().unwrap().join("suivi.csv");
    std::fs::write(&file, CSV).unwrap();

    let mut h = harness_on(&f.paths);
    unlock(&mut h);
    click(&mut h, "Ménages");
    wait_for(&mut h, "Famille Martin");
    click(&mut h, "Importer un tableur…");
    wait_for(&mut h, "Lire le fichier");
    type_into(&mut h, "Fichier à importer", file.to_str().unwrap());
    click(&mut h, "Lire le fichier");
    wait_for(&mut h, "Vérifier les lignes");
    // « Ville » is a known synonym of « Commune »; the first values are shown.
    assert!(h.query_by_label("Paris 18e").is_some());
    click(&mut h, "Vérifier les lignes");
    wait_for_text(&mut h, "Doublons possibles (1)");
    assert!(
        h.query_all_by_label_contains("Awa Kone né·e le 14/02/1987 figure déjà dans le ménage « Famille Kone » (ligne 2 du fichier)")
            .next()
            .is_some()
    );
    // Duplicates are left out unless the worker says otherwise.
    wait_for(&mut h, "Importer 2 ménages");
    click(&mut h, "Créer quand même");
    wait_for(&mut h, "Importer 3 ménages");
    click(&mut h, "Ignorer ce ménage");
    wait_for(&mut h, "Importer 2 ménages");
    click(&mut h, "Importer 2 ménages");
    wait_for_text(
        &mut h,
        "2 ménages importés (2 adultes, 1 enfant) ; 1 ménage ignoré.",
    );
    click(&mut h, "Fermer");
    wait_for(&mut h, "Famille Kone");
    assert!(h.query_by_label("Famille Petit").is_some());
    drop(h);

    let store = Store::unlock(&f.paths, PASSPHRASE).unwrap();
    let households: Vec<Household> = store.list().unwrap();
    assert_eq!(households.len(), 3, "Martin + Kone + Petit");
    let kone = households
        .iter()
        .find(|h| h.label == "Famille Kone")
        .unwrap();
    assert_eq!(kone.commune, "Paris 18e");
    let children: Vec<Child> = store.list_by("household_id", kone.id).unwrap();
    assert_eq!(children[0].first_name, "Issa");
}

#[test]
fn a_file_with_errors_writes_nothing_and_the_list_exports() {
    let f = fixture(&[("PASSERELLE_FILE_DIALOG", "0")]);
    let dir = f.paths.db.parent().unwrap().to_owned();
    let file = dir.join("faux.csv");
    std::fs::write(
        &file,
        CSV.replace("14/02/1987", "31/02/1987")
            .replace("Diagnostic", "Nulle part"),
    )
    .unwrap();
    let before = records(&f.paths);

    let mut h = harness_on(&f.paths);
    unlock(&mut h);
    click(&mut h, "Ménages");
    wait_for(&mut h, "Famille Martin");
    click(&mut h, "Importer un tableur…");
    type_into(&mut h, "Fichier à importer", file.to_str().unwrap());
    click(&mut h, "Lire le fichier");
    wait_for(&mut h, "Vérifier les lignes");
    click(&mut h, "Vérifier les lignes");
    wait_for_text(&mut h, "rien ne sera importé");
    wait_for_text(
        &mut h,
        "Ligne 2, colonne « Date de naissance » : date impossible (31/02/1987)",
    );
    wait_for_text(
        &mut h,
        "Ligne 2, colonne « Étape » : étape inconnue « Nulle part »",
    );
    for n in 1..=3 {
        assert!(h.query_by_label(&format!("Importer {n} ménages")).is_none());
    }
    click(&mut h, "Annuler");

    // A file that is not there: a French message, still on « choose a file ».
    click(&mut h, "Importer un tableur…");
    type_into(
        &mut h,
        "Fichier à importer",
        dir.join("absent.xlsx").to_str().unwrap(),
    );
    click(&mut h, "Lire le fichier");
    wait_for_text(&mut h, "Le fichier n'a pas pu être ouvert");
    click(&mut h, "Annuler");

    // The list export: warned, written, never over an existing file without asking.
    click(&mut h, "Exporter la liste…");
    wait_for_text(&mut h, "n'est PAS chiffré");
    assert!(
        h.query_all_by_label_contains("1 ménage affiché")
            .next()
            .is_some()
    );
    let out = dir.join("liste.csv");
    type_into(&mut h, "Fichier à écrire", out.to_str().unwrap());
    click(&mut h, "Exporter");
    wait_for_text(&mut h, "1 ménage exporté");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("Famille Martin;Aurillac;"), "{written}");
    click(&mut h, "Exporter");
    wait_for_text(&mut h, "existe déjà");
    drop(h);

    // The app itself writes small things on unlock (clock, settings, the access log's
    // unlock entry): compare the records rather than the whole file.
    assert_eq!(
        records(&f.paths),
        before,
        "nothing written by a refused import or an export"
    );
    // The export itself is in the access log (issue 14), with counts and destination only.
    let store = Store::unlock(&f.paths, PASSPHRASE).unwrap();
    let exports: Vec<_> = store
        .audit_entries(1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.2 == "export tableur")
        .collect();
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert!(!exports[0].3.contains("Martin"));
}

/// Counts of every record an import writes (the access log, which records the unlocks and
/// the export, is checked apart).
fn records(paths: &passerelle::store::StorePaths) -> Vec<u64> {
    use passerelle::domain::model::{Adult, Case, StageEvent};
    let store = Store::unlock(paths, PASSPHRASE).unwrap();
    vec![
        store.count::<Household>().unwrap(),
        store.count::<Adult>().unwrap(),
        store.count::<Child>().unwrap(),
        store.count::<Case>().unwrap(),
        store.count::<StageEvent>().unwrap(),
    ]
}

/// Issue 16: a CSV in UTF-8 with one stray byte is read as UTF-8 (« Koné » stays « Koné »),
/// the doubt and the damaged name are shown, and the worker can read it the other way.
#[test]
fn a_doubtful_encoding_is_shown_with_the_damaged_names_and_can_be_changed() {
    let f = fixture(&[("PASSERELLE_FILE_DIALOG", "0")]);
    let file = f.paths.db.parent().unwrap().join("douteux.csv");
    std::fs::write(
        &file,
        b"Nom du m\xc3\xa9nage;Pr\xc3\xa9nom;Nom\nFamille Kon\xc3\xa9;Awa;Kon\xc3\xa9\nFamille Diallo;A\xefssata;Diallo\n",
    )
    .unwrap();
    let mut h = harness_on(&f.paths);
    unlock(&mut h);
    click(&mut h, "Ménages");
    wait_for(&mut h, "Famille Martin");
    click(&mut h, "Importer un tableur…");
    wait_for(&mut h, "Lire le fichier");
    type_into(&mut h, "Fichier à importer", file.to_str().unwrap());
    click(&mut h, "Lire le fichier");
    wait_for(&mut h, "Vérifier les lignes");
    wait_for_text(&mut h, "Encodage douteux");
    wait_for_text(&mut h, "Il est lu en UTF-8");
    assert!(
        h.query_by_label("Famille Koné").is_some(),
        "the UTF-8 name is intact"
    );
    wait_for_text(&mut h, "ligne 3 : Famille Diallo A[?]ssata");
    click(&mut h, "Relire le fichier en Windows-1252");
    wait_for_text(&mut h, "Il est lu en Windows-1252");
    wait_for_text(&mut h, "ligne 2 : Famille KonÃ©");
    assert!(h.query_by_label("Relire le fichier en UTF-8").is_some());
}

/// Issue 16: without a native dialog, « Parcourir… » opens the in-app chooser (no path to
/// type in the import field); Échap closes the chooser, then the panel.
#[test]
fn the_in_app_chooser_picks_the_file_and_escape_closes_the_panel() {
    let f = fixture(&[("PASSERELLE_FILE_DIALOG", "0")]);
    let file = f.paths.db.parent().unwrap().join("suivi.csv");
    std::fs::write(&file, CSV).unwrap();
    let mut h = harness_on(&f.paths);
    unlock(&mut h);
    click(&mut h, "Ménages");
    wait_for(&mut h, "Famille Martin");
    click(&mut h, "Importer un tableur…");
    wait_for(&mut h, "Lire le fichier");
    click(&mut h, "Parcourir…");
    wait_for(&mut h, "Ouvrir ce fichier");
    // Échap closes the chooser only.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Ouvrir ce fichier").is_none());
    assert!(h.query_by_label("Lire le fichier").is_some());
    click(&mut h, "Parcourir…");
    wait_for(&mut h, "Ouvrir ce fichier");
    type_into(
        &mut h,
        passerelle::ui::file_chooser::NAME_LABEL,
        file.to_str().unwrap(),
    );
    click(&mut h, "Ouvrir ce fichier");
    h.run_steps(2);
    click(&mut h, "Lire le fichier");
    wait_for(&mut h, "Vérifier les lignes");
    // Échap closes the panel; nothing was imported.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("Vérifier les lignes").is_none());
    assert!(h.query_by_label("Famille Kone").is_none());
}
