//! Spreadsheet reader: any bytes (CSV in any encoding, XLSX/XLS/ODS zips and OLE files) →
//! read, mapped, planned and checked for duplicates. Must never panic, hang or blow up
//! memory; every refusal is a French `SheetError` or `CellError`.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use passerelle::domain::programme::default_programme;
use passerelle::exchange::sheet::{Mapping, build_plan, find_duplicates, read_sheet};

fuzz_target!(|data: &[u8]| {
    let Ok(sheet) = read_sheet(data) else {
        return;
    };
    let mapping = Mapping::auto(&sheet.headers);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let plan = build_plan(&sheet, &mapping, &default_programme(), today);
    let _ = find_duplicates(&plan, &[]);
});
