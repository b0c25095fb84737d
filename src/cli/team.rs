//! `passerelle team …` (issue 15): set up and run the team's shared folder from the
//! command line, for the person who sets up the team and for scripts.

use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::Subcommand;
use uuid::Uuid;

use crate::domain::text::count;
use crate::domain::worker::Worker;
use crate::store::Store;
use crate::team;

/// `passerelle team` subcommands.
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Crée l'équipe dans le dossier partagé ; ce poste en est la coordination.
    Create {
        /// Dossier partagé (synchronisé par Syncthing, Nextcloud…).
        #[arg(long, value_name = "DOSSIER")]
        folder: PathBuf,
        // clap takes the help of a subcommand or a flattened group from its type.
        #[allow(missing_docs)]
        #[command(flatten)]
        who: Who,
    },
    /// Demande à rejoindre l'équipe du dossier : écrit la carte de ce poste.
    Join {
        /// Dossier partagé de l'équipe.
        #[arg(long, value_name = "DOSSIER")]
        folder: PathBuf,
        // clap takes the help of a subcommand or a flattened group from its type.
        #[allow(missing_docs)]
        #[command(flatten)]
        who: Who,
    },
    /// Admet un poste (coordination) : CARTE est le fichier de sa carte ou son identifiant.
    Admit {
        /// Fichier de carte (cards/<poste>.json) ou identifiant du poste.
        card: String,
        /// Empreinte lue au téléphone par la personne qui rejoint ; refusée si différente.
        #[arg(long)]
        fingerprint: Option<String>,
    },
    /// Révoque un membre (coordination) : ordinateur perdu, départ.
    Revoke {
        /// Identifiant du poste (8 premiers caractères suffisent) ou nom exact.
        member: String,
    },
    /// Publie ce qui attend, applique ce qui est nouveau, une fois, puis résume.
    Sync,
    /// État de l'équipe.
    Status,
    /// Écrit un instantané de toute la base pour les membres (coordination) : un poste
    /// arrivé tard part de lui, et les anciens paquets peuvent être retirés.
    Snapshot,
}

/// Who uses this base, when not said yet (first use from the command line).
#[derive(Debug, clap::Args)]
pub struct Who {
    /// Prénom de la personne qui utilise cette base.
    #[arg(long)]
    prenom: Option<String>,
    /// Nom de la personne qui utilise cette base.
    #[arg(long)]
    nom: Option<String>,
    /// Structure.
    #[arg(long, default_value = "")]
    structure: String,
}

fn name_worker(store: &mut Store, who: &Who) -> anyhow::Result<()> {
    if (who.prenom.is_none() || who.nom.is_none()) && store.current_worker()?.is_none() {
        // The app's wording points to Paramètres; from a terminal, say which options.
        anyhow::bail!(
            "Indiquez qui utilise cette base : l'équipe voit votre nom. Ajoutez --prenom, \
             --nom (et --structure), par exemple : --prenom Claire --nom Vidal --structure \
             \"Relais Paris\"."
        );
    }
    if let (Some(first), Some(last)) = (&who.prenom, &who.nom) {
        let id = store.current_worker()?.map_or_else(Uuid::new_v4, |w| w.id);
        store.set_current_worker(&Worker {
            id,
            first_name: first.clone(),
            last_name: last.clone(),
            structure: who.structure.clone(),
            device: None,
        })?;
    }
    Ok(())
}

fn short(id: Uuid) -> String {
    id.to_string()[..8].to_owned()
}

