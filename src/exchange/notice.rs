//! « Notice d'information » (issue 14): the leaflet handed to a family at the first
//! interview, in plain French, built from the programme's settings: who processes the data
//! (the structure), why, what is kept, for how long (the retention period of each
//! programme), to whom it may be sent (the partner roles of the directory), and the rights
//! with the way to exercise them (the DPO contact). It names no family: it is the same
//! sheet for everyone.

use std::collections::BTreeMap;

use super::pdf::{PdfDocument, PdfError};
use crate::domain::model::{Partner, PartnerRole, Programme};
use crate::store::{Store, StoreError};

/// Settings key of the structure's name as printed on the notice.
pub const STRUCTURE_SETTING: &str = "notice.structure";
/// Settings key of the DPO's contact (address, e-mail or telephone) printed on the notice.
pub const DPO_SETTING: &str = "notice.dpo_contact";

/// Why the notice could not be built.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// The base could not be read.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The PDF could not be produced.
    #[error("la notice n'a pas pu être produite : {0}")]
    Pdf(#[from] PdfError),
}

/// What the notice says, read from the base.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeFacts {
    /// The structure that processes the data.
    pub structure: String,
    /// How to reach the DPO (empty: the notice says to ask the référent·e).
    pub dpo_contact: String,
    /// Programmes: name, territory, months kept after the exit or the last contact.
    pub programmes: Vec<(String, String, u32)>,
    /// Partner roles of the directory, each with its organisations.
    pub recipients: Vec<(PartnerRole, Vec<String>)>,
}

/// The structure's name as saved for the notice, else the exchange identity's organisation,
/// else the current worker's structure.
pub fn structure_name(store: &Store) -> Result<String, StoreError> {
    if let Some(saved) = store
        .setting(STRUCTURE_SETTING)?
        .filter(|s| !s.trim().is_empty())
    {
        return Ok(saved);
    }
    if let Some(identity) = store.exchange_identity()?
        && !identity.organisation.trim().is_empty()
    {
        return Ok(identity.organisation);
    }
    Ok(store
        .current_worker()?
        .map(|w| w.structure)
        .unwrap_or_default())
}

/// Reads the facts of the notice from the base (nothing written).
pub fn facts(store: &Store) -> Result<NoticeFacts, StoreError> {
    let mut programmes = Vec::new();
    for p in store.list::<Programme>()? {
        let months = store.retention_months(p.id)?;
        programmes.push((p.name, p.territory, months));
    }
    programmes.sort();
    let mut by_role: BTreeMap<PartnerRole, Vec<String>> = BTreeMap::new();
    for partner in store.list::<Partner>()? {
        if partner.is_revoked(store.now()) {
            continue;
        }
        by_role
            .entry(partner.role)
            .or_default()
            .push(partner.organisation);
    }
    let recipients = by_role
        .into_iter()
        .map(|(role, mut names)| {
            names.sort();
            names.dedup();
            (role, names)
        })
        .collect();
    Ok(NoticeFacts {
        structure: structure_name(store)?,
        dpo_contact: store.setting(DPO_SETTING)?.unwrap_or_default(),
        programmes,
        recipients,
    })
}

/// « 24 mois (2 ans) ».
fn duration_fr(months: u32) -> String {
    if months.is_multiple_of(12) {
        let years = months / 12;
        format!(
            "{months} mois ({})",
            crate::domain::text::count(years, "an", "ans")
        )
    } else {
        format!("{months} mois")
    }
}

