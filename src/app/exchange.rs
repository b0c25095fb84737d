//! Commands of the « Échanges » section: identity and partner cards, export with preview
//! (written on a named thread with progress), import with preview and apply (on a named
//! thread), conflicts, the « modifié depuis votre dernière visite » mark, file dialogs
//! (native on a thread when the desktop has one, else the in-app chooser) and files
//! dropped on the window.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use chrono::{DateTime, Local, TimeZone};
use serde_json::Value;
use uuid::Uuid;

use super::native_dialog::{FileDialogRequest, spawn_file_dialog};
use super::{App, JobKind, Outcome, Screen};
use crate::command::Section;
use crate::command::exchange::{ExchangeCommand, FilePurpose};
use crate::domain::hlc::Stamp;
use crate::domain::merge::MergeKind;
use crate::domain::model::{Adult, Child, Employer, Household, Landlord, Partner, PartnerRole};
use crate::domain::text::count;
use crate::exchange::packet::{self, ExportRequest, OpenedPacket, PacketError, Preview};
use crate::exchange::{output, redact, touched};
use crate::store::{Store, StoreError};
use crate::ui::board::BoardView;
use crate::ui::exchange::{
    CardCandidate, ConflictRow, ExchangeData, ExchangeTab, ExchangeView, ExportPreview,
    HouseholdChoice, HouseholdImport, IdentityInfo, ImportPreview, LogRow, PartnerRow, Progress,
    ReceivedDeletion, field_label_fr,
};
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::shell::Message;

/// What is done to a pinned partner.
#[derive(Clone, Copy)]
enum PartnerAction {
    Revoke,
    Unpin,
    Link(Option<Uuid>),
}

/// What an exchange job sends back with the base.
pub(super) enum ExchangeDone {
    /// A packet was written (path shown, households sent) or not (French reason).
    Exported(Result<(PathBuf, usize), String>),
    /// A packet passed every check (with its preview, as the screen shows it: built by
    /// the job, not on the UI thread — 445 ms for 1,000 households, issue 17), or was
    /// refused.
    Opened(Result<(Box<OpenedPacket>, Box<ImportPreview>), PacketError>),
    /// A packet was applied (with the board re-read by the job: 0.5 s at 10,000
    /// households, which the UI thread must not spend), or not (French reason).
    Applied(Result<(Preview, Box<Result<BoardView, StoreError>>), String>),
}

const EXPORT_PHASES: &[&str] = &[
    "Lecture, expurgation, chiffrement et signature des fiches…",
    "Écriture du fichier…",
    "Terminé",
];
const OPEN_PHASES: &[&str] = &[
    "Lecture du fichier…",
    "Déchiffrement et vérifications (signature, contenu)…",
    "Calcul de l'aperçu…",
];
const APPLY_PHASES: &[&str] = &["Fusion dans votre base (une seule transaction)…"];

fn date_fr(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| {
            d.with_timezone(&Local)
                .format("%d/%m/%Y à %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_owned())
}

fn stamp_date_fr(stamp: &Stamp) -> String {
    i64::try_from(stamp.hlc.wall_ms())
        .ok()
        .and_then(|ms| Local.timestamp_millis_opt(ms).single())
        .map(|d| d.format("%d/%m/%Y à %H:%M").to_string())
        .unwrap_or_else(|| "date inconnue".to_owned())
}

/// A JSON value as a worker reads it.
fn value_fr(v: &Value) -> String {
    match v {
        Value::Null => "(vide)".to_owned(),
        Value::Bool(true) => "oui".to_owned(),
        Value::Bool(false) => "non".to_owned(),
        Value::String(s) if s.is_empty() => "(vide)".to_owned(),
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => d.format("%d/%m/%Y").to_string(),
            Err(_) => s.clone(),
        },
        Value::Number(n) => n.to_string(),
        Value::Array(a) if a.is_empty() => "(vide)".to_owned(),
        Value::Array(a) => a.iter().map(value_fr).collect::<Vec<_>>().join(", "),
        // A structured field (the housing demand…): its parts, labelled, the empty ones
        // left out, amounts in euros; never raw JSON in front of a worker.
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null() && *v != &Value::Array(Vec::new()))
                .map(|(k, v)| {
                    let shown = match (k.ends_with("_cents"), v.as_i64()) {
                        (true, Some(cents)) => crate::domain::household_form::format_euros(cents),
                        _ => value_fr(v),
                    };
                    format!("{} : {shown}", field_label_fr(k))
                })
                .collect();
            if parts.is_empty() {
                "(vide)".to_owned()
            } else {
                parts.join(" ; ")
            }
        }
    }
}

fn fields_fr(list: &str) -> String {
    if list == "toutes les informations" {
        return list.to_owned();
    }
    list.split(", ")
        .map(field_label_fr)
        .collect::<Vec<_>>()
        .join(", ")
}

impl App {
    fn exchange_view(&mut self) -> Option<&mut ExchangeView> {
        match &mut self.screen {
            Screen::Main(view) => Some(&mut view.exchange),
            _ => None,
        }
    }

    /// Shows `message` at the top of the exchange section, scrolled into view.
    fn exchange_message(&mut self, message: Message) {
        if let Some(v) = self.exchange_view() {
            v.scroll_to_top = true;
            v.message = Some(message);
        }
    }

