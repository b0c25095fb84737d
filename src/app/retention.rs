//! « Conservation des données » (issue 14): loads the periods and the preview into the
//! settings' view model, and applies its commands through the store.

use crate::command::Command;
use crate::domain::text::count;
use crate::store::StoreError;
use crate::ui::settings::{RetentionRow, RetentionView};
use crate::ui::shell::Message;

use super::section::Cx;
use crate::ui::settings::text;
use crate::ui::shell::ShellView;

/// Applies one of the retention commands (the others are not for here) to its panel of
/// « Paramètres »; an erasure makes the household list due again.
pub(super) fn apply(main: &mut ShellView, command: Command, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    let today = store.now().date_naive();
    let message: Option<Message> = match command {
        Command::OpenRetention => None,
        Command::SetRetentionMonths { programme, months } => {
            Some(match store.set_retention_months(programme, months) {
                Ok(()) => Message::success(text::duree_enregistree_months_mois(months)),
                Err(e) => Message::error(e.to_string()),
            })
        }
        Command::HoldRetention { household, reason } => Some(
            match store.write(|tx| tx.hold_retention(household, &reason)) {
                Ok(()) => Message::success(text::MENAGE_CONSERVE_IL_NE_SERA_PAS),
                Err(e) => Message::error(e.to_string()),
            },
        ),
        Command::ReleaseRetention(household) => Some(
            match store.write(|tx| tx.release_retention_hold(household)) {
                Ok(()) => Message::success(text::CONSERVATION_LEVEE),
                Err(e) => Message::error(e.to_string()),
            },
        ),
        Command::ApplyRetention => Some(match store.apply_retention(today) {
            Ok((n, erased)) => Message::success(text::effac_pour_de_bon_fiches_jointes_les(
                count(n, text::MENAGE_EFFACE, text::MENAGES_EFFACES),
                count(erased.records, "fiche", "fiches"),
                count(erased.attachments, text::PIECE_JOINTE, text::PIECES_JOINTES),
            )),
            Err(e) => Message::error(e.to_string()),
        }),
        _ => return,
    };
    let loaded = load(store, today);
    let view = main;
    let keep_hold = message.as_ref().is_some_and(|m| !m.is_success());
    let previous = view.settings.retention.take();
    view.settings.retention = Some(match loaded {
        Ok(mut r) => {
            r.message = message;
            if keep_hold {
                r.hold = previous.and_then(|p| p.hold);
            }
            r
        }
        Err(e) => RetentionView {
            message: Some(Message::error(e.to_string())),
            ..RetentionView::default()
        },
    });
    if view
        .settings
        .retention
        .as_ref()
        .and_then(|r| r.message.as_ref())
        .is_some_and(Message::is_success)
    {
        // The household list and the board show erased households no more.
        view.households.list_due = true;
    }
}

/// The view model: programmes with their periods, and the households due today.
fn load(
    store: &crate::store::Store,
    today: chrono::NaiveDate,
) -> Result<RetentionView, StoreError> {
    let programmes = store
        .board_programmes()?
        .into_iter()
        .map(|p| Ok((p.id, p.name.clone(), store.retention_months(p.id)?)))
        .collect::<Result<_, StoreError>>()?;
    let due = store
        .retention_preview(today)?
        .into_iter()
        .map(|d| RetentionRow {
            household: d.household,
            why: d.why(),
            label: d.label,
            held: d.held,
        })
        .collect();
    Ok(RetentionView {
        programmes,
        due,
        hold: None,
        message: None,
    })
}

/// The reminder shown after an unlock when households are due and not held.
pub(super) fn reminder(store: &crate::store::Store) -> Option<String> {
    let today = store.now().date_naive();
    let n = store
        .retention_preview(today)
        .ok()?
        .iter()
        .filter(|d| d.held.is_none())
        .count();
    (n > 0).then(|| {
        text::pass_leur_duree_de_conservation_voyez(count(
            n,
            text::MENAGE_A_DEPASSE,
            text::MENAGES_ONT_DEPASSE,
        ))
    })
}
