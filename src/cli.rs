//! The command line (DESIGN.md §7). Passphrases never come from arguments: from
//! `--passphrase-file FILE`, from standard input, or typed at a hidden prompt.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use zeroize::Zeroizing;

use crate::store::{KdfParams, Passphrase, Store, StoreError, StorePaths};

/// `println!` for the command line's results: a reader that went away (`… | head`) ends
/// the program quietly, as `grep` does, instead of a Rust panic and its stack trace.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_line(format_args!($($arg)*))
    };
}

/// Writes one line to standard output; see [`outln!`].
pub(crate) fn write_line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let written = out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // Everything was committed before anything was printed: nothing is lost.
            std::process::exit(0);
        }
        let _ = writeln!(
            std::io::stderr(),
            "Erreur : écriture du résultat impossible ({e})."
        );
        std::process::exit(1);
    }
}

mod dp;
mod exchange;
mod report;
mod sheet;
pub mod team;

/// Exit code for a wrong passphrase or recovery key (scripts can tell it apart).
const EXIT_BAD_SECRET: u8 = 3;

/// Passerelle : suivi des parcours « un toit, un emploi ».
#[derive(Debug, Parser)]
#[command(name = "passerelle", version, about, long_about = None)]
pub struct Cli {
    /// Base de données à utiliser (par défaut : dossier de données de l'utilisateur).
    #[arg(long, global = true, value_name = "CHEMIN")]
    pub db: Option<PathBuf>,

    /// Fichier dont la première ligne est la phrase de passe (sinon : entrée standard).
    #[arg(long, global = true, value_name = "FICHIER")]
    pub passphrase_file: Option<PathBuf>,