    pub(super) fn apply_exchange(&mut self, ctx: &egui::Context, command: ExchangeCommand) {
        match command {
            ExchangeCommand::Refresh => self.refresh_exchange(),
            ExchangeCommand::CreateIdentity => self.create_identity(),
            ExchangeCommand::ChooseFile { purpose } => self.choose_file(purpose, ctx.clone()),
            ExchangeCommand::ChooseFileInApp(purpose) => self.open_in_app_chooser(purpose),
            ExchangeCommand::CancelChooser => {
                if let Some(v) = self.exchange_view() {
                    v.chooser = None;
                }
            }
            ExchangeCommand::FileChosen(purpose, path) => self.file_chosen(ctx, purpose, path),
            ExchangeCommand::PinPartner => self.pin_partner(),
            ExchangeCommand::CancelCard => {
                if let Some(v) = self.exchange_view() {
                    v.card = None;
                }
            }
            ExchangeCommand::PreviewExport => self.preview_export(),
            ExchangeCommand::EditExport => {
                if let Some(v) = self.exchange_view() {
                    v.send.preview = None;
                }
            }
            ExchangeCommand::SendHousehold(id) => {
                if let Screen::Main(view) = &mut self.screen {
                    view.section = Section::Echanges;
                    let v = &mut view.exchange;
                    v.tab = ExchangeTab::Envoyer;
                    v.send.preview = None;
                    v.send.selected.clear();
                    v.send.selected.insert(id);
                }
                self.refresh_exchange();
            }
            ExchangeCommand::ApplyPacket => self.start_apply(ctx),
            ExchangeCommand::CancelPacket => {
                if let Some(v) = self.exchange_view() {
                    v.receive.preview = None;
                    v.receive.pending = None;
                }
            }
            ExchangeCommand::ResolveConflict { id, take_lost } => {
                self.resolve_conflict(id, take_lost)
            }
            ExchangeCommand::DismissMessage => {
                if let Some(v) = self.exchange_view() {
                    v.message = None;
                }
            }
            ExchangeCommand::RevokePartner(id) => self.partner_action(id, PartnerAction::Revoke),
            ExchangeCommand::UnpinPartner(id) => self.partner_action(id, PartnerAction::Unpin),
            ExchangeCommand::LinkPartner(id, record) => {
                self.partner_action(id, PartnerAction::Link(record))
            }
            ExchangeCommand::RotateIdentity => self.rotate_identity(),
            ExchangeCommand::RestoreDeletions {
                packet_id,
                household_id,
            } => self.restore_deletions(packet_id, household_id),
        }
    }

    /// Reloads what the section shows (after a command, never inside a frame).
    /// Reloads the section's data on a named thread through a second connection (at
    /// 10,000 households the list of households to send took 0.8 to 2.4 s on the UI thread,
    /// issue 17); the data shown until then stays, and arrives in
    /// [`Self::exchange_data_arrived`]. Without a second connection, loads it here.
    pub(super) fn refresh_exchange(&mut self) {
        let Some(store) = &mut self.store else {
            return;
        };
        // The undo of deletions received lasts 30 days, then its content is erased
        // (written only when something expired, so here, on the connection that writes).
        let purged = store.purge_expired_packet_deletions();
        let receiver = match purged {
            Err(e) => {
                let (sender, receiver) = mpsc::channel();
                let _ = sender.send(Err(e.to_string()));
                receiver
            }
            // Gone if the app locked or reloaded meanwhile: nothing to do.
            Ok(_) => super::background::read_in_background(
                store,
                "passerelle-echanges",
                self.exchange_ctx.clone(),
                |s: &Store| load_data(s).map_err(|e| e.to_string()),
            ),
        };
        if let Some(v) = self.exchange_view() {
            // A newer load replaces one still running (its answer is dropped).
            v.loading = Some(receiver);
        }
        self.exchange_data_arrived();
    }

