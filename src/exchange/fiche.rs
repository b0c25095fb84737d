//! The « fiche de liaison »: one household on paper (PDF) for a partner without the app,
//! redacted by the partner's role exactly like a packet.
//!
//! Built from the household page by projecting every record on the role's allowlist
//! ([`redact::project`]), so the fiche never shows a field that a packet to the same role
//! would not carry. Pure: no clock (today is given), no file; the PDF is drawn from the
//! blocks by [`super::pdf`].

use chrono::{FixedOffset, NaiveDate};

use super::redact::{self, Fields};
use crate::domain::household_form::{age_fr, schooling_summary};
use crate::domain::model::*;
use crate::domain::programme::current_stage;
use crate::domain::text::{format_date_fr, format_euros};
use crate::store::household::HouseholdPage;

/// One block of the fiche, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section title.
    Heading(String),
    /// A label and its value on one line.
    Field(String, String),
    /// Free text.
    Paragraph(String),
    /// A table: headers, then rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

/// A fiche ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Fiche {
    /// « Fiche de liaison — Famille … ».
    pub title: String,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
}

/// Who the fiche is for and from.
#[derive(Debug, Clone, Copy)]
pub struct FicheFor<'a> {
    /// The recipient's role: decides what the fiche shows.
    pub role: PartnerRole,
    /// The recipient organisation, if named.
    pub recipient: Option<&'a str>,
    /// For a funder of the directory: the household's pseudonym its packets carry
    /// (`packet::funder_pseudonyms`); « Ménage » alone without one.
    pub pseudonym: Option<&'a str>,
    /// Our organisation.
    pub sender: &'a str,
    /// The day it is made.
    pub today: NaiveDate,
    /// Local time zone, for appointment times.
    pub offset: FixedOffset,
}

fn sees_all(role: PartnerRole, table: &str) -> bool {
    redact::allowed(role, table, false) == Some(Fields::All)
}

fn sees(role: PartnerRole, table: &str, field: &str) -> bool {
    match redact::allowed(role, table, false) {
        Some(Fields::All) => true,
        Some(Fields::Only(keep)) => keep.contains(&field),
        None => false,
    }
}

fn push_field(blocks: &mut Vec<Block>, label: &str, value: String) {
    if !value.trim().is_empty() {
        blocks.push(Block::Field(label.to_owned(), value));
    }
}

fn yes_no(b: bool) -> String {
    if b { "oui" } else { "non" }.to_owned()
}

/// Builds the fiche of `page` for `to.role`.
pub fn build(page: &HouseholdPage, to: FicheFor<'_>) -> Fiche {
    let role = to.role;
    let h = &page.detail.household;
    let mut blocks = Vec::new();
    let recipient = match to.recipient {
        Some(name) => format!("{name} ({})", role.label_fr()),
        None => role.label_fr().to_owned(),
    };
    push_field(&mut blocks, "Destinataire", recipient);
    push_field(
        &mut blocks,
        "Établie le",
        format!("{} par {}", format_date_fr(Some(to.today)), to.sender),
    );
    // A funder gets no names: neither the référent·e's nor the household's (its
    // pseudonym instead, the one its packets carry).
    let referent = if sees(role, "households", "referent") {
        h.referent.clone()
    } else {
        String::new()
    };
    let label = if sees(role, "households", "label") {
        h.label.clone()
    } else {
        to.pseudonym.unwrap_or("Ménage").to_owned()
    };
    push_field(&mut blocks, "Référent·e", referent.clone());
    blocks.push(Block::Paragraph(
        "Document confidentiel : il contient des données personnelles transmises avec \
         l'accord du ménage, pour le seul usage de l'accompagnement. Ne pas diffuser ; \
         détruire quand il n'est plus utile."
            .to_owned(),
    ));

    parcours_blocks(&mut blocks, page, role);
    household_blocks(&mut blocks, h, role);
    adults_blocks(&mut blocks, page, role, to.today);
    children_blocks(&mut blocks, page, role, to.today);
    next_steps_blocks(&mut blocks, page, role, &to, &referent);

    Fiche {
        title: format!("Fiche de liaison — {label}"),
        blocks,
    }
}

