//! Group H: security of processing and technical and organisational measures (Art. 28(3)(c), 32).

use super::Rule;

mod security_commitment_weak;
mod toms_art32_coverage_gap;
mod toms_missing_or_unresolvable;

pub static RULES: &[&dyn Rule] = &[
    &toms_missing_or_unresolvable::TomsMissingOrUnresolvable,
    &toms_art32_coverage_gap::TomsArt32CoverageGap,
    &security_commitment_weak::SecurityCommitmentWeak,
];

/// Whether `value` is a template placeholder rather than real content (DPA040,
/// reused by DPA050). The patterns of RULES.md, case-insensitive, on the trimmed value:
/// `^#$`, `\]\(#\)`, `^\[.*\]$`, `link naar website`, `TBD`, `TODO`, `\[SPECIFY`.
/// `TBD` and `TODO` must stand as words (not be part of a longer word such as
/// "Todoist"): letters and digits on either side prevent a match.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    if t == "#" || t.contains("](#)") {
        return true;
    }
    if t.len() >= 2 && t.starts_with('[') && t.ends_with(']') {
        return true;
    }
    let lower = t.to_lowercase();
    lower.contains("link naar website")
        || lower.contains("[specify")
        || contains_word(&lower, "tbd")
        || contains_word(&lower, "todo")
}

/// A whole value that only says "not filled in": `TBD`, `TODO`, `XXX`, `N/A`, `NA`, `?`.
pub(crate) fn is_bare_placeholder(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "tbd" | "todo" | "xxx" | "na" | "n/a" | "?"
    )
}

/// `needle` occurs in `haystack` not directly preceded or followed by a letter or digit.
pub(crate) fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, m)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::{contains_word, is_placeholder};

    #[test]
    fn placeholders() {
        for p in [
            "#",
            " # ",
            "[[link naar website](#)]",
            "see [our TOMs](#)",
            "[Annex III]",
            "[]",
            "Link naar website",
            "TBD",
            "Annex III (tbd)",
            "TODO: add link",
            "todo",
            "[SPECIFY TIME PERIOD]",
            "Annex III [specify the measures",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
    }

    #[test]
    fn real_values() {
        for v in [
            "Annex III",
            "Data Pro Statement 1.12 Beveiligingsbeleid",
            "https://trust.example.com/security#encryption",
            "Todoist integration",
            "outbound mailing",
            "[draft] Annex B",
            "#1 Annex",
            "",
        ] {
            assert!(!is_placeholder(v), "{v:?} should not be a placeholder");
        }
    }

    #[test]
    fn words() {
        assert!(contains_word("a tbd b", "tbd"));
        assert!(contains_word("tbd", "tbd"));
        assert!(contains_word("x_tbd", "tbd"));
        assert!(!contains_word("xtbd", "tbd"));
        assert!(!contains_word("todoist", "todo"));
        assert!(contains_word("todoist todo", "todo"));
    }
}
