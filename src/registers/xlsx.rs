//! A report as an Excel workbook (rust_xlsxwriter): one sheet per table with
//! a bold header row, frozen panes (header and first column), an autofilter,
//! column widths fitted to the content and wrapped text, then a sheet
//! "About" with the provenance. Values are written as strings (never
//! formulas). The document's creation time is the evaluation date and the
//! archive's entries carry a fixed time, so the same input gives the same
//! bytes.

use super::Context;
use super::table::{Document, about_rows};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

/// The workbook's bytes.
pub fn write(doc: &Document<'_>, cx: &Context<'_>) -> Result<Vec<u8>, String> {
    build(doc, cx).map_err(|e| format!("cannot write the spreadsheet: {e}"))
}

fn build(doc: &Document<'_>, cx: &Context<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let as_of = doc.about.as_of.0;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(as_of.year()).unwrap_or(1970),
        u8::try_from(as_of.month()).unwrap_or(1),
        u8::try_from(as_of.day()).unwrap_or(1),
    )?;
    let props = DocProperties::new()
        .set_title(&doc.title)
        .set_author(format!(
            "{} {}",
            doc.about.tool.name, doc.about.tool.version
        ))
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00F6_F8FA))
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let alert = cell.clone().set_background_color(Color::RGB(0x00FD_ECEA));

    let mut used_names: Vec<String> = Vec::new();
    for table in &doc.tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&table.title, &mut used_names))?;
        ws.set_landscape();
        let mut columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
        columns.push(cx.label("col.source"));
        let mut widths: Vec<usize> = columns.iter().map(|c| width_of(c)).collect();
        for (c, name) in columns.iter().enumerate() {
            ws.write_string_with_format(0, col(c), *name, &header)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let fmt = if row.alert { &alert } else { &cell };
            let source = row
                .source
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            for (c, text) in row
                .cells
                .iter()
                .map(String::as_str)
                .chain([source.as_str()])
                .enumerate()
            {
                ws.write_string_with_format(r, col(c), text, fmt)?;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width_of(text));
                }
            }
        }
        finish(ws, &widths, table.rows.len())?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(cx.label("sheet.about"), &mut used_names))?;
    let rows = about_rows(doc.about, cx);
    let mut widths = vec![
        width_of(cx.label("about.key")),
        width_of(cx.label("about.value")),
    ];
    ws.write_string_with_format(0, 0, cx.label("about.key"), &header)?;
    ws.write_string_with_format(0, 1, cx.label("about.value"), &header)?;
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string_with_format(r, 0, k, &cell)?;
        ws.write_string_with_format(r, 1, v, &cell)?;
        widths[0] = widths[0].max(width_of(k));
        widths[1] = widths[1].max(width_of(v));
    }
    finish(ws, &widths, rows.len())?;
    wb.save_to_buffer()
}

/// Widths, frozen header and first column, autofilter over the table.
fn finish(ws: &mut Worksheet, widths: &[usize], rows: usize) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        // Characters as Excel column units, capped so long text wraps instead.
        let w = u32::try_from((*w).clamp(8, 60) + 2).unwrap_or(62);
        ws.set_column_width(col(c), w)?;
    }
    ws.set_freeze_panes(1, 1)?;
    let last_col = col(widths.len().saturating_sub(1));
    let last_row = u32::try_from(rows).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The width a cell needs: its longest line, in characters.
fn width_of(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`,
/// not starting or ending with `'`.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    let base: String = if clean.is_empty() {
        "Sheet".into()
    } else {
        clean
    };
    let mut name: String = base.chars().take(31).collect();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = base.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
        n += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(
            sheet_name("Record: controller [Art. 30(1)]", &mut used),
            "Record- controller -Art. 30(1)-"
        );
        assert_eq!(sheet_name("About", &mut used), "About");
        assert_eq!(sheet_name("about", &mut used), "about (2)");
        assert_eq!(sheet_name(&"x".repeat(40), &mut used).chars().count(), 31);
    }
}