/// The « Parcours » part: the current stage for every role, the history for the roles that
/// receive the stage events.
fn parcours_blocks(blocks: &mut Vec<Block>, page: &HouseholdPage, role: PartnerRole) {
    // Parcours: the current stage for every role (the context of the request); the
    // history only for the roles that receive the stage events.
    blocks.push(Block::Heading("Parcours".to_owned()));
    let mut any_case = false;
    for path in page.paths.iter().filter(|p| p.case.is_active()) {
        any_case = true;
        let programme = path.programme.as_ref();
        let stage = current_stage(&path.history).and_then(|c| {
            programme
                .and_then(|p| p.stage(c.stage_id))
                .map(|s| (s.label.clone(), c.since.date_naive()))
        });
        push_field(
            blocks,
            "Dispositif",
            programme.map_or_else(String::new, |p| p.name.clone()),
        );
        if let Some((label, since)) = stage {
            push_field(
                blocks,
                "Étape actuelle",
                format!("{label} (depuis le {})", format_date_fr(Some(since))),
            );
        }
        if sees_all(role, "stage_events") && !path.history.is_empty() {
            let rows = path
                .history
                .iter()
                .map(|e| {
                    vec![
                        format_date_fr(Some(e.at.date_naive())),
                        programme
                            .and_then(|p| p.stage(e.to_stage))
                            .map_or_else(String::new, |s| s.label.clone()),
                        e.comment.clone(),
                    ]
                })
                .collect();
            blocks.push(Block::Table(
                vec!["Date".into(), "Étape".into(), "Commentaire".into()],
                rows,
            ));
        }
    }
    if !any_case {
        blocks.push(Block::Paragraph("Pas de parcours en cours.".to_owned()));
    }
}

/// The « Ménage » part, as far as `role` sees the household.
fn household_blocks(blocks: &mut Vec<Block>, h: &Household, role: PartnerRole) {
    // Ménage.
    blocks.push(Block::Heading("Ménage".to_owned()));
    if let Some(hh) = redact::project(role, "households", false, h) {
        push_field(blocks, "Commune", hh.commune.clone());
        if sees(role, "households", "housing_situation") {
            push_field(
                blocks,
                "Situation de logement",
                hh.housing_situation.label_fr().to_owned(),
            );
        }
        if sees(role, "households", "housing_demand") {
            let d = &hh.housing_demand;
            push_field(
                blocks,
                "Logement demandé",
                d.typology
                    .map_or_else(String::new, |t| t.label_fr().to_owned()),
            );
            push_field(
                blocks,
                "Numéro unique",
                match (&d.unique_number, d.unique_number_date) {
                    (Some(n), Some(date)) => format!("{n} (du {})", format_date_fr(Some(date))),
                    (Some(n), None) => n.clone(),
                    _ => String::new(),
                },
            );
            push_field(blocks, "Communes souhaitées", d.wished_communes.join(", "));
            push_field(
                blocks,
                "Loyer maximum",
                d.max_rent_cents.map_or_else(String::new, format_euros),
            );
        }
        if sees(role, "households", "resources") && !hh.resources.is_empty() {
            let total: i64 = hh.resources.iter().map(|r| r.monthly_cents).sum();
            let parts: Vec<String> = hh
                .resources
                .iter()
                .map(|r| format!("{} {}", r.source.label_fr(), format_euros(r.monthly_cents)))
                .collect();
            push_field(
                blocks,
                "Ressources mensuelles",
                format!("{} ({})", format_euros(total), parts.join(", ")),
            );
        }
        if sees(role, "households", "barriers") && !hh.barriers.is_empty() {
            let barriers: Vec<&str> = hh
                .barriers
                .iter()
                .map(super::super::domain::model::Barrier::label_fr)
                .collect();
            push_field(blocks, "Freins", barriers.join(", "));
        }
    }
}

