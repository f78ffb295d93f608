//! Every "MODEL.md section N" cited in the code and the docs names a section
//! that docs/MODEL.md has (`## N. ...`), so a reader can follow it.

use crate::util::root;

/// The numbers of the sections a text cites: "section 4", "sections 3 and 5".
fn cited_sections(text: &str) -> Vec<u32> {
    let mut cited = Vec::new();
    for (at, _) in text.match_indices("MODEL.md") {
        let rest = &text[at + "MODEL.md".len()..];
        let rest = rest.trim_start_matches([' ', '\n', '/', '`']);
        let Some(rest) = rest.strip_prefix("sections ").or_else(|| rest.strip_prefix("section ")) else {
            continue;
        };
        // Numbers joined by "and" and commas: "3 and 5", "3, 4".
        for word in rest.split_whitespace().take(5) {
            match word.trim_end_matches([',', '.', ')', ';', ':']).parse::<u32>() {
                Ok(n) => cited.push(n),
                Err(_) if word == "and" || word == "," => {}
                Err(_) => break,
            }
        }
    }
    cited
}

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "md") {
            out.push(path);
        }
    }
}

#[test]
fn every_cited_model_section_exists() {
    let model = std::fs::read_to_string(root().join("docs/MODEL.md")).unwrap();
    let sections: Vec<u32> =
        model.lines().filter_map(|l| l.strip_prefix("## ")?.split('.').next()?.parse().ok()).collect();
    assert!(sections.starts_with(&[1, 2, 3, 4, 5, 6, 7]), "docs/MODEL.md sections: {sections:?}");
    let mut files = vec![root().join("README.md")];
    for dir in ["src", "docs", "tests", "benches", "examples"] {
        files_under(&root().join(dir), &mut files);
    }
    let mut citations = 0;
    // This file cites made-up sections in its own unit test.
    files.retain(|f| !f.ends_with("tests/citations.rs"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for n in cited_sections(&text) {
            citations += 1;
            assert!(
                sections.contains(&n),
                "{} cites MODEL.md section {n}, which it does not have",
                file.display()
            );
        }
    }
    // The code cites the design's sections about twenty times: finding none
    // would mean this test no longer reads the citations.
    assert!(citations >= 15, "only {citations} citations found");
}

#[test]
fn citations_are_read_as_written() {
    assert_eq!(cited_sections("(MODEL.md section 4)"), [4]);
    assert_eq!(cited_sections("MODEL.md sections 3 and 5."), [3, 5]);
    assert_eq!(cited_sections("docs/MODEL.md section 12, then"), [12]);
    assert_eq!(cited_sections("MODEL.md records"), Vec::<u32>::new());
}
