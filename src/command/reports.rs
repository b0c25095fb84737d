//! What the « Rapports » view asks the app to do (applied after the frame by
//! `app::reports`).

use std::path::PathBuf;

use uuid::Uuid;

use crate::domain::report::Period;

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// PDF with charts and tables.
    #[default]
    Pdf,
    /// Excel workbook, one sheet per table.
    Xlsx,
    /// CSV for any spreadsheet (`;`, UTF-8).
    Csv,
}

impl ExportFormat {
    /// Every format, in the order of the picker.
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Pdf, ExportFormat::Xlsx, ExportFormat::Csv];

    /// Label of the picker.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "PDF",
            ExportFormat::Xlsx => "Excel (XLSX)",
            ExportFormat::Csv => "CSV",
        }
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

/// A request from the « Rapports » view.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum ReportsCommand {
    /// Compute the report of a programme for a period.
    Compute {
        /// The programme.
        programme: Uuid,
        /// The period.
        period: Period,
    },
    /// Write the report shown to a file (after the « not encrypted » warning was accepted).
    Export {
        /// Format.
        format: ExportFormat,
        /// Where (absolute path).
        path: PathBuf,
        /// Replace an existing file.
        overwrite: bool,
    },
    /// Open the native save dialog (background thread) to choose the export path.
    Browse {
        /// Suggested file name.
        file_name: String,
    },
}