/// One part per adult `role` sees.
fn adults_blocks(
    blocks: &mut Vec<Block>,
    page: &HouseholdPage,
    role: PartnerRole,
    today: NaiveDate,
) {
    // Adults.
    let adults: Vec<Adult> = page
        .detail
        .adults
        .iter()
        .filter_map(|a| redact::project(role, "adults", false, a))
        .collect();
    if !adults.is_empty() {
        for a in &adults {
            // One heading per adult: the name stands out from the lines under it.
            let mut name = format!("Adulte : {}", a.display_name());
            if a.is_reference {
                name.push_str(" (personne de référence)");
            }
            blocks.push(Block::Heading(name));
            if sees(role, "adults", "birth_date")
                && let Some(b) = a.birth_date
            {
                push_field(
                    blocks,
                    "Date de naissance",
                    format!("{} ({})", format_date_fr(Some(b)), age_fr(b, today)),
                );
            }
            push_field(blocks, "Téléphone", a.phone.clone());
            push_field(blocks, "Courriel", a.email.clone());
            if sees(role, "adults", "situation") {
                push_field(blocks, "Situation", a.situation.label_fr().to_owned());
            }
            if sees(role, "adults", "education_level") {
                push_field(
                    blocks,
                    "Niveau d'études",
                    a.education_level.label_fr().to_owned(),
                );
            }
            push_field(blocks, "Qualifications", a.qualifications.join(", "));
            push_field(blocks, "Métiers recherchés", a.trades.join(", "));
            if sees(role, "adults", "driving_licence") {
                push_field(
                    blocks,
                    "Permis B / véhicule",
                    format!("{} / {}", yes_no(a.driving_licence), yes_no(a.vehicle)),
                );
            }
            push_field(blocks, "Langues", a.languages.join(", "));
            push_field(
                blocks,
                "Disponible à partir du",
                format_date_fr(a.available_from),
            );
            if sees(role, "adults", "mobility_radius_km") && a.mobility_radius_km > 0 {
                push_field(blocks, "Mobilité", format!("{} km", a.mobility_radius_km));
            }
            push_field(blocks, "Contraintes", a.constraints.clone());
        }
    }
}

/// « Enfants et scolarité », as far as `role` sees the children.
fn children_blocks(
    blocks: &mut Vec<Block>,
    page: &HouseholdPage,
    role: PartnerRole,
    today: NaiveDate,
) {
    // Children and schooling.
    let children: Vec<Child> = page
        .detail
        .children
        .iter()
        .filter_map(|c| redact::project(role, "children", false, c))
        .collect();
    if !children.is_empty() {
        blocks.push(Block::Heading("Enfants et scolarité".to_owned()));
        let full = sees_all(role, "children");
        if full {
            // The summary counts enrolments: only meaningful when they were not redacted.
            blocks.push(Block::Paragraph(schooling_summary(&children)));
        }
        let mut headers = vec!["Prénom".to_owned(), "Âge".to_owned(), "Niveau".to_owned()];
        if full {
            headers.extend([
                "École actuelle".to_owned(),
                "Inscription à destination".to_owned(),
            ]);
        }
        let rows = children
            .iter()
            .map(|c| {
                let mut row = vec![
                    c.first_name.clone(),
                    c.birth_date.map_or_else(String::new, |b| age_fr(b, today)),
                    c.schooling_level.label_fr().to_owned(),
                ];
                if full {
                    row.push(c.current_school.clone());
                    row.push(match c.enrolment_date {
                        Some(d) => {
                            format!("{} le {}", c.enrolment.label_fr(), format_date_fr(Some(d)))
                        }
                        None => c.enrolment.label_fr().to_owned(),
                    });
                }
                row
            })
            .collect();
        blocks.push(Block::Table(headers, rows));
    }
}

/// « Prochaines étapes »: the appointments to come, enrolments and documents to do for the
/// accompanying partner; a contact for the others.
fn next_steps_blocks(
    blocks: &mut Vec<Block>,
    page: &HouseholdPage,
    role: PartnerRole,
    to: &FicheFor<'_>,
    referent: &str,
) {
    // Next steps: the accompanying partner gets the appointments to come, the
    // enrolments and documents to do; the others a contact.
    blocks.push(Block::Heading("Prochaines étapes".to_owned()));
    let mut steps = Vec::new();
    if sees_all(role, "appointments") {
        let now = to.today.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
        let mut coming: Vec<&Appointment> = page
            .detail
            .appointments
            .iter()
            .filter(|a| now.is_none_or(|n| a.at >= n))
            .collect();
        coming.sort_by_key(|a| a.at);
        for a in coming {
            let local = a.at.with_timezone(&to.offset);
            steps.push(format!(
                "{} à {} : {}{}",
                format_date_fr(Some(local.date_naive())),
                local.format("%H:%M"),
                a.kind.label_fr(),
                if a.place.is_empty() {
                    String::new()
                } else {
                    format!(", {}", a.place)
                }
            ));
        }
    }
    if sees_all(role, "children") {
        for c in page
            .detail
            .children
            .iter()
            .filter(|c| c.enrolment == EnrolmentStatus::AFaire)
        {
            steps.push(format!(
                "Inscription scolaire à faire pour {}",
                c.first_name
            ));
        }
    }
    if sees_all(role, "document_items") {
        let missing: Vec<&str> = page
            .detail
            .documents
            .iter()
            .filter(|d| d.status != DocumentStatus::Fourni)
            .map(|d| d.kind.label_fr())
            .collect();
        if !missing.is_empty() {
            steps.push(format!("Pièces à fournir : {}", missing.join(", ")));
        }
    }
    if steps.is_empty() {
        steps.push(format!(
            "Pour toute suite, contactez {}.",
            if referent.is_empty() {
                "la structure qui vous transmet cette fiche".to_owned()
            } else {
                format!("{referent} ({})", to.sender)
            }
        ));
    }
    for s in steps {
        blocks.push(Block::Paragraph(format!("• {s}")));
    }
}

