//! The colours of the app, one name per role, so that the look (and a dark theme later) is
//! this one file. Every view names these constants; none writes a colour itself (clippy's
//! `disallowed-methods` and `tests/cli/layering.rs` enforce it).
//!
//! The values are the ones the views used before this palette existed, to the grey level:
//! a few roles are near twins (card strokes from grey 200 to 215, muted text at grey 70, 80
//! and 90) and could be merged in a design pass, which would move pixels.

// The one place allowed to build colours: clippy.toml forbids `Color32::from_*` everywhere
// else so that a new colour has to come here and get a name.
#![allow(clippy::disallowed_methods)]

use egui::Color32;

// ---- Identity and status ----------------------------------------------------------------

/// Accent colour of the app: a calm blue, readable on the light background (top bar, primary
/// buttons, links, selection, focused card).
pub const ACCENT: Color32 = Color32::from_rgb(0x1f, 0x5f, 0x8b);
/// Text and marks drawn on the accent: the top bar's title, primary buttons' labels. Also the
/// fill of the lock button, the one light button on the accent bar.
pub const ON_ACCENT: Color32 = Color32::WHITE;
/// The tagline « un toit, un emploi » on the accent top bar: softer than [`ON_ACCENT`].
pub const ON_ACCENT_MUTED: Color32 = Color32::from_rgb(0xd6, 0xe4, 0xef);
/// Colour of error messages: a dark red that stays readable (not a neon red).
pub const ERROR: Color32 = Color32::from_rgb(0xa3, 0x1f, 0x1f);
/// Fill of a box around an error (with an [`ERROR`] stroke): the matching page's decline box.
pub const ERROR_FILL: Color32 = Color32::from_rgb(0xfd, 0xf3, 0xf3);
/// Colour of success messages.
pub const SUCCESS: Color32 = Color32::from_rgb(0x1e, 0x6b, 0x3a);
/// Fill of a warning box (the export's « not encrypted » notice).
pub const WARNING_FILL: Color32 = Color32::from_rgb(0xfd, 0xf3, 0xe1);
/// Fill of a warning badge, stronger than [`WARNING_FILL`]: a household's freeze badge.
pub const WARNING_BADGE_FILL: Color32 = Color32::from_rgb(0xfd, 0xec, 0xc8);
/// Text on [`WARNING_FILL`] or [`WARNING_BADGE_FILL`]: a dark amber.
pub const WARNING_TEXT: Color32 = Color32::from_rgb(0x7a, 0x4a, 0x00);
/// The demo base's band under the top bar: an orange no real base shows.
pub const DEMO_BAND_FILL: Color32 = Color32::from_rgb(0xc2, 0x5b, 0x00);
/// Text on [`DEMO_BAND_FILL`].
pub const ON_DEMO_BAND: Color32 = Color32::WHITE;
/// A passphrase rated « Acceptable »: amber, between [`ERROR`] (too short) and [`SUCCESS`].
pub const STRENGTH_FAIR: Color32 = Color32::from_rgb(0xb2, 0x6b, 0x00);
/// A matching criterion partly met: amber, between [`SUCCESS`] (met) and [`ERROR`] (not met).
pub const MATCH_PARTLY: Color32 = Color32::from_rgb(0x9a, 0x5b, 0x00);
/// The tick or cross drawn on a matching criterion's coloured disc.
pub const ON_MATCH_STATUS: Color32 = Color32::WHITE;

// ---- Board flags (marks, badges and the legend) ------------------------------------------

/// Consent missing: the error red, the most serious flag.
pub const FLAG_CONSENT: Color32 = ERROR;
/// Documents missing: a brown amber, apart from [`FLAG_STALE`].
pub const FLAG_DOCUMENTS: Color32 = Color32::from_rgb(0x8a, 0x4b, 0x00);
/// No contact for too long: the mark, the card's left edge and its « 12 j ».
pub const FLAG_STALE: Color32 = Color32::from_rgb(0xb2, 0x5e, 0x00);
/// A proposal waiting for an answer: the accent, as it is news rather than a problem.
pub const FLAG_PROPOSAL: Color32 = ACCENT;

// ---- Surfaces ----------------------------------------------------------------------------

