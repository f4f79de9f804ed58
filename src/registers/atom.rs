//! The sub-processor list's changes as an Atom feed (RFC 4287), written by
//! hand: a dozen elements do not earn an XML crate in the binary.
//!
//! Every date comes from the inventory: an entry's `published` and `updated`
//! are its announcement date (midnight UTC), the feed's `updated` is the
//! newest entry's, else `commitments.effective`, else the evaluation date.
//! Ids are URNs built from the organisation, the vendor id, the kind of
//! change and its date, so they stay the same from one run to the next and
//! a reader shows each change once.

use super::Context;
use super::html::esc;
use super::subprocessors::{ChangeKind, List, slug, title};
use crate::model::Date;
use std::fmt::Write as _;

/// XML text: characters XML 1.0 forbids (most C0 controls, U+FFFE/FFFF)
/// dropped, markup escaped.
fn text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        })
        .collect();
    esc(&kept)
}

fn stamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The feed.
pub fn write(list: &List, cx: &Context<'_>) -> Vec<u8> {
    let org = list.about.organisation.clone().unwrap_or_default();
    let commitments = cx
        .project
        .inventory()
        .organisation
        .as_ref()
        .and_then(|o| o.commitments.as_ref());
    let updated = list
        .changes
        .iter()
        .map(|c| c.announced_on)
        .max()
        .or(commitments.and_then(|c| c.effective))
        .unwrap_or(list.about.as_of);
    let id = match &list.promise.list_url {
        Some(url) => url.clone(),
        None => format!("urn:dpalint:subprocessors:{}", slug(&org)),
    };
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         \x20 <id>{}</id>\n\
         \x20 <title>{}</title>\n\
         \x20 <updated>{}</updated>\n\
         \x20 <author><name>{}</name></author>\n\
         \x20 <generator version=\"{}\">dpalint</generator>\n",
        text(cx.options.labels.lang()),
        text(&id),
        text(&title(list, cx)),
        stamp(updated),
        text(if org.is_empty() { "dpalint" } else { &org }),
        text(list.about.tool.version),
    );
    if let Some(url) = &list.promise.list_url {
        let _ = writeln!(out, "  <link rel=\"alternate\" href=\"{}\"/>", text(url));
    }
    for ch in &list.changes {
        let _ = write!(
            out,
            "  <entry>\n\
             \x20   <id>{}</id>\n\
             \x20   <title>{}: {}</title>\n\
             \x20   <published>{d}</published>\n\
             \x20   <updated>{d}</updated>\n\
             \x20   <category term=\"{}\"/>\n",
            text(&ch.id),
            text(&ch.legal_name),
            text(cx.label(&format!("sub.kind.{}", ch.kind.name()))),
            text(ch.kind.name()),
            d = stamp(ch.announced_on),
        );
        // The list's row of the sub-processor; a removed one has no row.
        if let Some(url) = &list.promise.list_url {
            let anchor = if ch.kind == ChangeKind::Removed {
                String::new()
            } else {
                format!("#{}", ch.subprocessor)
            };
            let _ = writeln!(
                out,
                "    <link rel=\"alternate\" href=\"{}{}\"/>",
                text(url),
                text(&anchor)
            );
        }
        let _ = write!(
            out,
            "    <content type=\"text\">{}</content>\n  </entry>\n",
            text(&ch.summary)
        );
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_is_escaped_and_valid_xml() {
        assert_eq!(
            text("a<b>&\"'\u{0}\u{1b}\tz"),
            "a&lt;b&gt;&amp;&quot;&#39;\tz"
        );
    }
}