impl Fiche {
    /// The fiche as a PDF (A4, embedded font): the same blocks as [`Fiche::to_text`].
    pub fn to_pdf(&self) -> Result<Vec<u8>, super::pdf::PdfError> {
        let mut doc = super::pdf::PdfDocument::new(&self.title)?;
        doc.title(&self.title);
        for b in &self.blocks {
            match b {
                Block::Heading(t) => doc.heading(t),
                Block::Field(l, v) => doc.key_value(l, v),
                Block::Paragraph(t) => doc.paragraph(t),
                Block::Table(headers, rows) => {
                    let mut table = super::tabular::Table::new(
                        "",
                        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
                    );
                    table.rows = rows
                        .iter()
                        .map(|r| r.iter().map(|c| c.as_str().into()).collect())
                        .collect();
                    doc.table(&table);
                }
            }
        }
        doc.finish()
    }

    /// The fiche as plain text (preview, tests).
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for b in &self.blocks {
            match b {
                Block::Heading(t) => out.push_str(&format!("\n{t}\n")),
                Block::Field(l, v) => out.push_str(&format!("{l} : {v}\n")),
                Block::Paragraph(t) => out.push_str(&format!("{t}\n")),
                Block::Table(headers, rows) => {
                    out.push_str(&headers.join(" | "));
                    out.push('\n');
                    for r in rows {
                        out.push_str(&r.join(" | "));
                        out.push('\n');
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    use super::*;
    use crate::store::household::CasePath;
    use crate::store::records::HouseholdDetail;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn page() -> HouseholdPage {
        let hid = Uuid::new_v4();
        let household = Household {
            id: hid,
            label: "Famille Benali".into(),
            housing_situation: HousingSituation::HotelSocial,
            commune: "Paris 19e".into(),
            housing_demand: HousingDemand {
                typology: Some(Typology::T3),
                unique_number: Some("075-123".into()),
                unique_number_date: Some(d(2025, 9, 1)),
                wished_communes: vec!["Aurillac".into()],
                max_rent_cents: Some(55_000),
            },
            resources: vec![Resource {
                source: ResourceSource::Rsa,
                monthly_cents: 61_240,
            }],
            barriers: BTreeSet::from([Barrier::Sante]),
            referent: "Claire Vidal".into(),
            origin: "SIAO".into(),
            caf_number: Some("1234567".into()),
            unknown_to_employment_services: true,
        };
        let adult = Adult {
            id: Uuid::new_v4(),
            household_id: hid,
            is_reference: true,
            first_name: "Samira".into(),
            last_name: "Benali".into(),
            birth_date: Some(d(1990, 5, 4)),
            phone: "06 00 00 00 00".into(),
            email: String::new(),
            situation: AdultSituation::DemandeurEmploi,
            france_travail_registered: true,
            rsa: true,
            education_level: EducationLevel::CapBep,
            qualifications: vec!["CAP cuisine".into()],
            trades: vec!["Commis de cuisine".into()],
            rome_domains: vec![RomeDomain::G],
            driving_licence: true,
            vehicle: false,
            languages: vec!["arabe".into()],
            available_from: Some(d(2026, 12, 1)),
            mobility_radius_km: 30,
            constraints: "Horaires de crèche".into(),
        };
        let child = Child {
            id: Uuid::new_v4(),
            household_id: hid,
            first_name: "Yanis".into(),
            last_name: "Benali".into(),
            birth_date: Some(d(2018, 2, 3)),
            schooling_level: SchoolingLevel::Ce2,
            current_school: "École Jean Jaurès".into(),
            destination_school: String::new(),
            enrolment: EnrolmentStatus::AFaire,
            enrolment_date: None,
            childcare_need: false,
            notes: "Suivi orthophonie".into(),
        };
        let programme = crate::domain::programme::default_programme();
        let case = Case {
            id: Uuid::new_v4(),
            household_id: hid,
            programme_id: programme.id,
            referent: "Claire Vidal".into(),
            origin: "SIAO".into(),
            opened_on: d(2026, 1, 5),
            exit: ExitKind::Aucune,
            exit_date: None,
            exit_reason: None,
            exit_details: String::new(),
        };
        let event = StageEvent {
            id: Uuid::new_v4(),
            case_id: case.id,
            from_stage: None,
            to_stage: programme.stages[2].id,
            at: Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap(),
            by: "Claire Vidal".into(),
            comment: "Projet : restauration".into(),
        };
        HouseholdPage {
            referent_choices: Vec::new(),
            worker_name: String::new(),
            detail: HouseholdDetail {
                household,
                adults: vec![adult],
                children: vec![child],
                cases: vec![case.clone()],
                notes: Vec::new(),
                documents: Vec::new(),
                consents: Vec::new(),
                proposals: Vec::new(),
                appointments: Vec::new(),
                relay_stays: Vec::new(),
            },
            paths: vec![CasePath {
                case,
                programme: Some(programme),
                history: vec![event],
            }],
            attendances: Vec::new(),
            follow_ups: Vec::new(),
            tutors: Vec::new(),
            attachments: Vec::new(),
            proposal_targets: HashMap::new(),
            partners: Vec::new(),
            freeze: None,
        }
    }

    fn text(role: PartnerRole) -> String {
        build(
            &page(),
            FicheFor {
                role,
                recipient: None,
                pseudonym: None,
                sender: "Association Passerelle Paris",
                today: d(2026, 11, 22),
                offset: FixedOffset::east_opt(3600).unwrap(),
            },
        )
        .to_text()
    }

    #[test]
    fn a_funder_fiche_is_pseudonymous() {
        let p = page();
        let f = build(
            &p,
            FicheFor {
                role: PartnerRole::Financeur,
                recipient: Some("DDETS"),
                pseudonym: Some("Ménage 1234ABCD"),
                sender: "Association Passerelle Paris",
                today: d(2026, 11, 22),
                offset: FixedOffset::east_opt(3600).unwrap(),
            },
        );
        let h = &p.detail.household;
        assert!(!f.title.contains(&h.label), "{}", f.title);
        assert!(f.title.contains("Ménage 1234ABCD"), "{}", f.title);
        let text = f.to_text();
        assert!(!text.contains(&h.label), "{text}");
        assert!(
            h.referent.is_empty() || !text.contains(&h.referent),
            "{text}"
        );
    }

    #[test]
    fn the_accompanying_partner_gets_everything_but_notes() {
        let t = text(PartnerRole::Accompagnement);
        assert!(t.starts_with("Fiche de liaison — Famille Benali"), "{t}");
        assert!(
            t.contains("Étape actuelle : Recherche de postes (depuis le 02/03/2026)"),
            "{t}"
        );
        assert!(t.contains("Projet : restauration"), "{t}");
        assert!(t.contains("Ressources mensuelles : 612,40 €"), "{t}");
        assert!(t.contains("Freins : "), "{t}");
        assert!(
            t.contains("1 enfant : 1 en primaire — 1 inscription à faire"),
            "{t}"
        );
        assert!(t.contains("Inscription scolaire à faire pour Yanis"), "{t}");
        assert!(!t.contains("orthophonie"), "child notes never leave: {t}");
    }

    #[test]
    fn an_employer_gets_the_professional_profile_only() {
        let t = text(PartnerRole::Employeur);
        assert!(t.contains("Métiers recherchés : Commis de cuisine"), "{t}");
        assert!(t.contains("Permis B / véhicule : oui / non"), "{t}");
        assert!(t.contains("Étape actuelle : Recherche de postes"), "{t}");
        for hidden in [
            "612,40", "RSA", "Freins", "Yanis", "1990", "075-123", "Projet :",
        ] {
            assert!(
                !t.contains(hidden),
                "« {hidden} » must not reach an employer: {t}"
            );
        }
        assert!(
            t.contains("contactez Claire Vidal (Association Passerelle Paris)"),
            "{t}"
        );
    }

    #[test]
    fn a_landlord_gets_composition_and_resources_not_health_or_schools() {
        let t = text(PartnerRole::Bailleur);
        assert!(t.contains("Ressources mensuelles : 612,40 €"), "{t}");
        assert!(t.contains("Numéro unique : 075-123 (du 01/09/2025)"), "{t}");
        assert!(t.contains("Yanis"), "{t}");
        for hidden in [
            "Freins",
            "École Jean Jaurès",
            "inscription à faire",
            "Commis de cuisine",
        ] {
            assert!(
                !t.contains(hidden),
                "« {hidden} » must not reach a landlord: {t}"
            );
        }
    }
}