/// The grey-blue background behind white cards: the side navigation, the lock screens.
pub const PANEL_FILL: Color32 = Color32::from_rgb(0xee, 0xf1, 0xf4);
/// A board column: the panel's background, so the cards read as on the side panel.
pub const COLUMN_FILL: Color32 = PANEL_FILL;
/// A board column of an exit stage: a warmer grey, set apart from the journey's stages.
pub const EXIT_COLUMN_FILL: Color32 = Color32::from_rgb(0xf2, 0xf2, 0xee);
/// Cards and titled blocks (board cards, settings and about sections, household cards, the
/// lock screens' card).
pub const CARD_FILL: Color32 = Color32::WHITE;
/// A board card left in its column while it is dragged (its white ghost follows the pointer).
pub const CARD_FILL_DRAGGED: Color32 = Color32::from_gray(235);
/// A matching card shown dimmed: a declined pairing.
pub const CARD_FILL_DIMMED: Color32 = Color32::from_gray(240);
/// Frame of the white blocks and cards: settings and about sections, household cards,
/// exchange cards, the board's empty state.
pub const CARD_STROKE: Color32 = Color32::from_gray(215);
/// Frame of the lock screens' card (first run, unlock, recovery).
pub const LOCK_CARD_STROKE: Color32 = Color32::from_gray(210);
/// Frame of the matching cards and of the registries' inline form.
pub const LIST_CARD_STROKE: Color32 = Color32::from_gray(205);
/// Frame of a board card at rest (hovered or focused cards take the [`ACCENT`]).
pub const BOARD_CARD_STROKE: Color32 = Color32::from_gray(200);
/// Frame of a read-only text box on [`FIELD_FILL`]: the about page's licences.
pub const TEXT_BOX_STROKE: Color32 = Color32::from_gray(200);
/// A pale blue box set apart from the page: the registries' inline form, the empty board's
/// explanation.
pub const INSET_FILL: Color32 = Color32::from_rgb(0xf4, 0xf7, 0xfa);
/// The exchange page's step cards: a paler blue than [`INSET_FILL`].
pub const EXCHANGE_CARD_FILL: Color32 = Color32::from_rgb(0xf7, 0xf9, 0xfb);
/// The matching page's ranking rules, unfolded under the filters.
pub const NOTE_FILL: Color32 = Color32::from_gray(248);
/// Text fields (egui's `extreme_bg_color`) and read-only text boxes: a pale fill so that a
/// field on a white card stays findable.
pub const FIELD_FILL: Color32 = Color32::from_rgb(0xfa, 0xfb, 0xfc);
/// Border of text fields and other inactive widgets: egui's light theme has none.
pub const FIELD_STROKE: Color32 = Color32::from_gray(160);
/// The recovery key's box at first run: a paper-like cream, to be copied by hand.
pub const PAPER_FILL: Color32 = Color32::from_rgb(0xf6, 0xf3, 0xe8);
/// Frame of [`PAPER_FILL`].
pub const PAPER_STROKE: Color32 = Color32::from_gray(190);

// ---- Text --------------------------------------------------------------------------------

/// Names painted straight on a board card (the painter does not take the style's text
/// colour): near black.
pub const TEXT_STRONG: Color32 = Color32::from_gray(20);
/// Secondary lines that must stay easy to read: a detailed card's household and follow-up
/// lines, the note under the reports' funnel.
pub const TEXT_DETAIL: Color32 = Color32::from_gray(60);
/// Small facts and subtitles: the board's header counts, a matching row's subtitle and
/// summary, the dragged card's second line.
pub const TEXT_SUBTLE: Color32 = Color32::from_gray(70);
/// Explanations under a title, a household's address line, a card's days in the stage.
pub const TEXT_MUTED: Color32 = Color32::from_gray(80);
/// The tagline under « Passerelle » on the lock screens.
pub const TEXT_TAGLINE: Color32 = Color32::from_gray(90);
/// The quietest text: « Aucun dossier » in an empty board column.
pub const TEXT_EMPTY: Color32 = Color32::from_gray(110);

// ---- Charts ------------------------------------------------------------------------------

/// The reports' exits bars, beside the entries in [`ACCENT`]: an orange apart from it.
pub const CHART_EXITS: Color32 = Color32::from_rgb(0xd6, 0x78, 0x28);