    // clap takes the help of a subcommand from its type.
    #[allow(missing_docs)]
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands for administrators and scripts.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crée une base chiffrée et affiche la clé de secours (seule, sur la sortie standard).
    Init,
    /// Remplit la base avec des données de démonstration fictives.
    Demo {
        /// Nombre de ménages fictifs.
        #[arg(long, default_value_t = 40)]
        households: usize,
        /// Graine du générateur (mêmes données pour une même graine).
        #[arg(long, default_value_t = crate::demo::DemoOptions::default().seed)]
        seed: u64,
    },
    /// Vérifie l'intégrité de la base et de son chiffrement.
    Check,
    /// Change la clé de chiffrement (ordinateur, fichier de clé ou clé de secours perdus) :
    /// affiche la nouvelle clé de secours, une seule fois, sur la sortie standard.
    Rekey,
    /// Écrit une sauvegarde chiffrée (et son fichier de clé), vérifiée après écriture.
    Backup {
        /// Fichier de sauvegarde à créer.
        dest: PathBuf,
    },
    /// Définit une nouvelle phrase de passe à partir de la clé de secours.
    Recover {
        /// Fichier contenant la clé de secours (sinon : première ligne de l'entrée standard).
        #[arg(long, value_name = "FICHIER")]
        recovery_file: Option<PathBuf>,
        /// N'ouvre rien : affiche la clé brute (hexadécimale) pour un client SQLCipher 4.
        #[arg(long)]
        print_raw_key: bool,
    },
    /// Crée si besoin l'identité d'échange et écrit la carte de contact (clés publiques).
    ContactCard {
        /// Fichier à écrire (sinon : sortie standard).
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Nom de votre organisation (obligatoire la première fois).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Ajoute un partenaire à partir de sa carte de contact et affiche son empreinte.
    AddPartner {
        /// Carte de contact reçue du partenaire.
        card: PathBuf,
        /// Rôle : accompagnement, employeur, bailleur ou financeur.
        #[arg(long)]
        role: String,
        /// Personne ou adresse de contact.
        #[arg(long, default_value = "")]
        contact: String,
    },
    /// Écrit un paquet chiffré, signé et filtré selon le rôle du destinataire.
    Export {
        /// Partenaire destinataire (nom d'organisation ou identifiant), répétable.
        #[arg(long = "to", value_name = "PARTENAIRE")]
        to: Vec<String>,
        /// Rôle, pour un paquet par phrase de passe seulement (accompagnement, employeur,
        /// bailleur ou financeur) ; avec --to, le rôle est celui de la carte épinglée.
        #[arg(long)]
        role: Option<String>,
        /// Identifiant(s) des ménages à envoyer (voir « passerelle households »).
        #[arg(long = "household", value_name = "ID", num_args = 1.., required = true)]
        household: Vec<String>,
        /// Fichier du paquet à écrire.
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: PathBuf,
        /// Inclure les notes du journal.
        #[arg(long)]
        notes: bool,
        /// Paquet en texte (ASCII), pour le courriel.
        #[arg(long)]
        armor: bool,
        /// Objet de l'envoi.
        #[arg(long, default_value = "")]
        purpose: String,
        /// Chiffrer avec la phrase de passe de ce fichier (partenaire sans carte).
        #[arg(long, value_name = "FICHIER")]
        packet_passphrase_file: Option<PathBuf>,
    },
    /// Vérifie un paquet reçu, affiche l'aperçu et l'intègre (sauf --dry-run).
    Import {
        /// Paquet reçu.
        file: PathBuf,
        /// Affiche l'aperçu sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Phrase de passe du paquet (dans ce fichier), pour un paquet sans carte.
        #[arg(long, value_name = "FICHIER")]
        packet_passphrase_file: Option<PathBuf>,
        /// Applique aussi les suppressions du paquet (sinon elles sont listées, rien n'est supprimé).
        #[arg(long)]
        apply_deletions: bool,
    },
    /// Écrit votre clé secrète age (fichier lisible par vous seul) pour « age -d -i FICHIER ».
    ExportAgeKey {
        /// Fichier à créer (jamais écrasé).
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: PathBuf,
    },
    /// Révoque un partenaire (nom ou identifiant) : plus d'envoi, ses paquets signés après sont refusés.
    RevokePartner {
        /// Partenaire (nom d'organisation ou identifiant).
        partner: String,
    },
    /// Équipe : dossier partagé (Syncthing, Nextcloud), admission, synchronisation.
    Team {
        // clap takes the help of a subcommand from its type.
        #[allow(missing_docs)]
        #[command(subcommand)]
        command: team::TeamCommand,
    },
    /// Liste les ménages (identifiant, nom, étape, référent·e) pour les scripts.
    Households {
        /// csv ou json.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Indicateurs d'un programme sur une période (chiffres anonymes), en CSV ou JSON.
    Report {
        /// Nom (ou identifiant) du programme.
        #[arg(long)]
        programme: String,
        /// Premier jour : jj/mm/aaaa ou aaaa-mm-jj.
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Dernier jour (inclus) : jj/mm/aaaa ou aaaa-mm-jj.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// csv ou json (xlsx et pdf avec -o).
        #[arg(long, default_value = "csv")]
        format: String,
        /// Fichier à écrire (sinon : sortie standard).
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: Option<PathBuf>,
    },
    /// Importe un tableur de suivi (CSV, XLSX ou ODS) : colonnes, erreurs, doublons, puis import.
    ImportSheet {
        /// Tableur à importer.
        file: PathBuf,
        /// Affiche l'aperçu sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Correspondance d'une colonne : « En-tête=champ » ou « En-tête=ignorer » (répétable).
        #[arg(long = "map", value_name = "EN-TÊTE=CHAMP")]
        map: Vec<String>,
        /// Crée aussi les ménages signalés comme doublons possibles (sinon ils sont ignorés).
        #[arg(long)]
        create_duplicates: bool,
    },
    /// Exporte la liste des ménages en CSV ou XLSX (fichier NON chiffré).
    ExportSheet {
        /// Format : csv ou xlsx.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Fichier à écrire.
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: PathBuf,
        /// Inclure les ménages sortis du dispositif.
        #[arg(long)]
        include_exited: bool,
        /// Remplacer le fichier s'il existe.
        #[arg(long)]
        overwrite: bool,
    },
    /// Efface pour de bon un ménage ou une personne (adulte ou enfant) : données, pièces
    /// jointes, index de recherche ; seuls restent l'identifiant et les comptes anonymes.
    Erase {
        /// Identifiant du ménage à effacer (voir « passerelle households »).
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "person",
            required_unless_present = "person"
        )]
        household: Option<String>,
        /// Identifiant de la personne à effacer.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
    },
    /// Ménages dont la durée de conservation est dépassée : aperçu (--dry-run) ou effacement (--apply).
    Retention {
        /// Affiche les ménages échus, avec la raison, sans rien effacer.
        #[arg(long, conflicts_with = "apply", required_unless_present = "apply")]
        dry_run: bool,
        /// Efface pour de bon les ménages échus qui ne sont pas conservés à part.
        #[arg(long)]
        apply: bool,
    },
    /// Droit d'accès : tout ce que la base détient sur une personne, en PDF et JSON (fichiers NON chiffrés).
    Access {
        /// Identifiant de l'adulte ou de l'enfant.
        #[arg(long, value_name = "ID")]
        person: String,
        /// Dossier où écrire les deux fichiers.
        #[arg(short = 'o', long = "output", value_name = "DOSSIER")]
        output: PathBuf,
    },
    /// Journal d'accès pour le ou la DPO, en CSV ou JSON (fichier NON chiffré avec -o).
    Audit {
        /// Premier jour : jj/mm/aaaa ou aaaa-mm-jj.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Dernier jour (inclus) : jj/mm/aaaa ou aaaa-mm-jj.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Seulement les entrées de ce ou cette professionnel·le (identifiant).
        #[arg(long, value_name = "ID")]
        worker: Option<String>,
        /// Seulement les entrées qui concernent ce ménage (identifiant).
        #[arg(long, value_name = "ID")]
        household: Option<String>,
        /// csv ou json.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Fichier à écrire (sinon : sortie standard).
        #[arg(short = 'o', long = "output", value_name = "FICHIER")]
        output: Option<PathBuf>,
    },
}

