//! The calendar as iCalendar (RFC 5545): one all-day VEVENT per item, to
//! import once or to subscribe to (serve the file, e.g. from CI artifacts).
//!
//! Deterministic: `DTSTAMP` is the evaluation date at 00:00 UTC (RFC 5545
//! requires a stamp; the clock would make every run differ), and `UID`s are
//! built from what falls due and whose it is, not from the date or line, so
//! a postponed review updates its event instead of adding one. Lines end in
//! CRLF and are folded at 75 octets; text values are escaped.

use super::Context;
use super::calendar::{Calendar, when_text};
use crate::model::Date;
use std::collections::HashMap;
use std::fmt::Write as _;

pub fn write(cal: &Calendar, cx: &Context<'_>) -> Vec<u8> {
    let mut out = String::new();
    let a = &cal.about;
    let stamp = format!("{}T000000Z", compact(a.as_of));
    let name = match &a.organisation {
        Some(o) => format!("{} — {o}", cx.label("title.calendar")),
        None => cx.label("title.calendar").to_string(),
    };
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//dpalint//dpalint {}//EN", a.tool.version),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(&name)));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in &cal.items {
        let mut uid = format!(
            "{}/{}/{}",
            item.what.key().trim_start_matches("what."),
            item.entity,
            item.detail.as_deref().unwrap_or("")
        );
        let n = seen.entry(uid.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let _ = write!(uid, "/{n}");
        }
        let what = cx.label(item.what.key());
        let mut summary = format!("{what}: {}", item.name);
        if item.overdue {
            summary = format!("{}: {summary}", cx.label("word.overdue_upper"));
        }
        let mut description = vec![
            format!("{} — {}", item.date, when_text(item, cx)),
            format!(
                "{}: {} ({})",
                cx.label("col.entity"),
                item.entity,
                item.name
            ),
        ];
        if let Some(d) = &item.detail {
            description.push(format!("{}: {d}", cx.label("col.detail")));
        }
        description.push(format!("{}: {}", cx.label("col.source"), item.source));
        description.push(format!(
            "{} {} · {} {} {} · {} {}",
            cx.label("about.as_of"),
            a.as_of,
            cx.label("about.tool"),
            a.tool.name,
            a.tool.version,
            cx.label("about.reference"),
            a.reference_data_as_of
        ));
        let end = item.date.0.tomorrow().map_or(item.date, Date);
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@dpalint", text(&uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", compact(item.date)),
        );
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", compact(end)));
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        line(
            &mut out,
            &format!("DESCRIPTION:{}", text(&description.join("\n"))),
        );
        line(
            &mut out,
            &format!(
                "CATEGORIES:dpalint,{}",
                item.what.key().trim_start_matches("what.")
            ),
        );
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out.into_bytes()
}

/// `YYYYMMDD`.
fn compact(d: Date) -> String {
    d.to_string().replace('-', "")
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line
/// breaks escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a UTF-8 sequence), CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_escaping() {
        let mut s = String::new();
        line(&mut s, &format!("SUMMARY:{}", "é".repeat(40)));
        for l in s.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(
            s.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "é".repeat(40))
        );
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
