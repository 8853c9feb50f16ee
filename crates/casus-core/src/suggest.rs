//! "Did you mean" suggestions for misspelt words.

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
///
/// Edit distance costs the product of the two lengths, so candidates whose length alone
/// puts them past the limit are skipped first: a 10 MB word is compared with nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = match len {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (strsim::levenshtein(&lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}