/// Entry point of the binary: runs and maps errors to an exit code and a French message.
pub fn main() -> ExitCode {
    let cli = parse_args();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Erreur : {e:#}");
            let bad_secret = matches!(
                e.downcast_ref::<StoreError>(),
                Some(
                    StoreError::WrongPassphrase
                        | StoreError::BadRecoveryKey(_)
                        | StoreError::RecoveryKeyMismatch
                )
            );
            ExitCode::from(if bad_secret { EXIT_BAD_SECRET } else { 1 })
        }
    }
}

/// Parses the arguments; `--version` prints version, commit and SQLCipher version.
fn parse_args() -> Cli {
    // clap wants a `&'static str` for the version; the text is built at run time (SQLCipher
    // is asked), once per process, so leaking it costs a few bytes for the process lifetime.
    let version: &'static str = Box::leak(crate::version::long_version().into_boxed_str());
    let matches = Cli::command().version(version).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Runs one invocation.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let paths = match &cli.db {
        Some(p) => StorePaths::beside(p),
        None => StorePaths::default_location()?,
    };
    let mut secrets = SecretSource::new(cli.passphrase_file.as_deref())?;
    match cli.command {
        None => crate::app::run_gui(paths),
        Some(Command::Init) => init(&paths, &mut secrets),
        Some(Command::Demo { households, seed }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            let started = Instant::now();
            let report =
                crate::demo::fill(&mut store, &crate::demo::DemoOptions { households, seed })?;
            eprintln!("{report} ({:.1} s)", started.elapsed().as_secs_f64());
            Ok(())
        }
        Some(Command::Check) => {
            let store = unlock(&paths, &mut secrets)?;
            let report = store.check()?;
            outln!("{report}");
            let chain = store.verify_audit_chain()?;
            if chain.broken.is_some() {
                bail!(
                    "{chain} Ne modifiez plus la base : gardez-en une copie et prévenez votre délégué·e à la protection des données."
                );
            }
            outln!("{chain}");
            Ok(())
        }
        Some(Command::Retention { dry_run, apply }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            dp::retention(&mut store, apply && !dry_run)
        }
        Some(Command::Access { person, output }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            dp::access(&mut store, &person, &output)
        }
        Some(Command::Erase { household, person }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            dp::erase(&mut store, household.as_deref(), person.as_deref())
        }
        Some(Command::Audit {
            from,
            to,
            worker,
            household,
            format,
            output,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            dp::audit(
                &mut store,
                &dp::AuditArgs {
                    from: from.as_deref(),
                    to: to.as_deref(),
                    worker: worker.as_deref(),
                    household: household.as_deref(),
                    format: &format,
                    output: output.as_deref(),
                },
            )
        }
        Some(Command::Rekey) => rekey(&paths, &mut secrets),
        Some(Command::Backup { dest }) => {
            let store = unlock(&paths, &mut secrets)?;
            let written = store.backup(&dest)?;
            outln!(
                "Sauvegarde chiffrée écrite et vérifiée : {} (fichier de clé : {}).",
                written.db.display(),
                written.key.display()
            );
            Ok(())
        }
        Some(Command::ContactCard {
            output,
            organisation,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::contact_card(&mut store, output.as_deref(), organisation.as_deref())
        }
        Some(Command::AddPartner {
            card,
            role,
            contact,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::add_partner(&mut store, &card, &role, &contact)
        }
        Some(Command::Export {
            to,
            role,
            household,
            output,
            notes,
            armor,
            purpose,
            packet_passphrase_file,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::export(
                &mut store,
                &exchange::ExportArgs {
                    to: &to,
                    role: role.as_deref(),
                    households: &household,
                    output: &output,
                    notes,
                    armor,
                    purpose: &purpose,
                    packet_passphrase_file: packet_passphrase_file.as_deref(),
                },
            )
        }
        Some(Command::Import {
            file,
            dry_run,
            packet_passphrase_file,
            apply_deletions,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::import(
                &mut store,
                &file,
                dry_run,
                packet_passphrase_file.as_deref(),
                apply_deletions,
            )
        }
        Some(Command::ExportAgeKey { output }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::export_age_key(&mut store, &output)
        }
        Some(Command::RevokePartner { partner }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::revoke_partner(&mut store, &partner)
        }
        Some(Command::Team { command }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            team::run(&mut store, command)
        }
        Some(Command::Households { format }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            exchange::households(&mut store, &format)
        }
        Some(Command::Report {
            programme,
            from,
            to,
            format,
            output,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            report::report(
                &mut store,
                &programme,
                &from,
                &to,
                &format,
                output.as_deref(),
            )
        }
        Some(Command::ImportSheet {
            file,
            dry_run,
            map,
            create_duplicates,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            sheet::import(
                &mut store,
                &sheet::ImportArgs {
                    file: &file,
                    dry_run,
                    map: &map,
                    create_duplicates,
                },
            )
        }
        Some(Command::ExportSheet {
            format,
            output,
            include_exited,
            overwrite,
        }) => {
            let mut store = unlock(&paths, &mut secrets)?;
            sheet::export(&mut store, &format, &output, include_exited, overwrite)
        }
        Some(Command::Recover {
            recovery_file,
            print_raw_key,
        }) => {
            let recovery = match recovery_file {
                Some(f) => read_first_line(&f)?,
                None => secrets.next("Clé de secours : ")?,
            };
            if print_raw_key {
                let hex = Store::raw_key_hex(&recovery)?;
                outln!("{}", hex.as_str());
                return Ok(());
            }
            let new = new_passphrase(&mut secrets)?;
            eprintln!("Calibrage de la dérivation de clé…");
            Store::recover(&paths, &recovery, &new, KdfParams::calibrate())?;
            eprintln!("Nouvelle phrase de passe enregistrée. La clé de secours reste la même.");
            Ok(())
        }
    }
}

fn init(paths: &StorePaths, secrets: &mut SecretSource) -> anyhow::Result<()> {
    if paths.exists() {
        return Err(StoreError::AlreadyExists(paths.db.clone()).into());
    }
    let passphrase = new_passphrase(secrets)?;
    let kdf = KdfParams::calibrate();
    let (_store, recovery) = Store::create(paths, &passphrase, kdf)?;
    eprintln!("Base chiffrée créée : {}", paths.db.display());
    eprintln!(
        "Clé de secours ci-dessous (sortie standard) : notez-la sur papier et rangez-la sous pli fermé.\n\
         Elle seule permet de rouvrir la base si la phrase de passe est oubliée."
    );
    outln!("{}", recovery.formatted());
    Ok(())
}

fn unlock(paths: &StorePaths, secrets: &mut SecretSource) -> anyhow::Result<Store> {
    Ok(unlock_with(paths, secrets)?.0)
}

/// Unlocks and also returns the passphrase (key rotation wraps the new key with it).
fn unlock_with(
    paths: &StorePaths,
    secrets: &mut SecretSource,
) -> anyhow::Result<(Store, Passphrase)> {
    if !paths.db.exists() && !paths.key.exists() {
        bail!(
            "aucune base à l'emplacement {} : créez-la d'abord avec « passerelle init » (ou indiquez --db).",
            paths.db.display()
        );
    }
    let passphrase = secrets.next("Phrase de passe : ")?;
    let mut store = Store::unlock(paths, &passphrase)?;
    store.record_unlock(&[], "ligne de commande")?;
    if !store.tightened_files().is_empty() {
        eprintln!(
            "Les fichiers de la base étaient lisibles par d'autres comptes de cet ordinateur : \
             ils sont maintenant réservés à vous seul ({}).",
            store.tightened_files().len()
        );
    }
    if let Some(recovery) = store.take_resumed_rotation() {
        eprintln!(
            "Un changement de clé de chiffrement avait été interrompu : il vient d'être terminé.\n\
             Nouvelle clé de secours (l'ancienne ne fonctionne plus), à noter sur papier :\n{}",
            recovery.formatted()
        );
    }
    Ok((store, passphrase))
}

fn rekey(paths: &StorePaths, secrets: &mut SecretSource) -> anyhow::Result<()> {
    let (store, passphrase) = unlock_with(paths, secrets)?;
    eprintln!("Calibrage de la dérivation de clé…");
    let kdf = KdfParams::calibrate();
    eprintln!("Changement de la clé de chiffrement (copie chiffrée, vérification, remplacement)…");
    let started = Instant::now();
    let rotation = store.rotate_key(&passphrase, kdf);
    let recovery = rotation.result?;
    eprintln!(
        "Clé de chiffrement changée en {:.1} s. La phrase de passe reste la même ; l'ancienne clé \
         de secours, les anciens fichiers de clé et les sauvegardes faites avant ne s'ouvrent \
         qu'avec l'ancienne clé.\nNouvelle clé de secours ci-dessous (sortie standard) : \
         notez-la sur papier et rangez-la sous pli fermé.",
        started.elapsed().as_secs_f64()
    );
    outln!("{}", recovery.formatted());
    Ok(())
}

/// Minimum passphrase length accepted anywhere (CLI and app).
pub const MIN_PASSPHRASE_CHARS: usize = 12;

fn new_passphrase(secrets: &mut SecretSource) -> anyhow::Result<Passphrase> {
    let first = secrets.next("Nouvelle phrase de passe : ")?;
    if secrets.is_interactive() {
        let again = secrets.next("Confirmez la phrase de passe : ")?;
        if *again != *first {
            bail!("les deux saisies ne sont pas identiques.");
        }
    }
    if first.chars().count() < MIN_PASSPHRASE_CHARS {
        bail!("la phrase de passe doit compter au moins {MIN_PASSPHRASE_CHARS} caractères.");
    }
    Ok(first)
}

fn read_first_line(path: &Path) -> anyhow::Result<Passphrase> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path).with_context(|| format!("lecture de {}", path.display()))?,
    );
    Ok(Zeroizing::new(
        text.lines()
            .next()
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_owned(),
    ))
}

/// Where secrets come from: a file (one secret, reused), a terminal (hidden prompts), or
/// standard input (one secret per line, in the order asked).
struct SecretSource {
    from_file: Option<Passphrase>,
    interactive: bool,
}

impl SecretSource {
    fn new(file: Option<&Path>) -> anyhow::Result<Self> {
        let from_file = file.map(read_first_line).transpose()?;
        Ok(SecretSource {
            from_file,
            interactive: std::io::stdin().is_terminal(),
        })
    }

    fn is_interactive(&self) -> bool {
        self.from_file.is_none() && self.interactive
    }

    fn next(&mut self, prompt: &str) -> anyhow::Result<Passphrase> {
        if let Some(p) = &self.from_file {
            return Ok(p.clone());
        }
        if self.interactive {
            let _ = std::io::stderr().flush();
            return Ok(Zeroizing::new(
                rpassword::prompt_password(prompt).context("lecture de la saisie")?,
            ));
        }
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("lecture de l'entrée standard")?;
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed.is_empty() {
            bail!(
                "entrée standard vide : donnez la phrase de passe sur l'entrée standard ou avec --passphrase-file."
            );
        }
        Ok(Zeroizing::new(trimmed.to_owned()))
    }
}
