//! « Échanges »: choosing files (the desktop's dialog or the in-app chooser), and files
//! dropped on the window.

use super::*;
use crate::ui::exchange::text;

pub(super) fn choose_file(v: &mut ExchangeView, purpose: FilePurpose, cx: &mut Cx<'_>) {
    if !super::super::native_dialog::native_file_dialog_available() {
        open_in_app_chooser(v, purpose);
        return;
    }
    let default_name = default_file_name(v, purpose);
    if v.dialog_open {
        return;
    }
    let (title, _, extensions) = chooser_kind(purpose);
    let request = FileDialogRequest {
        title,
        filter: Some((text::PASSERELLE, extensions)),
        save_as: purpose.saves().then_some(default_name),
    };
    if cx.tasks.file_dialog(DialogFor::Exchange(purpose), request) {
        v.dialog_open = true;
    } else {
        open_in_app_chooser(v, purpose);
    }
}

/// The name a save dialog proposes: the card after the structure, the packet after the
/// day.
pub(super) fn default_file_name(v: &ExchangeView, purpose: FilePurpose) -> String {
    let today = Local::now().format("%Y-%m-%d");
    let slug = |s: &str| {
        s.chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .to_lowercase()
    };
    match purpose {
        FilePurpose::SaveCard => {
            let org = v
                .data
                .identity
                .as_ref()
                .map(|i| slug(&i.organisation))
                .unwrap_or_default();
            format!("carte-{org}.card")
        }
        FilePurpose::SavePacket => {
            let armor = if v.send.armor { "-courriel" } else { "" };
            format!("paquet-{today}{armor}.age")
        }
        FilePurpose::SaveKey => "ma-cle-age.txt".to_owned(),
        _ => String::new(),
    }
}

/// Opens the in-app chooser (no desktop dialog, or it gave nothing).
pub(super) fn open_in_app_chooser(view: &mut ExchangeView, purpose: FilePurpose) {
    let name = default_file_name(view, purpose);
    let (title, mode, exts) = chooser_kind(purpose);
    // Start where the last file was chosen, so a USB key stays open between steps.
    let start = view.chooser.as_ref().map(|(_, c)| c.dir.clone());
    view.chooser = Some((purpose, FileChooser::new(title, mode, start, exts, &name)));
    view.scroll_to_top = true;
}

/// A file dropped on the window: a card goes to « Identité », anything else is opened
/// as a packet.
pub(in crate::app) fn dropped(v: &mut ExchangeView, path: PathBuf, cx: &mut Cx<'_>) {
    let is_card = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("card") || e.eq_ignore_ascii_case("json"));
    let (tab, purpose) = if is_card {
        (ExchangeTab::Identite, FilePurpose::OpenCard)
    } else {
        (ExchangeTab::Recevoir, FilePurpose::OpenPacket)
    };
    cx.then.push(Then::Show(Section::Echanges));
    v.tab = tab;
    refresh(v, cx);
    file_chosen(v, purpose, path, cx);
}

/// The native dialog closed: the file chosen, or the in-app chooser.
pub(in crate::app) fn dialog_closed(
    v: &mut ExchangeView,
    purpose: FilePurpose,
    path: Option<PathBuf>,
    cx: &mut Cx<'_>,
) {
    v.dialog_open = false;
    match path {
        Some(path) => file_chosen(v, purpose, path, cx),
        None => {
            // Nothing chosen, or no dialog showed at all: the in-app chooser is the
            // fallback, so the button never ends up doing nothing.
            open_in_app_chooser(v, purpose);
            say(
                v,
                Message::error(text::AUCUN_FICHIER_CHOISI_DANS_LA_FENETRE),
            );
        }
    }
}

/// A file chosen (dialog, in-app chooser or dropped): done at once (card, key) or by a
/// job holding the base (packet).
pub(super) fn file_chosen(
    v: &mut ExchangeView,
    purpose: FilePurpose,
    path: PathBuf,
    cx: &mut Cx<'_>,
) {
    v.chooser = None;
    v.message = None;
    v.scroll_to_top = true;
    match purpose {
        FilePurpose::SaveCard => save_card(v, &path, cx),
        FilePurpose::OpenCard => read_card(v, &path, cx),
        FilePurpose::SavePacket => start_export(v, path, cx),
        FilePurpose::OpenPacket => start_open(v, path, cx),
        FilePurpose::SaveKey => save_key(v, &path, cx),
    }
}
