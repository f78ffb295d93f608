//! "Did you mean": the closest known id for one a user mistyped, so that an
//! unknown delegation, issue or paragraph id names what was probably meant.

/// One id a name may be meant for: the id itself and, where it has one,
/// its display name ("GBR", "United Kingdom").
pub struct Known<'a> {
    /// The id the file or the command line must use.
    pub id: &'a str,
    /// Its name in reports (may equal the id).
    pub name: &'a str,
}

/// The id `given` most likely means, if one is close enough: the same
/// letters in another case, the initials of a name ("UK" for "United
/// Kingdom"), the name itself, or a small typo (an edit or two, a swap of
/// letters as in "GRB" for "GBR", or similar by Jaro-Winkler).
pub fn closest<'a>(given: &str, known: &[Known<'a>]) -> Option<&'a str> {
    let g = given.trim().to_lowercase();
    if g.is_empty() {
        return None;
    }
    let initials = |name: &str| -> String {
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !matches!(*w, "of" | "the" | "and" | "for"))
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_lowercase()
    };
    for k in known {
        let (id, name) = (k.id.to_lowercase(), k.name.to_lowercase());
        if g == id || g == name || (g.len() >= 2 && g == initials(k.name)) {
            return Some(k.id);
        }
    }
    // Close: one edit away (a swap counts as one: "GRB"), or similar by
    // Jaro-Winkler for longer words. The fewest edits win, then the longest
    // shared beginning ("UAS" is USA, not AUS), then similarity, then the
    // first known.
    let closeness = |a: &str| -> Option<(i64, usize, f64)> {
        let edits = strsim::damerau_levenshtein(&g, a);
        let similar = strsim::jaro_winkler(&g, a);
        let allowed = if g.chars().count() <= 4 { 1 } else { 2 };
        let prefix = g.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
        (edits <= allowed || similar >= 0.85).then_some((-(edits as i64), prefix, similar))
    };
    let better =
        |a: &(i64, usize, f64), b: &(i64, usize, f64)| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2));
    let mut best: Option<((i64, usize, f64), &'a str)> = None;
    for k in known {
        let by_id = closeness(&k.id.to_lowercase());
        let by_name = closeness(&k.name.to_lowercase());
        let Some(score) =
            by_id.into_iter().chain(by_name).reduce(|a, b| if better(&b, &a).is_gt() { b } else { a })
        else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _)| better(&score, b).is_gt()) {
            best = Some((score, k.id));
        }
    }
    best.map(|(_, id)| id)
}

/// What to add to an "unknown id" message: `, did you mean `GBR`?`, or
/// when nothing is close, the ids there are (the first 12).
pub fn suggest(given: &str, ids: &[&str]) -> String {
    let known: Vec<Known> = ids.iter().map(|id| Known { id, name: id }).collect();
    suggest_known(given, &known)
}

/// [`suggest`] where the ids have names too.
pub fn suggest_known(given: &str, known: &[Known]) -> String {
    if let Some(id) = closest(given, known) {
        return format!("; did you mean `{id}`?");
    }
    if known.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = known.iter().take(12).map(|k| k.id).collect();
    let more = if known.len() > 12 { format!(" and {} more", known.len() - 12) } else { String::new() };
    format!(" (there are: {}{more})", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<Known<'static>> {
        vec![
            Known { id: "USA", name: "United States" },
            Known { id: "GBR", name: "United Kingdom" },
            Known { id: "G77", name: "Group of 77 and China" },
            Known { id: "EU", name: "European Union" },
        ]
    }

    #[test]
    fn finds_initials_case_and_typos() {
        let k = known();
        assert_eq!(closest("UK", &k), Some("GBR"));
        assert_eq!(closest("us", &k), Some("USA"));
        assert_eq!(closest("usa", &k), Some("USA"));
        assert_eq!(closest("GRB", &k), Some("GBR"));
        let k2 = [Known { id: "AUS", name: "Australia" }, Known { id: "USA", name: "United States" }];
        assert_eq!(closest("UAS", &k2), Some("USA"), "the shared beginning decides a tie");
        assert_eq!(closest("united kingdom", &k), Some("GBR"));
        assert_eq!(closest("European Unoin", &k), Some("EU"));
    }

    #[test]
    fn says_nothing_close_with_the_list() {
        let k = known();
        assert_eq!(closest("Brazil", &k), None);
        assert_eq!(suggest_known("Brazil", &k), " (there are: USA, GBR, G77, EU)");
        assert_eq!(suggest("gendr", &["gender", "funding"]), "; did you mean `gender`?");
    }
}