    /// The section's data, once its thread answered: moved in (a small patch of the view
    /// model on the UI thread).
    fn exchange_data_arrived(&mut self) {
        let Some(v) = self.exchange_view() else {
            return;
        };
        let Some(receiver) = &v.loading else {
            return;
        };
        let loaded = match receiver.try_recv() {
            Ok(loaded) => loaded,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                Err("la lecture s'est interrompue ; changez d'onglet pour réessayer.".to_owned())
            }
        };
        v.loading = None;
        match loaded {
            Ok(data) => {
                // Households or partners that disappeared leave the selection.
                let households: std::collections::HashSet<Uuid> =
                    data.households.iter().map(|h| h.id).collect();
                v.send.selected.retain(|id| households.contains(id));
                v.send
                    .partners
                    .retain(|id| data.partners.iter().any(|p| p.id == *id));
                v.data = data;
                v.send.shown_for = None;
                v.loaded = true;
                v.native_dialog = super::native_dialog::native_file_dialog_available();
            }
            Err(e) => {
                v.loaded = true;
                v.message = Some(Message::error(format!(
                    "Les échanges n'ont pas pu être chargés. {e}"
                )))
            }
        }
    }

    fn create_identity(&mut self) {
        let organisation = match self.exchange_view() {
            Some(v) => v.organisation.trim().to_owned(),
            None => return,
        };
        let Some(store) = &mut self.store else {
            return;
        };
        match packet::ensure_identity(store, Some(&organisation)) {
            Ok(_) => self.exchange_message(Message::success(
                "Identité créée. Exportez votre carte de contact et donnez-la à vos partenaires.",
            )),
            Err(e) => {
                self.exchange_message(Message::error(format!("L'identité n'a pas été créée. {e}")))
            }
        }
        self.refresh_exchange();
    }

    // ----- files -----------------------------------------------------------------------

    fn choose_file(&mut self, purpose: FilePurpose, ctx: egui::Context) {
        if !super::native_dialog::native_file_dialog_available() {
            self.open_in_app_chooser(purpose);
            return;
        }
        let default_name = self.default_file_name(purpose);
        let Some(view) = self.exchange_view() else {
            return;
        };
        if view.dialog.is_some() {
            return;
        }
        let (title, _, extensions) = chooser_kind(purpose);
        let request = FileDialogRequest {
            title,
            filter: Some(("Passerelle", extensions)),
            save_as: purpose.saves().then_some(default_name),
        };
        match spawn_file_dialog(request, &ctx, move |path| (purpose, path)) {
            Some(receiver) => view.dialog = Some(receiver),
            None => self.open_in_app_chooser(purpose),
        }
    }

    fn default_file_name(&self, purpose: FilePurpose) -> String {
        let Screen::Main(view) = &self.screen else {
            return String::new();
        };
        let today = Local::now().format("%Y-%m-%d");
        let slug = |s: &str| {
            s.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect::<String>()
                .to_lowercase()
        };
        match purpose {
            FilePurpose::SaveCard => {
                let org = view
                    .exchange
                    .data
                    .identity
                    .as_ref()
                    .map(|i| slug(&i.organisation))
                    .unwrap_or_default();
                format!("carte-{org}.card")
            }
            FilePurpose::SavePacket => {
                let armor = if view.exchange.send.armor {
                    "-courriel"
                } else {
                    ""
                };
                format!("paquet-{today}{armor}.age")
            }
            FilePurpose::SaveKey => "ma-cle-age.txt".to_owned(),
            _ => String::new(),
        }
    }

    fn open_in_app_chooser(&mut self, purpose: FilePurpose) {
        let name = self.default_file_name(purpose);
        let Some(view) = self.exchange_view() else {
            return;
        };
        let (title, mode, exts) = chooser_kind(purpose);
        // Start where the last file was chosen, so a USB key stays open between steps.
        let start = view.chooser.as_ref().map(|(_, c)| c.dir.clone());
        view.chooser = Some((purpose, FileChooser::new(title, mode, start, exts, &name)));
        view.scroll_to_top = true;
    }

    /// After a frame: the native dialog's answer, and files dropped on the window.
    pub(super) fn exchange_after_frame(&mut self, ctx: &egui::Context) {
        if self.exchange_ctx.is_none() {
            // The loading thread wakes the window with it.
            self.exchange_ctx = Some(ctx.clone());
        }
        self.exchange_data_arrived();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| p.is_absolute())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next()
            && self.store.is_some()
            && let Screen::Main(view) = &mut self.screen
        {
            let is_card = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("card") || e.eq_ignore_ascii_case("json"));
            let (tab, purpose) = if is_card {
                (ExchangeTab::Identite, FilePurpose::OpenCard)
            } else {
                (ExchangeTab::Recevoir, FilePurpose::OpenPacket)
            };
            view.section = Section::Echanges;
            view.exchange.tab = tab;
            self.refresh_exchange();
            self.file_chosen(ctx, purpose, path);
        }
        let Some(view) = self.exchange_view() else {
            return;
        };
        let Some(receiver) = &view.dialog else {
            return;
        };
        let answer = match receiver.try_recv() {
            Ok(answer) => answer,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                view.dialog = None;
                return;
            }
        };
        view.dialog = None;
        match answer {
            (purpose, Some(path)) => self.file_chosen(ctx, purpose, path),
            (purpose, None) => {
                // Nothing chosen, or no dialog showed at all: the in-app chooser is the
                // fallback, so the button never ends up doing nothing.
                self.open_in_app_chooser(purpose);
                self.exchange_message(Message::error(
                    "Aucun fichier choisi dans la fenêtre du système : choisissez-le ici.",
                ));
            }
        }
    }

    fn file_chosen(&mut self, ctx: &egui::Context, purpose: FilePurpose, path: PathBuf) {
        if let Some(v) = self.exchange_view() {
            v.chooser = None;
            v.message = None;
            v.scroll_to_top = true;
        }
        match purpose {
            FilePurpose::SaveCard => self.save_card(&path),
            FilePurpose::OpenCard => self.read_card(&path),
            FilePurpose::SavePacket => self.start_export(ctx, path),
            FilePurpose::OpenPacket => self.start_open(ctx, path),
            FilePurpose::SaveKey => self.save_key(&path),
        }
    }

    // ----- cards -----------------------------------------------------------------------

    fn save_card(&mut self, path: &Path) {
        let Some(store) = &self.store else {
            return;
        };
        let result = packet::identity(store)
            .map_err(|e| e.to_string())
            .and_then(|me| {
                output::write_export(path, me.contact_card().to_json().as_bytes(), false)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.exchange_message(Message::success(format!(
                "Carte de contact enregistrée : {}. Elle ne contient que vos clés publiques ; \
                 envoyez-la à vos partenaires et lisez-leur votre empreinte par téléphone.",
                path.display()
            ))),
            Err(e) => self.exchange_message(Message::error(format!(
                "La carte n'a pas été enregistrée. {e}"
            ))),
        }
    }

    fn read_card(&mut self, path: &Path) {
        let Some(store) = &self.store else {
            return;
        };
        let parsed = read_capped(path, 64 << 10).and_then(|bytes| {
            let text = String::from_utf8(bytes).map_err(|_| {
                "le fichier n'est pas une carte de contact (texte attendu)".to_owned()
            })?;
            packet::ContactCard::parse(&text).map_err(|e| e.to_string())
        });
        let pinned: Vec<Partner> = store.list().unwrap_or_default();
        let mine = packet::identity(store)
            .ok()
            .map(|me| me.contact_card().fingerprint);
        let Some(v) = self.exchange_view() else {
            return;
        };
        match parsed {
            Ok(card) if Some(&card.fingerprint) == mine.as_ref() => {
                v.message = Some(Message::error(
                    "C'est votre propre carte de contact : importez celle du partenaire.",
                ));
            }
            Ok(card) => {
                let existing = pinned.iter().find(|p| p.fingerprint == card.fingerprint);
                v.tab = ExchangeTab::Identite;
                // Same organisation, other keys: perhaps its renewed card.
                let renews = pinned
                    .iter()
                    .find(|p| {
                        p.fingerprint != card.fingerprint
                            && p.organisation.trim().to_lowercase()
                                == card.organisation.trim().to_lowercase()
                    })
                    .filter(|_| existing.is_none())
                    .map(|p| (p.id, p.fingerprint.clone()));
                v.card = Some(CardCandidate {
                    replace: renews.is_some(),
                    renews,
                    role: existing.map_or(crate::domain::model::PartnerRole::Accompagnement, |p| {
                        p.role
                    }),
                    contact: existing.map(|p| p.contact.clone()).unwrap_or_default(),
                    already: existing.map(|p| p.organisation.clone()),
                    card,
                });
            }
            Err(e) => v.message = Some(Message::error(format!("Carte non importée : {e}"))),
        }
    }

    fn pin_partner(&mut self) {
        let Some(candidate) = self.exchange_view().and_then(|v| v.card.take()) else {
            return;
        };
        let Some(store) = &mut self.store else {
            return;
        };
        if let Some((id, _)) = candidate.renews.filter(|_| candidate.replace) {
            match packet::repin_partner(store, id, &candidate.card) {
                Ok(p) => self.exchange_message(Message::success(format!(
                    "La nouvelle carte de {} remplace l'ancienne (rôle inchangé : {}). \
                     L'ancienne clé est notée comme remplacée.",
                    p.organisation,
                    p.role.label_fr().to_lowercase()
                ))),
                Err(e) => self.exchange_message(Message::error(format!("Carte non épinglée. {e}"))),
            }
            self.refresh_exchange();
            return;
        }
        match packet::add_partner(
            store,
            &candidate.card,
            candidate.role,
            candidate.contact.trim(),
        ) {
            Ok(p) => self.exchange_message(Message::success(format!(
                "{} est épinglé comme {}. Vous pouvez lui envoyer des dossiers et importer \
                 les siens.",
                p.organisation,
                p.role.label_fr().to_lowercase()
            ))),
            Err(e) => self.exchange_message(Message::error(format!("Partenaire non épinglé. {e}"))),
        }
        self.refresh_exchange();
    }

    fn partner_action(&mut self, id: Uuid, action: PartnerAction) {
        let Some(store) = &mut self.store else {
            return;
        };
        let result = match action {
            PartnerAction::Revoke => packet::revoke_partner(store, id).map(|p| {
                format!(
                    "{} est révoqué : rien ne lui sera plus envoyé et ses paquets signés à \
                     partir de maintenant seront refusés.",
                    p.organisation
                )
            }),
            PartnerAction::Unpin => packet::unpin_partner(store, id).map(|()| {
                "Partenaire retiré de l'annuaire : ses paquets seront refusés.".to_owned()
            }),
            PartnerAction::Link(record) => packet::link_partner(store, id, record).map(|p| {
                if record.is_some() {
                    format!(
                        "{} est lié à sa fiche : il ne recevra que les positionnements sur ses \
                         propres offres ou logements.",
                        p.organisation
                    )
                } else {
                    format!("{} n'est plus lié à une fiche.", p.organisation)
                }
            }),
        };
        if let Some(v) = self.exchange_view() {
            v.confirm = None;
            if matches!(action, PartnerAction::Unpin) {
                v.managed = None;
            }
        }
        match result {
            Ok(text) => self.exchange_message(Message::success(text)),
            Err(e) => self.exchange_message(Message::error(format!("Rien n'a été modifié. {e}"))),
        }
        self.refresh_exchange();
    }

    fn rotate_identity(&mut self) {
        let Some(store) = &mut self.store else {
            return;
        };
        let result = packet::rotate_identity(store);
        if let Some(v) = self.exchange_view() {
            v.confirm = None;
        }
        match result {
            Ok(me) => self.exchange_message(Message::success(format!(
                "Nouvelles clés créées. Nouvelle empreinte : {}. Exportez votre carte de \
                 contact et envoyez-la à chaque partenaire ; les paquets écrits pour \
                 l'ancienne carte restent lisibles {} jours.",
                me.contact_card().fingerprint,
                packet::ROTATION_GRACE_DAYS
            ))),
            Err(e) => {
                self.exchange_message(Message::error(format!("Les clés n'ont pas changé. {e}")))
            }
        }
        self.refresh_exchange();
    }

    fn save_key(&mut self, path: &Path) {
        let Some(store) = &mut self.store else {
            return;
        };
        let result = packet::export_age_identity(store, path);
        if let Some(v) = self.exchange_view() {
            v.confirm = None;
        }
        match result {
            Ok(()) => self.exchange_message(Message::success(format!(
                "Clé secrète enregistrée : {} (lisible par vous seul). Ouvrez un paquet avec \
                 « age -d -i {} paquet.age > paquet.tar », puis supprimez ce fichier. \
                 L'export est noté dans le journal.",
                path.display(),
                path.display()
            ))),
            Err(e) => self.exchange_message(Message::error(e.to_string())),
        }
    }

    // ----- export ----------------------------------------------------------------------

    fn export_request(&self) -> Option<ExportRequest> {
        let Screen::Main(view) = &self.screen else {
            return None;
        };
        let f = &view.exchange.send;
        Some(ExportRequest {
            partners: if f.by_passphrase {
                Vec::new()
            } else {
                f.partners.iter().copied().collect()
            },
            // A packet to pinned partners is redacted for their pinned role.
            role: f.by_passphrase.then_some(f.role),
            households: f.selected.iter().copied().collect(),
            include_notes: f.include_notes,
            purpose: f.purpose.trim().to_owned(),
            armor: f.armor,
            passphrase: f
                .by_passphrase
                .then(|| zeroize::Zeroizing::new(f.passphrase.as_str().to_owned())),
            scrypt_log_n: None,
        })
    }

    fn preview_export(&mut self) {
        let Some(req) = self.export_request() else {
            return;
        };
        let Some(store) = &self.store else {
            return;
        };
        let (role, partners) = match packet::recipients(store, &req) {
            Ok(r) => r,
            Err(e) => {
                if let Some(v) = self.exchange_view() {
                    v.send.preview = Some(ExportPreview {
                        refusals: vec![e.to_string()],
                        ..ExportPreview::default()
                    });
                    v.scroll_to_top = true;
                }
                return;
            }
        };
        let mut preview = ExportPreview {
            recipients: if partners.is_empty() {
                format!(
                    "{} — paquet protégé par une phrase de passe",
                    role.label_fr()
                )
            } else {
                format!(
                    "{} — {}",
                    role.label_fr(),
                    partners
                        .iter()
                        .map(|p| p.organisation.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            fields: redact::describe(role, req.include_notes)
                .into_iter()
                .map(|(t, f)| (t, fields_fr(&f)))
                .collect(),
            ..ExportPreview::default()
        };
        if role == PartnerRole::Financeur {
            // Issue 13: what the funder can and cannot do with the ids it receives.
            preview.fields.push((
                "Identifiants".to_owned(),
                if partners.is_empty() {
                    "pseudonymes tirés pour ce seul paquet (paquet par phrase de passe) : le \
                     financeur ne peut ni les relier à vos fiches, ni mettre à jour ses chiffres \
                     avec un envoi suivant. Épinglez sa carte pour qu'il reçoive toujours les mêmes."
                } else {
                    "pseudonymes propres à ce financeur, les mêmes à chaque envoi (il met à jour \
                     ses chiffres) ; un autre financeur en reçoit d'autres, aucun ne voit vos \
                     identifiants. Ce qu'un financeur renvoie n'est jamais repris dans votre base."
                }
                .to_owned(),
            ));
        }
        // Household by household, so that every refusal is listed, not only the first.
        for &h in &req.households {
            let one = ExportRequest {
                households: vec![h],
                ..req.clone()
            };
            let label = store
                .find::<Household>(h)
                .ok()
                .flatten()
                .map(|h| h.label)
                .unwrap_or_default();
            match packet::collect(store, &one) {
                Ok(lines) => {
                    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                    for l in &lines {
                        if l.table != "programmes" {
                            *counts.entry(redact::table_label_fr(&l.table)).or_default() += 1;
                        }
                    }
                    preview.records += lines.len();
                    let detail = counts
                        .iter()
                        .map(|(t, n)| format!("{t} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    preview.households.push(format!("{label} ({detail})"));
                }
                Err(e) => preview.refusals.push(e.to_string()),
            }
        }
        if let Some(v) = self.exchange_view() {
            v.send.preview = Some(preview);
            v.scroll_to_top = true;
        }
    }

    fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(req) = self.export_request() else {
            return;
        };
        if path.exists() {
            self.exchange_message(Message::error(format!(
                "Un fichier {} existe déjà : choisissez un autre nom (rien n'a été écrit).",
                path.display()
            )));
            return;
        }
        let Some(mut store) = self.store.take() else {
            return;
        };
        let reached = Arc::new(AtomicUsize::new(0));
        let progress = Progress {
            title: "Préparation du paquet",
            phases: EXPORT_PHASES,
            reached: reached.clone(),
        };
        let started = self.spawn(ctx, JobKind::Exchange, "passerelle-export", move || {
            let households = req.households.len();
            let result = packet::export(&mut store, &req)
                .map_err(|e| e.to_string())
                .and_then(|exported| {
                    reached.store(1, Ordering::Relaxed);
                    output::write_export(&path, &exported.bytes, false).map_err(|e| {
                        format!(
                            "{e} Le paquet est noté dans l'historique mais le fichier n'existe \
                             pas : recommencez l'envoi."
                        )
                    })
                })
                .map(|()| (path, households));
            reached.store(2, Ordering::Relaxed);
            Outcome::Exchange(store, ExchangeDone::Exported(result))
        });
        if started.is_ok()
            && let Some(v) = self.exchange_view()
        {
            v.progress = Some(progress);
        }
        self.after_store_job_start(ctx, started, "Écriture du paquet…");
    }

    // ----- import ----------------------------------------------------------------------

    fn start_open(&mut self, ctx: &egui::Context, path: PathBuf) {
        let passphrase = match self.exchange_view() {
            Some(v) => {
                v.tab = ExchangeTab::Recevoir;
                v.receive.path = Some(path.clone());
                v.receive.error = None;
                v.receive.preview = None;
                v.receive.pending = None;
                (!v.receive.passphrase.is_empty())
                    .then(|| zeroize::Zeroizing::new(v.receive.passphrase.as_str().to_owned()))
            }
            None => return,
        };
        let Some(store) = self.store.take() else {
            return;
        };
        let reached = Arc::new(AtomicUsize::new(0));
        let progress = Progress {
            title: "Ouverture du paquet",
            phases: OPEN_PHASES,
            reached: reached.clone(),
        };
        let started = self.spawn(ctx, JobKind::Exchange, "passerelle-import", move || {
            let result = read_capped(&path, packet::MAX_PACKET_BYTES as u64)
                .map_err(|e| PacketError::Damaged(format!("le fichier n'a pas pu être lu ({e})")))
                .and_then(|bytes| {
                    reached.store(1, Ordering::Relaxed);
                    let opened =
                        packet::open(&store, &bytes, passphrase.as_deref().map(|s| s.as_str()))?;
                    reached.store(2, Ordering::Relaxed);
                    let preview = packet::preview(&store, &opened)?;
                    let shown = Box::new(import_preview(&store, &opened, &preview));
                    Ok((Box::new(opened), shown))
                });
            Outcome::Exchange(store, ExchangeDone::Opened(result))
        });
        if started.is_ok()
            && let Some(v) = self.exchange_view()
        {
            v.progress = Some(progress);
        }
        self.after_store_job_start(ctx, started, "Vérification du paquet…");
    }

    fn start_apply(&mut self, ctx: &egui::Context) {
        let Some((packet, deletions)) = self.exchange_view().and_then(|v| {
            let deletions = std::mem::take(&mut v.receive.apply_deletions);
            v.receive.pending.take().map(|p| (p, deletions))
        }) else {
            return;
        };
        let programme = match &self.screen {
            Screen::Main(view) => Some(view.board.programme.id),
            _ => None,
        };
        let Some(mut store) = self.store.take() else {
            return;
        };
        let progress = Progress {
            title: "Import du paquet",
            phases: APPLY_PHASES,
            reached: Arc::new(AtomicUsize::new(0)),
        };
        let started = self.spawn(ctx, JobKind::Exchange, "passerelle-import", move || {
            let result = packet::apply_with(&mut store, &packet, deletions)
                .map(|preview| (preview, Box::new(super::load_board(&store, programme))))
                .map_err(|e| e.to_string());
            Outcome::Exchange(store, ExchangeDone::Applied(result))
        });
        if started.is_ok()
            && let Some(v) = self.exchange_view()
        {
            v.progress = Some(progress);
        }
        self.after_store_job_start(ctx, started, "Import du paquet…");
    }

    /// An exchange job came back with the base.
    pub(super) fn exchange_done(&mut self, ctx: &egui::Context, store: Store, done: ExchangeDone) {
        if self.lock_when_job_returns {
            self.lock_when_job_returns = false;
            drop(store);
            if let Screen::Unlock(view) = &mut self.screen {
                view.busy = None;
            }
            return;
        }
        self.store = Some(store);
        super::forget_text_edits(ctx);
        if let Screen::Main(view) = &mut self.screen {
            view.busy = None;
            view.exchange.progress = None;
            view.exchange.scroll_to_top = true;
        }
        match done {
            ExchangeDone::Exported(Ok((path, n))) => {
                if let Some(v) = self.exchange_view() {
                    v.send.preview = None;
                    v.send.selected.clear();
                    // A generated passphrase stays on screen until the worker says she has
                    // read it to the partner; a typed one is wiped now.
                    if !v.send.generated {
                        v.send.passphrase = crate::ui::secret_buffer();
                    }
                    v.message = Some(Message::success(format!(
                        "Paquet enregistré : {} ({}). Il est chiffré : seul le \
                         destinataire peut l'ouvrir. L'envoi est noté dans le journal.",
                        path.display(),
                        count(n, "ménage", "ménages")
                    )));
                }
            }
            ExchangeDone::Exported(Err(e)) => {
                self.exchange_message(Message::error(format!("Le paquet n'a pas été écrit. {e}")))
            }
            ExchangeDone::Opened(Ok((packet, shown))) => {
                if let Some(v) = self.exchange_view() {
                    v.receive.needs_passphrase = false;
                    v.receive.passphrase = crate::ui::secret_buffer();
                    v.receive.preview = Some(*shown);
                    v.receive.pending = Some(packet);
                }
            }
            ExchangeDone::Opened(Err(e)) => {
                if let Some(v) = self.exchange_view() {
                    let r = &mut v.receive;
                    match e {
                        PacketError::PassphraseNeeded => {
                            r.needs_passphrase = true;
                            r.error = Some(
                                "Ce paquet est protégé par une phrase de passe : tapez-la \
                                 ci-dessous (le partenaire vous l'a transmise à part)."
                                    .to_owned(),
                            );
                        }
                        PacketError::WrongPassphrase => {
                            r.needs_passphrase = true;
                            r.passphrase = crate::ui::secret_buffer();
                            r.error = Some(e.to_string());
                        }
                        other => r.error = Some(other.to_string()),
                    }
                }
            }
            ExchangeDone::Applied(Ok((preview, board))) => {
                let (n, u, c, s) = preview.counts();
                let d = preview.deletions().count();
                let r = preview.refusals().count();
                let text = if preview.already_imported.is_some() {
                    preview.summary_fr()
                } else {
                    format!(
                        "Paquet de {} importé : {}, {}, {c} en conflit, {}, {}, {}. Les \
                         ménages modifiés sont signalés « modifié depuis votre dernière visite ».",
                        preview.sender,
                        count(n, "nouvelle fiche", "nouvelles fiches"),
                        count(u, "mise à jour", "mises à jour"),
                        count(s, "inchangée", "inchangées"),
                        if preview.deletions_applied {
                            count(d, "suppression appliquée", "suppressions appliquées")
                        } else {
                            count(
                                d,
                                "suppression non appliquée",
                                "suppressions non appliquées",
                            )
                        },
                        count(r, "refusée", "refusées"),
                    )
                };
                super::background::drop_elsewhere(preview);
                if let Some(v) = self.exchange_view() {
                    super::background::drop_elsewhere(v.receive.preview.take());
                    v.message = Some(Message::success(text));
                    if c > 0 {
                        v.tab = ExchangeTab::Conflits;
                    }
                }
                self.after_import_with(Some(*board));
            }
            ExchangeDone::Applied(Err(e)) => {
                self.exchange_message(Message::error(format!("Rien n'a été importé. {e}")))
            }
        }
        self.refresh_exchange();
    }

    /// Other sections' caches are stale after an import or a resolution.
    fn after_import(&mut self) {
        self.after_import_with(None);
    }

    /// [`Self::after_import`], with the board when the import job already re-read it.
    fn after_import_with(&mut self, board: Option<Result<BoardView, StoreError>>) {
        self.matching.forget_data();
        if let Screen::Main(view) = &mut self.screen {
            view.households.list_due = true;
        }
        match board {
            Some(board) => self.set_board(board),
            None => self.refresh_board(),
        }
    }

    fn restore_deletions(&mut self, packet_id: Uuid, household_id: Option<Uuid>) {
        let Some(store) = &mut self.store else {
            return;
        };
        match packet::restore_deletions(store, packet_id, household_id) {
            Ok(n) => self.exchange_message(Message::success(if n > 1 {
                format!("{n} fiches restaurées telles qu'elles étaient avant le paquet.")
            } else {
                format!("{n} fiche restaurée telle qu'elle était avant le paquet.")
            })),
            Err(e) => self.exchange_message(Message::error(format!(
                "Rien n'a été restauré, votre base est inchangée. {e}"
            ))),
        }
        self.after_import();
        self.refresh_exchange();
    }

    fn resolve_conflict(&mut self, id: i64, take_lost: bool) {
        let Some(store) = &mut self.store else {
            return;
        };
        match packet::resolve_conflict(store, id, take_lost) {
            Ok(()) => self.exchange_message(Message::success("Conflit résolu.")),
            Err(e) => self.exchange_message(Message::error(format!(
                "Le conflit n'a pas été résolu. {e}"
            ))),
        }
        self.after_import();
        self.refresh_exchange();
    }

    /// Hook of `open_household`: the household was opened, so its « modifié depuis votre
    /// dernière visite » mark goes (shown once on the page, then removed).
    pub(super) fn exchange_household_opened(&mut self, id: Uuid) {
        let Some(store) = &mut self.store else {
            return;
        };
        let mark = match store.take_change_mark(id) {
            Ok(Some(mark)) => mark,
            _ => return,
        };
        if let Screen::Main(view) = &mut self.screen {
            let h = &mut view.households;
            // The list shows the flag: reload it when going back.
            h.list_due = true;
            if let Some(page) = &mut h.page {
                page.message = Some(Message::success(format!(
                    "Modifié depuis votre dernière visite : paquet de {} importé le {}.",
                    mark.sender,
                    date_fr(&mark.at)
                )));
            }
        }
    }
}

fn read_capped(path: &Path, cap_bytes: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{} : {e}", path.display()))?;
    if meta.len() > cap_bytes {
        return Err(format!(
            "fichier trop volumineux ({} Mo au plus)",
            cap_bytes >> 20
        ));
    }
    std::fs::read(path).map_err(|e| format!("{} : {e}", path.display()))
}

/// Loads the view model of the section.
fn load_data(store: &Store) -> Result<ExchangeData, crate::store::StoreError> {
    let identity = store.exchange_identity()?.and_then(|stored| {
        packet::Identity::from_stored(&stored)
            .ok()
            .map(|me| IdentityInfo {
                organisation: me.organisation.clone(),
                fingerprint: me.contact_card().fingerprint,
            })
    });
    let partners_list: Vec<Partner> = store.list()?;
    let partner_name: HashMap<Uuid, String> = partners_list
        .iter()
        .map(|p| (p.id, p.organisation.clone()))
        .collect();
    let mut partners: Vec<PartnerRow> = partners_list
        .into_iter()
        .map(|p| PartnerRow {
            id: p.id,
            revoked: p
                .trust
                .revoked_at
                .map(|d| d.with_timezone(&Local).format("%d/%m/%Y").to_string()),
            linked: p.trust.linked_record.and_then(|id| {
                store
                    .find::<Employer>(id)
                    .ok()
                    .flatten()
                    .map(|e| e.name)
                    .or_else(|| store.find::<Landlord>(id).ok().flatten().map(|l| l.name))
            }),
            replaced: p
                .trust
                .replaced_fingerprints
                .iter()
                .map(|f| f.split_whitespace().take(4).collect::<Vec<_>>().join(" "))
                .collect(),
            organisation: p.organisation,
            role: p.role,
            fingerprint: p.fingerprint,
            contact: p.contact,
        })
        .collect();
    partners.sort_by(|a, b| a.organisation.cmp(&b.organisation));
    let today = store.now().date_naive();
    let mut households: Vec<HouseholdChoice> = store
        .household_rows(today)?
        .into_iter()
        .map(|r| HouseholdChoice {
            id: r.id,
            label: r.label,
            commune: r.commune,
            consent_ok: r.consent_ok,
        })
        .collect();
    households.sort_by(|a, b| a.label.cmp(&b.label));
    let log = store
        .packet_log(50)?
        .into_iter()
        .map(|e| {
            let counts: BTreeMap<String, u64> =
                serde_json::from_str(&e.summary).unwrap_or_default();
            let get = |k: &str| counts.get(k).copied().unwrap_or(0);
            let import = e.direction == "import";
            LogRow {
                at: date_fr(&e.at),
                direction: if import { "Reçu" } else { "Envoyé" }.to_owned(),
                partner: e
                    .partner_id
                    .and_then(|p| partner_name.get(&p).cloned())
                    .unwrap_or_else(|| "par phrase de passe".to_owned()),
                summary: if import {
                    format!(
                        "{}, {}, {} en conflit, {}, {}",
                        count(get("nouvelles"), "nouvelle", "nouvelles"),
                        count(get("mises_a_jour"), "mise à jour", "mises à jour"),
                        get("conflits"),
                        count(get("suppressions"), "suppression", "suppressions"),
                        count(get("refusees"), "refusée", "refusées")
                    )
                } else {
                    format!(
                        "{}, {}",
                        count(get("households"), "ménage", "ménages"),
                        count(counts.values().sum::<u64>(), "fiche", "fiches")
                    )
                },
            }
        })
        .collect();
    let my_site = store.site_id();
    let conflicts = store
        .conflict_details()?
        .into_iter()
        .map(|c| {
            let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
            let kept_stamp: Option<Stamp> = serde_json::from_str(&c.kept_stamp).ok();
            let lost_stamp: Option<Stamp> = serde_json::from_str(&c.lost_stamp).ok();
            let partner = c
                .partner_id
                .and_then(|p| partner_name.get(&p).cloned())
                .unwrap_or_else(|| "le partenaire".to_owned());
            let by = |s: &Option<Stamp>| match s {
                Some(s) if s.site == my_site => format!("vous, le {}", stamp_date_fr(s)),
                Some(s) => format!("{partner}, le {}", stamp_date_fr(s)),
                None => String::new(),
            };
            // « Mine » is the value written here; with neither written here (relayed
            // packets), the value currently in the base.
            let mine_retained = lost_stamp.is_none_or(|l| l.site != my_site);
            let (kept, lost) = (value_fr(&parse(&c.kept)), value_fr(&parse(&c.lost)));
            let (household, record) = describe_record(store, &c.table, c.record_id);
            let (mine, theirs, mine_by, theirs_by) = if mine_retained {
                (kept, lost, by(&kept_stamp), by(&lost_stamp))
            } else {
                (lost, kept, by(&lost_stamp), by(&kept_stamp))
            };
            ConflictRow {
                id: c.id,
                household,
                record,
                field: field_label_fr(&c.field).to_owned(),
                mine,
                mine_by,
                theirs,
                theirs_by,
                mine_retained,
            }
        })
        .collect();
    let mut employers: Vec<(Uuid, String)> = store
        .list::<Employer>()?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    employers.sort_by(|a, b| a.1.cmp(&b.1));
    let mut landlords: Vec<(Uuid, String)> = store
        .list::<Landlord>()?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    landlords.sort_by(|a, b| a.1.cmp(&b.1));
    let received_deletions = received_deletions(store, &partner_name)?;
    Ok(ExchangeData {
        identity,
        partners,
        households,
        log,
        conflicts,
        employers,
        landlords,
        received_deletions,
    })
}

/// The « Suppressions reçues » list: one group per packet and household.
fn received_deletions(
    store: &Store,
    partner_name: &HashMap<Uuid, String>,
) -> Result<Vec<ReceivedDeletion>, crate::store::StoreError> {
    let day = |rfc3339: &str| {
        DateTime::parse_from_rfc3339(rfc3339)
            .map(|d| d.with_timezone(&Local).format("%d/%m/%Y").to_string())
            .unwrap_or_else(|_| rfc3339.to_owned())
    };
    let mut groups: Vec<ReceivedDeletion> = Vec::new();
    for row in store.packet_deletions()? {
        let same = groups
            .iter_mut()
            .find(|g| g.packet_id == row.packet_id && g.household_id == row.household_id);
        let group = match same {
            Some(g) => g,
            None => {
                let household = match row.household_id {
                    Some(h) => store
                        .find::<Household>(h)?
                        .map(|h| h.label)
                        .unwrap_or_else(|| "Ménage supprimé".to_owned()),
                    None => "Autres fiches".to_owned(),
                };
                groups.push(ReceivedDeletion {
                    packet_id: row.packet_id,
                    household_id: row.household_id,
                    household,
                    records: Vec::new(),
                    partner: partner_name
                        .get(&row.partner_id)
                        .cloned()
                        .unwrap_or_else(|| "un partenaire".to_owned()),
                    deleted_on: day(&row.deleted_at),
                    until: day(&row.until),
                });
                let Some(g) = groups.last_mut() else {
                    continue;
                };
                g
            }
        };
        // A deleted household is named by the label its kept content holds.
        if row.table == "households"
            && group.household == "Ménage supprimé"
            && let Ok(Value::Object(data)) = serde_json::from_str::<Value>(&row.data)
            && let Some(label) = data.get("label").and_then(Value::as_str)
        {
            group.household = label.to_owned();
        }
        group.records.push(row.label);
    }
    Ok(groups)
}

/// (household label, record description) of a record, for the conflict screen.
fn describe_record(store: &Store, table: &str, id: Uuid) -> (String, String) {
    let household_label = |hid: Uuid| {
        store
            .find::<Household>(hid)
            .ok()
            .flatten()
            .map(|h| h.label)
            .unwrap_or_else(|| "Ménage".to_owned())
    };
    let kind = redact::table_label_fr(table);
    match table {
        "households" => (household_label(id), "fiche du ménage".to_owned()),
        "adults" => match store.find::<Adult>(id).ok().flatten() {
            Some(a) => (
                household_label(a.household_id),
                format!("adulte {} {}", a.first_name, a.last_name),
            ),
            None => (kind.to_owned(), String::new()),
        },
        "children" => match store.find::<Child>(id).ok().flatten() {
            Some(c) => (
                household_label(c.household_id),
                format!("enfant {} {}", c.first_name, c.last_name),
            ),
            None => (kind.to_owned(), String::new()),
        },
        _ => (kind.to_owned(), String::new()),
    }
}

/// The import preview, grouped per household.
fn import_preview(store: &Store, packet: &OpenedPacket, preview: &Preview) -> ImportPreview {
    let of = touched::households_of(&packet.lines);
    let mut labels: HashMap<Uuid, String> = HashMap::new();
    for l in &packet.lines {
        if l.table == "households"
            && let (Some(id), Some(label)) = (
                l.data
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|s| Uuid::parse_str(s).ok()),
                l.data.get("label").and_then(Value::as_str),
            )
        {
            labels.insert(id, label.to_owned());
        }
    }
    let mut groups: BTreeMap<String, HouseholdImport> = BTreeMap::new();
    let mut conflicts = Vec::new();
    let mut deletions = Vec::new();
    let mut refused = Vec::new();
    let mut information = Vec::new();
    let my_site = store.site_id();
    for item in &preview.items {
        // A deletion carries only an id: its household is the one in our base.
        let household = of
            .get(&item.id)
            .copied()
            .or_else(|| (item.table == "households").then_some(item.id));
        let label = match household {
            Some(h) => labels
                .get(&h)
                .cloned()
                .or_else(|| store.find::<Household>(h).ok().flatten().map(|h| h.label))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| "Ménage".to_owned()),
            None => "Dispositif et registres (offres, logements…)".to_owned(),
        };
        if item.refused.is_some() && item.table == "consents" {
            information.push(format!(
                "{label} — consentement enregistré chez {}",
                packet.sender.organisation
            ));
            continue;
        }
        if let Some(reason) = &item.refused {
            refused.push(format!("{label} — {} : {reason}", item.label));
            continue;
        }
        if item.deletion {
            deletions.push(format!("{label} — {}", item.label));
            continue;
        }
        let g = groups
            .entry(label.clone())
            .or_insert_with(|| HouseholdImport {
                label: label.clone(),
                ..HouseholdImport::default()
            });
        if !item.conflicts.is_empty() {
            g.conflicting += 1;
            for c in &item.conflicts {
                let (mine, theirs) = if c.kept_stamp.site == my_site {
                    (&c.kept, &c.lost)
                } else {
                    (&c.lost, &c.kept)
                };
                conflicts.push(format!(
                    "{label} — {} — {} : la vôtre « {} », la leur « {} »",
                    item.label,
                    field_label_fr(&c.field),
                    value_fr(mine),
                    value_fr(theirs)
                ));
            }
        } else {
            match item.kind {
                MergeKind::New => g.new += 1,
                MergeKind::Updated => g.updated += 1,
                MergeKind::Unchanged => g.unchanged += 1,
            }
        }
    }
    let m = &packet.manifest;
    let purpose = if m.purpose.is_empty() {
        String::new()
    } else {
        format!(" — objet : {}", m.purpose)
    };
    ImportPreview {
        summary: preview.summary_fr(),
        already: preview.already_imported.is_some(),
        about: format!(
            "Envoyé par {} le {}{purpose}. Signature vérifiée (partenaire épinglé).",
            packet.sender.organisation,
            date_fr(&m.created_at.to_rfc3339())
        ),
        households: groups.into_values().collect(),
        conflicts,
        deletions,
        refused,
        information,
    }
}

/// Title (also the key of the remembered folder), mode and extensions of the file chosen
/// for `purpose`: the same for the native dialog and the in-app chooser.
fn chooser_kind(purpose: FilePurpose) -> (&'static str, ChooserMode, &'static [&'static str]) {
    match purpose {
        FilePurpose::SaveCard => (
            "Où enregistrer votre carte de contact ?",
            ChooserMode::Save,
            &["card"],
        ),
        FilePurpose::OpenCard => (
            "Carte de contact d'un partenaire",
            ChooserMode::Open,
            &["card", "json"],
        ),
        FilePurpose::SavePacket => (
            "Où enregistrer le paquet ? (clé USB, dossier à envoyer…)",
            ChooserMode::Save,
            &["age"],
        ),
        FilePurpose::OpenPacket => ("Ouvrir un paquet reçu", ChooserMode::Open, &["age"]),
        FilePurpose::SaveKey => (
            "Où enregistrer votre clé secrète ? (support chiffré, à supprimer après usage)",
            ChooserMode::Save,
            &["txt"],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::value_fr;

    #[test]
    fn a_structured_value_reads_as_labelled_parts_not_json() {
        let v = serde_json::json!({
            "max_rent_cents": 48000,
            "typology": "t3",
            "unique_number": null,
            "unique_number_date": "2024-07-15",
            "wished_communes": ["Vic-sur-Cère"]
        });
        let text = value_fr(&v);
        assert!(!text.contains('{') && !text.contains('"'), "{text}");
        assert!(text.contains("loyer maximal : 480,00 €"), "{text}");
        assert!(
            text.contains("date du numéro unique : 15/07/2024"),
            "{text}"
        );
        assert!(
            text.contains("communes souhaitées : Vic-sur-Cère"),
            "{text}"
        );
        assert!(
            !text.split(" ; ").any(|p| p.starts_with("numéro unique")),
            "empty parts are left out: {text}"
        );
    }
}
