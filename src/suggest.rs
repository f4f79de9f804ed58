//! "Did you mean …?": the closest known name to a misspelt one, shared by
//! schema errors, dangling references, rule selectors and policies.

/// Closest candidate within a small edit distance.
pub fn did_you_mean<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    close(input, candidates)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The candidate within [`did_you_mean`]'s distance when it is the only one:
/// the unambiguous correction a fix may apply without asking.
pub fn unique_match<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut found = close(input, candidates).map(|(_, c)| c);
    let first = found.next()?;
    found.all(|c| c == first).then_some(first)
}

/// Candidates within a third of the length, never a complete rewrite of a
/// short value, with their distance.
fn close<'a>(
    input: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = (usize, &'a str)> {
    let lower = input.to_ascii_lowercase();
    let len = input.chars().count();
    candidates
        .map(move |c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(move |(d, c)| *d <= (c.len().max(input.len()) / 3).max(1) && *d < len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_match_needs_one_close_candidate() {
        let ids = ["mailchimp", "mandrill", "stripe"];
        assert_eq!(
            unique_match("mailchimps", ids.into_iter()),
            Some("mailchimp")
        );
        assert_eq!(
            did_you_mean("mailchimps", ids.into_iter()),
            Some("mailchimp")
        );
        let twins = ["acme-eu", "acme-us"];
        assert_eq!(unique_match("acme-uk", twins.into_iter()), None);
        assert!(did_you_mean("acme-uk", twins.into_iter()).is_some());
        assert_eq!(unique_match("zzz", ids.into_iter()), None);
    }
}
