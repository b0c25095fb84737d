#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Paramètres → Notice d'information » (issue 14) through the real widgets: the structure
//! and the DPO's contact typed and kept, the PDF written where the in-app chooser says, and
//! its text holding the structure, the retention period of the programme and the contact;
//! the partner roles of the directory from the builder itself.

use egui_kittest::kittest::Queryable;
use passerelle::domain::model::PartnerRole;
use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
use passerelle::exchange::notice::{DPO_SETTING, NoticeFacts, STRUCTURE_SETTING, to_pdf};
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::ui::notice::{DPO_LABEL, NOTICE_LABEL, STRUCTURE_LABEL};

use crate::common;

use common::{PASSPHRASE, click, harness_on, pdf_text, type_into, unlock, wait_for_text};

const NO_DIALOG: &[(&str, &str)] = &[("PASSERELLE_FILE_DIALOG", "0")];

/// The PDF's words on one line (pdftotext lays out columns and wraps).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_notice_is_printed_with_the_structure_the_period_and_the_dpo() {
    common::isolate_platform_dirs_with(NO_DIALOG);
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        store.write(|tx| tx.put(&default_programme())).unwrap();
        store
            .set_retention_months(DEFAULT_PROGRAMME_ID, 30)
            .unwrap();
    }
    let mut h = harness_on(&paths);
    unlock(&mut h);
    click(&mut h, "Paramètres");
    h.get_by_label(NOTICE_LABEL).scroll_to_me();
    h.run_steps(3);
    type_into(&mut h, STRUCTURE_LABEL, "Association Le Relais");
    type_into(&mut h, DPO_LABEL, "dpo@lerelais.example");
    click(&mut h, NOTICE_LABEL);
    wait_for_text(&mut h, "Enregistrer la notice d'information");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("notice.pdf");
    h.get_by_label(passerelle::ui::file_chooser::NAME_LABEL)
        .click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(passerelle::ui::file_chooser::NAME_LABEL)
        .type_text(&dest.display().to_string());
    h.run_steps(2);
    click(&mut h, "Enregistrer ici");
    wait_for_text(&mut h, "Notice d'information enregistrée");
    drop(h);

    let bytes = std::fs::read(&dest).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "written owner-only");
    }
    let store = Store::unlock(&paths, PASSPHRASE).unwrap();
    assert_eq!(
        store.setting(STRUCTURE_SETTING).unwrap().as_deref(),
        Some("Association Le Relais")
    );
    assert_eq!(
        store.setting(DPO_SETTING).unwrap().as_deref(),
        Some("dpo@lerelais.example")
    );
    if let Some(text) = pdf_text(&dest) {
        let text = flat(&text);
        assert!(text.contains("Association Le Relais"), "{text}");
        assert!(
            text.contains("30 mois après la fin de votre accompagnement"),
            "{text}"
        );
        assert!(text.contains("dpo@lerelais.example"), "{text}");
        assert!(text.contains("Vos droits"), "{text}");
    }
}

#[test]
fn the_notice_names_the_partner_roles_and_says_when_there_is_no_dpo_contact() {
    let facts = NoticeFacts {
        structure: "Association Le Relais".into(),
        dpo_contact: String::new(),
        programmes: vec![("Un toit, un emploi".into(), "Paris - Cantal".into(), 24)],
        recipients: vec![
            (PartnerRole::Employeur, vec!["Boulangerie Martin".into()]),
            (PartnerRole::Bailleur, vec!["Cantal Habitat".into()]),
        ],
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let bytes = to_pdf(&facts, today).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.pdf");
    std::fs::write(&path, bytes).unwrap();
    if let Some(text) = pdf_text(&path) {
        let text = flat(&text);
        assert!(text.contains("24 mois (2 ans)"), "{text}");
        assert!(text.contains("Employeur"), "{text}");
        assert!(text.contains("Boulangerie Martin"), "{text}");
        assert!(text.contains("Cantal Habitat"), "{text}");
        assert!(text.contains("protection des données"), "{text}");
        assert!(text.contains("Notice établie le 30/11/2026"), "{text}");
    }
}
