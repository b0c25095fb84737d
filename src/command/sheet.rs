//! Commands of the spreadsheet import and of the household list export, opened from the
//! « Ménages » list toolbar. The state they act on (path typed, mapping, duplicate
//! choices) is in [`crate::ui::sheet_import::SheetView`]; the app reads it from there.

/// What the import and export panels ask for.
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum SheetCommand {
    /// Open the import panel on « choose a file ».
    OpenImport,
    /// Open the export panel for the list as currently filtered.
    OpenExport,
    /// Close the panel (nothing is written).
    Close,
    /// Open the native « open a file » dialog on a background thread (import).
    PickImportFile,
    /// Open the native « save as » dialog on a background thread (export).
    PickExportFile,
    /// Read the file at the typed path on a background thread, then show the mapping.
    Read,
    /// Read the same file again with this text encoding (after a doubt on a CSV).
    ReadAs {
        /// The encoding the worker chose.
        encoding: crate::exchange::sheet::TextEncoding,
    },
    /// Check every row with the mapping shown, then show errors or the preview.
    Check,
    /// Back from the preview to the mapping.
    BackToMapping,
    /// Back to « choose a file ».
    ChooseAnotherFile,
    /// Write the households of the preview (duplicates as the worker chose), in one
    /// transaction.
    Apply,
    /// Write the export file.
    Export,
}
