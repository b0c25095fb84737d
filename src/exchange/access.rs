//! Right of access (issue 14, « Données d'une personne… »): everything the base holds on
//! one adult or child, as a JSON file and a PDF in plain French; the other members of the
//! household are counted, never named. Reads through the store; writes nothing itself
//! (the caller writes the files after the « fichier non chiffré » warning and logs it).

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::pdf::{PdfDocument, PdfError};
use crate::domain::model::{Adult, Child};
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::store::{Store, StoreError};

/// Why the access file could not be built.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// The base could not be read, or the person is not there.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The PDF could not be produced.
    #[error("le PDF n'a pas pu être produit : {0}")]
    Pdf(#[from] PdfError),
    /// JSON.
    #[error("le fichier JSON n'a pas pu être produit : {0}")]
    Json(#[from] serde_json::Error),
    /// A file could not be written.
    #[error("{0}")]
    Output(#[from] super::output::OutputError),
    /// The folder could not be created.
    #[error("le dossier {0} n'a pas pu être créé : vérifiez le chemin et les droits.")]
    Folder(std::path::PathBuf),
    /// Neither an adult nor a child of the base.
    #[error("Aucune personne (adulte ou enfant) n'a cet identifiant dans la base : vérifiez-le.")]
    NoSuchPerson,
}

/// Everything held on one person.
#[derive(Debug, Clone)]
pub struct PersonData {
    /// « Adulte » or « Enfant ».
    pub kind: &'static str,
    /// Full name, for the title.
    pub name: String,
    /// The whole report, as JSON.
    pub json: Value,
}

/// French labels of the fields, for the PDF (the JSON keeps the field names).
fn label(key: &str) -> &str {
    match key {
        "first_name" => "Prénom",
        "last_name" => "Nom",
        "birth_date" => "Date de naissance",
        "phone" => "Téléphone",
        "email" => "Courriel",
        "situation" => "Situation",
        "is_reference" => "Personne de référence",
        "france_travail_registered" => "Inscrit·e à France Travail",
        "rsa" => "Bénéficiaire du RSA",
        "education_level" => "Niveau d'études",
        "qualifications" => "Qualifications",
        "trades" => "Métiers recherchés",
        "rome_domains" => "Domaines professionnels",
        "driving_licence" => "Permis de conduire",
        "vehicle" => "Véhicule",
        "languages" => "Langues",
        "available_from" => "Disponible à partir du",
        "mobility_radius_km" => "Mobilité (km)",
        "constraints" => "Contraintes",
        "schooling_level" => "Niveau scolaire",
        "current_school" => "École actuelle",
        "destination_school" => "École ou mode de garde à destination",
        "enrolment" => "Inscription",
        "enrolment_date" => "Date d'inscription",
        "childcare_need" => "Besoin de garde",
        "notes" => "Remarques",
        other => other,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => "oui".to_owned(),
        Value::Bool(false) => "non".to_owned(),
        Value::String(s) if s.is_empty() => "—".to_owned(),
        // Dates in French (dd/mm/yyyy), times in UTC.
        Value::String(s)
            if s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() =>
        {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_or_else(|_| s.clone(), |d| d.format("%d/%m/%Y").to_string())
        }
        Value::String(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => {
            chrono::DateTime::parse_from_rfc3339(s)
                .map_or_else(|_| s.clone(), |d| d.format("%d/%m/%Y %H:%M").to_string())
        }
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "—".to_owned(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The French label of an enum value stored under `key` (the JSON keeps serde's names).
fn fr(key: &str, v: &Value) -> String {
    use crate::domain::model::{
        AdultSituation, AppointmentKind, DocumentKind, DocumentStatus, EducationLevel,
        EnrolmentStatus, ExitKind, HousingSituation, PartnerRole, RomeDomain, SchoolingLevel,
    };
    fn lab<T: serde::de::DeserializeOwned>(v: &Value, f: fn(&T) -> &'static str) -> Option<String> {
        serde_json::from_value::<T>(v.clone())
            .ok()
            .map(|e| f(&e).to_owned())
    }
    let one = |v: &Value| -> Option<String> {
        match key {
            "situation" => lab(v, AdultSituation::label_fr),
            "education_level" => lab(v, EducationLevel::label_fr),
            "housing_situation" => lab(v, HousingSituation::label_fr),
            "schooling_level" => lab(v, SchoolingLevel::label_fr),
            "enrolment" => lab(v, EnrolmentStatus::label_fr),
            "rome_domains" => lab(v, RomeDomain::label_fr),
            "appointment_kind" => lab(v, AppointmentKind::label_fr),
            "document_kind" => lab(v, DocumentKind::label_fr),
            "document_status" => lab(v, DocumentStatus::label_fr),
            "role" => lab(v, PartnerRole::label_fr),
            "exit" => lab(v, ExitKind::label_fr),
            _ => None,
        }
    };
    match v {
        Value::Array(a) if !a.is_empty() => {
            let labels: Vec<String> = a
                .iter()
                .map(|x| one(x).unwrap_or_else(|| text(x)))
                .collect();
            labels.join(", ")
        }
        _ => one(v).unwrap_or_else(|| text(v)),
    }
}

/// Collects everything on `person` (an adult or a child): identity, household situation,
/// schooling, stage history, appointments, notes naming them, consents, documents, and to
/// whom the household's data was sent (from the access log). Other members: counts only.
pub fn person_data(store: &Store, person: Uuid) -> Result<PersonData, AccessError> {
    let (kind, household_id, record, first, last) = if let Some(a) = store.find::<Adult>(person)? {
        let first = a.first_name.clone();
        let last = a.last_name.clone();
        (
            "Adulte",
            a.household_id,
            serde_json::to_value(&a)?,
            first,
            last,
        )
    } else if let Some(c) = store.find::<Child>(person)? {
        let first = c.first_name.clone();
        let last = c.last_name.clone();
        (
            "Enfant",
            c.household_id,
            serde_json::to_value(&c)?,
            first,
            last,
        )
    } else {
        return Err(AccessError::NoSuchPerson);
    };
    let page = store.household_page(household_id)?;
    let d = &page.detail;
    let names_them = |t: &str| {
        let t = t.to_lowercase();
        (!first.trim().is_empty() && t.contains(&first.to_lowercase()))
            || (!last.trim().is_empty() && t.contains(&format!("{first} {last}").to_lowercase()))
    };
    let stages: Vec<Value> = page
        .paths
        .iter()
        .map(|p| {
            json!({
                "programme": p.programme.as_ref().map(|p| p.name.clone()),
                "opened_on": p.case.opened_on,
                "exit": p.case.exit,
                "exit_date": p.case.exit_date,
                "history": p.history.iter().map(|e| {
                    let stage = p.programme.as_ref()
                        .and_then(|pr| pr.stages.iter().find(|s| s.id == e.to_stage))
                        .map(|s| s.label.clone());
                    json!({"at": e.at, "stage": stage, "comment": e.comment})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let appointments: Vec<Value> = d
        .appointments
        .iter()
        // The appointment's free notes may name other members: left out.
        .map(|a| json!({"at": a.at, "kind": a.kind, "place": a.place}))
        .collect();
    let notes: Vec<Value> = d
        .notes
        .iter()
        .filter(|n| names_them(&n.text))
        .map(|n| json!({"at": n.at, "author": n.author, "text": n.text}))
        .collect();
    let documents: Vec<Value> = d
        .documents
        .iter()
        .filter(|doc| doc.adult_id.is_none_or(|a| a == person))
        .map(|doc| json!({"kind": doc.kind, "status": doc.status, "expires_on": doc.expires_on, "file_attached": doc.attachment_id.is_some()}))
        .collect();
    let consents: Vec<Value> = d
        .consents
        .iter()
        .map(|c| {
            let partner = c
                .partner_id
                .and_then(|p| page.partners.iter().find(|x| x.id == p))
                .map(|p| p.organisation.clone());
            json!({"given_on": c.given_on, "partner": partner, "role": c.role, "scope": c.scope,
                   "expires_on": c.expires_on, "withdrawn_on": c.withdrawn_on})
        })
        .collect();
    let sent: Vec<AuditEntry> = store
        .audit_log(&AuditFilter {
            household: Some(household_id),
            ..AuditFilter::default()
        })?
        .into_iter()
        .filter(|e| {
            e.action.contains("export") || e.action.contains("fiche") || e.action.contains("envoi")
        })
        .collect();
    let sent: Vec<Value> = sent
        .iter()
        .map(|e| {
            let partners: Vec<String> = e
                .objects
                .split(' ')
                .filter_map(|o| o.strip_prefix("partenaire:"))
                .filter_map(|p| Uuid::parse_str(p).ok())
                .map(|p| {
                    page.partners
                        .iter()
                        .find(|x| x.id == p)
                        .map_or_else(|| p.to_string(), |x| x.organisation.clone())
                })
                .collect();
            json!({"at": e.at, "what": e.action, "to": partners, "detail": e.detail})
        })
        .collect();
    let household = &d.household;
    let others_adults = d.adults.iter().filter(|a| a.id != person).count();
    let others_children = d.children.iter().filter(|c| c.id != person).count();
    let mut identity = match record {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    identity.remove("id");
    identity.remove("household_id");
    let json = json!({
        "person_id": person,
        "kind": kind,
        "identity": identity,
        "household": {
            "id": household.id,
            "housing_situation": household.housing_situation,
            "commune": household.commune,
            "referent": household.referent,
            "other_members": format!(
            "{}, {} : masqués",
            crate::domain::text::count(others_adults, "autre adulte", "autres adultes"),
            crate::domain::text::count(others_children, "autre enfant", "autres enfants")
        ),
        },
        "pathway": stages,
        "appointments": appointments,
        "notes_naming_the_person": notes,
        "consents": consents,
        "documents": documents,
        "sent_to": sent,
    });
    Ok(PersonData {
        kind,
        name: format!("{first} {last}").trim().to_owned(),
        json,
    })
}

/// The JSON file's bytes.
pub fn to_json(data: &PersonData) -> Result<Vec<u8>, AccessError> {
    let mut text = serde_json::to_string_pretty(&data.json)?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// The PDF in plain French.
pub fn to_pdf(data: &PersonData, today: chrono::NaiveDate) -> Result<Vec<u8>, AccessError> {
    let title = format!("Données détenues sur {}", data.name);
    let mut doc = PdfDocument::new(&title)?;
    let j = &data.json;
    doc.title(&title);
    doc.paragraph(&format!(
        "Document établi le {} en réponse à une demande d'accès (article 15 du RGPD). Il \
         contient tout ce que notre base conserve sur cette personne ({}). Les autres membres \
         du ménage ne sont pas nommés.",
        today.format("%d/%m/%Y"),
        data.kind.to_lowercase()
    ));
    doc.heading("Identité et situation");
    if let Some(m) = j["identity"].as_object() {
        for (k, v) in m {
            doc.key_value(label(k), &fr(k, v));
        }
    }
    doc.heading("Ménage");
    doc.key_value(
        "Situation de logement",
        &fr("housing_situation", &j["household"]["housing_situation"]),
    );
    doc.key_value("Commune", &text(&j["household"]["commune"]));
    doc.key_value("Référent·e", &text(&j["household"]["referent"]));
    doc.key_value("Autres membres", &text(&j["household"]["other_members"]));
    let list = |doc: &mut PdfDocument,
                heading: &str,
                key: &str,
                empty: &str,
                line: &dyn Fn(&Value) -> String| {
        doc.heading(heading);
        match j[key].as_array() {
            Some(a) if !a.is_empty() => {
                for v in a {
                    doc.paragraph(&line(v));
                }
            }
            _ => doc.paragraph(empty),
        }
    };
    list(&mut doc, "Parcours", "pathway", "Aucun parcours.", &|v| {
        let steps: Vec<String> = v["history"]
            .as_array()
            .map(|h| {
                h.iter()
                    .map(|e| {
                        format!(
                            "{} ({})",
                            text(&e["stage"]),
                            text(&e["at"]).get(..10).unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "{} : entrée le {}, sortie {} ; étapes : {}",
            text(&v["programme"]),
            text(&v["opened_on"]),
            text(&v["exit_date"]),
            steps.join(", ")
        )
    });
    list(
        &mut doc,
        "Rendez-vous du ménage",
        "appointments",
        "Aucun rendez-vous.",
        &|v| {
            format!(
                "{} — {} — {}",
                text(&v["at"]),
                fr("appointment_kind", &v["kind"]),
                text(&v["place"])
            )
        },
    );
    list(
        &mut doc,
        "Notes qui la nomment",
        "notes_naming_the_person",
        "Aucune note ne la nomme.",
        &|v| {
            format!(
                "{} ({}) : {}",
                text(&v["at"]),
                text(&v["author"]),
                text(&v["text"])
            )
        },
    );
    list(
        &mut doc,
        "Consentements",
        "consents",
        "Aucun consentement enregistré.",
        &|v| {
            format!(
                "Donné le {} à {} ; objet : {} ; expire : {} ; retiré : {}",
                text(&v["given_on"]),
                text(&v["partner"]),
                text(&v["scope"]),
                text(&v["expires_on"]),
                text(&v["withdrawn_on"])
            )
        },
    );
    list(&mut doc, "Pièces", "documents", "Aucune pièce.", &|v| {
        format!(
            "{} : {}{}",
            fr("document_kind", &v["kind"]),
            fr("document_status", &v["status"]),
            if v["file_attached"] == Value::Bool(true) {
                " (fichier joint)"
            } else {
                ""
            }
        )
    });
    list(
        &mut doc,
        "Transmissions (destinataires et dates)",
        "sent_to",
        "Aucune transmission enregistrée.",
        &|v| {
            format!(
                "{} — {} — {}",
                text(&v["at"]),
                text(&v["what"]),
                text(&v["to"])
            )
        },
    );
    doc.paragraph(
        "Pour faire rectifier, effacer ou limiter ces données, adressez-vous à votre \
         référent·e ou au délégué à la protection des données de la structure.",
    );
    Ok(doc.finish()?)
}

/// Builds both files on `person` and writes them into `dir` (created owner-only if
/// needed; never over existing files), then logs the access with the ids only. Returns
/// the two paths (PDF, JSON).
pub fn write_access(
    store: &mut Store,
    person: Uuid,
    dir: &std::path::Path,
) -> Result<(std::path::PathBuf, std::path::PathBuf), AccessError> {
    use crate::store::audit::AuditObject;
    let data = person_data(store, person)?;
    let today = store.now().date_naive();
    let pdf = to_pdf(&data, today)?;
    let json = to_json(&data)?;
    crate::store::private::create_private_dir(dir)
        .map_err(|_| AccessError::Folder(dir.to_path_buf()))?;
    let pdf_path = dir.join(format!("acces-{person}.pdf"));
    let json_path = dir.join(format!("acces-{person}.json"));
    super::output::write_export(&pdf_path, &pdf, false)?;
    if let Err(e) = super::output::write_export(&json_path, &json, false) {
        // Both or neither: the PDF alone would be half an answer left on the disk.
        let _ = std::fs::remove_file(&pdf_path);
        return Err(e.into());
    }
    let household = data.json["household"]["id"]
        .as_str()
        .and_then(|h| Uuid::parse_str(h).ok());
    let mut objects: Vec<AuditObject> = household.map(AuditObject::Household).into_iter().collect();
    objects.push(AuditObject::Person(person));
    store.audit_now(
        "droit d'accès",
        &objects,
        &format!("PDF et JSON vers {}", dir.display()),
    )?;
    Ok((pdf_path, json_path))
}