/// Runs one `team` subcommand on the unlocked base.
pub fn run(store: &mut Store, command: TeamCommand) -> anyhow::Result<()> {
    match command {
        TeamCommand::Create { folder, who } => {
            name_worker(store, &who)?;
            let t = team::create(store, &folder)?;
            outln!("Équipe créée dans {}.", folder.display());
            outln!("Identifiant de l'équipe : {}", t.team);
            outln!(
                "Empreinte de la coordination (à lire à chaque personne qui rejoint) : {}",
                t.coordinator_fingerprint
            );
        }
        TeamCommand::Join { folder, who } => {
            name_worker(store, &who)?;
            let (t, card) = team::join(store, &folder)?;
            outln!(
                "Carte écrite dans {}.",
                card_path(&folder, card.device).display()
            );
            outln!(
                "Empreinte de ce poste (à lire au téléphone à la coordination) : {}",
                card.fingerprint
            );
            outln!(
                "Empreinte de la coordination (à comparer avec celle qu'elle vous lit) : {}",
                t.coordinator_fingerprint
            );
            outln!("Poste {} : en attente d'admission.", short(card.device));
        }
        TeamCommand::Admit { card, fingerprint } => {
            let seen = team::preview_card(store, &card)?;
            if let Some(f) = fingerprint {
                let norm = |s: &str| s.replace(' ', "").to_uppercase();
                if norm(&f) != norm(&seen.fingerprint) {
                    bail!(
                        "L'empreinte lue ne correspond pas à la carte ({}) : n'admettez pas ce \
                         poste, demandez à la personne de vérifier sa carte.",
                        seen.fingerprint
                    );
                }
            }
            let roster = team::admit(store, &card)?;
            outln!(
                "{} (poste {}) admis·e ; liste de l'équipe version {}, {}.",
                seen.worker.display_name(),
                short(seen.device),
                roster.version,
                count(roster.members.len(), "membre", "membres")
            );
        }
        TeamCommand::Revoke { member } => {
            let m = team::revoke(store, &member)?;
            outln!(
                "{} (poste {}) révoqué·e : {}.",
                m.worker.display_name(),
                short(m.device),
                m.refused_after()
            );
            outln!(
                "Changez la clé de chiffrement sur les autres ordinateurs (« passerelle rekey ») \
                 si cet ordinateur est perdu ou volé."
            );
        }
        TeamCommand::Sync => {
            let r = team::sync(store)?;
            match &r.published {
                Some(p) => outln!(
                    "Publié : paquet n° {} ({}, {}).",
                    p.seq,
                    count(p.records, "fiche", "fiches"),
                    count(p.bytes, "octet", "octets")
                ),
                None => outln!("Rien à publier."),
            }
            if r.erasures_published > 0 {
                outln!(
                    "Effacements transmis à l'équipe : {} (identifiants seulement).",
                    count(r.erasures_published, "avis", "avis")
                );
            }
            outln!(
                "{}.",
                count(
                    r.applied.applied.len(),
                    "paquet appliqué",
                    "paquets appliqués"
                )
            );
            if r.applied.erasures > 0 {
                outln!(
                    "Effacements demandés par l'équipe appliqués ici : {}.",
                    r.applied.erasures
                );
            }
            for (device, seq) in &r.applied.held {
                outln!("En attente : poste {} n° {seq}.", short(*device));
            }
            for (device, seq, why) in &r.applied.refused {
                outln!("Refusé : poste {} n° {seq} ({why}).", short(*device));
            }
            for a in &r.applied.alerts {
                outln!("Alerte : {a}");
            }
            if let Some(n) = r.applied.snapshot {
                outln!("Instantané n° {n} de la coordination appliqué.");
            }
            if let Some(s) = &r.snapshot {
                outln!(
                    "Instantané n° {} écrit ({}, {}, {}).",
                    s.seq,
                    count(s.records, "fiche", "fiches"),
                    count(s.bytes, "octet", "octets"),
                    count(s.recipients, "membre", "membres")
                );
            }
            if r.removed > 0 {
                outln!(
                    "{} du dossier (tous les membres les ont).",
                    count(
                        r.removed,
                        "ancien paquet de ce poste retiré",
                        "anciens paquets de ce poste retirés"
                    )
                );
            }
        }
        TeamCommand::Snapshot => {
            // Publish first: the snapshot then covers this device's own writes.
            team::publish(store)?;
            let s = team::snapshot::write_snapshot(store)?;
            outln!(
                "Instantané n° {} écrit ({}, {}) pour {}.",
                s.seq,
                count(s.records, "fiche", "fiches"),
                count(s.bytes, "octet", "octets"),
                count(s.recipients, "membre", "membres")
            );
        }
        TeamCommand::Status => {
            let Some(s) = team::status(store)? else {
                bail!("{}", team::TeamError::NoTeam);
            };
            for line in team::status_lines(&s, store.now()) {
                outln!("{line}");
            }
        }
    }
    Ok(())
}

fn card_path(folder: &Path, device: Uuid) -> PathBuf {
    folder
        .join(team::folder::CARDS_DIR)
        .join(format!("{device}.json"))
}
