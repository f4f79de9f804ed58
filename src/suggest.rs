//! "Did you mean …?": the closest known name to a misspelt one, shared by
//! schema errors, dangling references, rule selectors and policies.

/// Closest candidate within a small edit distance.
pub fn did_you_mean<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = input.to_ascii_lowercase();
    candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        // Within a third of the length, and never a complete rewrite of a short value.
        .filter(|(d, c)| *d <= (c.len().max(input.len()) / 3).max(1) && *d < input.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