/// The notice as a PDF, dated `today`.
pub fn to_pdf(facts: &NoticeFacts, today: chrono::NaiveDate) -> Result<Vec<u8>, NoticeError> {
    let title = "Vos données personnelles : notice d'information";
    let structure = if facts.structure.trim().is_empty() {
        "la structure qui vous accompagne".to_owned()
    } else {
        facts.structure.trim().to_owned()
    };
    let mut doc = PdfDocument::new(title)?;
    doc.title(title);
    doc.paragraph(
        "Cette feuille vous est remise lors de votre premier entretien. Elle explique ce que \
         nous faisons des informations qui vous concernent, vous et les personnes de votre \
         foyer. Gardez-la.",
    );

    doc.heading("Qui s'occupe de vos données ?");
    doc.key_value("Responsable", &structure);
    doc.paragraph(
        "Seules les personnes qui vous accompagnent y ont accès, sur un ordinateur protégé \
         par un mot de passe ; les données y sont chiffrées.",
    );

    doc.heading("Pourquoi ?");
    let names: Vec<String> = facts
        .programmes
        .iter()
        .map(|(name, territory, _)| {
            if territory.trim().is_empty() {
                format!("« {name} »")
            } else {
                format!("« {name} » ({territory})")
            }
        })
        .collect();
    let programme = if names.is_empty() {
        "notre programme d'accompagnement".to_owned()
    } else {
        format!("le programme {}", names.join(", "))
    };
    doc.paragraph(&format!(
        "Pour vous accompagner dans {programme} : chercher avec vous un logement et un emploi, \
         préparer vos rendez-vous, suivre votre parcours et vous aider dans vos démarches. Nous \
         en tirons aussi des chiffres anonymes (sans nom) pour rendre compte aux financeurs du \
         programme."
    ));

    doc.heading("Quelles informations ?");
    doc.paragraph(
        "Les noms, prénoms et dates de naissance des personnes du foyer ; votre situation de \
         logement, vos ressources, ce qui freine votre recherche d'emploi ; l'école des \
         enfants ; les étapes de votre parcours, vos rendez-vous et les notes de suivi ; vos \
         accords pour transmettre des informations ; les documents que vous nous confiez. \
         Nous ne demandons que ce qui sert à votre accompagnement.",
    );

    doc.heading("Combien de temps ?");
    if facts.programmes.is_empty() {
        doc.paragraph(&format!(
            "{} après la fin de votre accompagnement ou notre dernier contact. Ensuite, tout \
             est effacé pour de bon ; seuls des chiffres anonymes restent.",
            duration_fr(crate::store::retention::DEFAULT_RETENTION_MONTHS)
        ));
    } else {
        for (name, _, months) in &facts.programmes {
            doc.paragraph(&format!(
                "Programme « {name} » : {} après la fin de votre accompagnement ou notre \
                 dernier contact. Ensuite, tout est effacé pour de bon ; seuls des chiffres \
                 anonymes restent.",
                duration_fr(*months)
            ));
        }
    }
    doc.paragraph(
        "La liste de qui a consulté ou transmis votre dossier est gardée 12 mois, pour \
         pouvoir vérifier que vos données sont bien protégées.",
    );

    doc.heading("À qui vos informations peuvent-elles être transmises ?");
    doc.paragraph(
        "Jamais sans votre accord. Avec votre accord, et seulement ce qui est utile à chacun :",
    );
    if facts.recipients.is_empty() {
        doc.paragraph("Aucun partenaire n'est enregistré pour le moment.");
    } else {
        for (role, names) in &facts.recipients {
            doc.key_value(role.label_fr(), &names.join(", "));
        }
    }
    doc.paragraph(
        "Les employeurs et les bailleurs ne reçoivent que ce qui concerne le poste ou le \
         logement proposé ; les financeurs ne reçoivent jamais votre nom. Vous pouvez retirer \
         votre accord à tout moment.",
    );

    doc.heading("Vos droits");
    doc.paragraph(
        "Vous pouvez à tout moment : savoir quelles informations nous avons sur vous et en \
         recevoir une copie ; faire corriger ce qui est faux ; demander l'effacement de vos \
         données ; demander que votre dossier soit gelé (plus rien n'est modifié ni transmis) ; \
         vous opposer à une transmission. Nous vous répondons dans un délai d'un mois.",
    );
    let contact = facts.dpo_contact.trim();
    if contact.is_empty() {
        doc.paragraph(&format!(
            "Pour cela, adressez-vous à votre référent·e, ou écrivez à la structure \
             ({structure}), à l'attention du ou de la délégué·e à la protection des données."
        ));
    } else {
        doc.paragraph(
            "Pour cela, adressez-vous à votre référent·e, ou au ou à la délégué·e à la \
             protection des données (DPO) de la structure :",
        );
        doc.key_value("Contact", contact);
    }
    doc.paragraph(
        "Si vous pensez que vos droits ne sont pas respectés, vous pouvez aussi vous adresser \
         à la CNIL (Commission nationale de l'informatique et des libertés) : www.cnil.fr, ou \
         3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.",
    );
    doc.paragraph(&format!("Notice établie le {}.", today.format("%d/%m/%Y")));
    Ok(doc.finish()?)
}
