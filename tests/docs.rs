//! The README and the guide agree with the code: every catalog code they
//! name beside an HTTP status (`Code` (404), 403 `Code`, a table's
//! `| 404 | `Code` |`) has that status in the catalog.

use ess_protection::ErrorCode;

/// Every page a user reads.
fn pages() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut pages = vec![format!("{root}/README.md"), format!("{root}/CHANGELOG.md")];
    let mut guide: Vec<String> = std::fs::read_dir(format!("{root}/docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path().display().to_string())
        .filter(|path| path.ends_with(".md"))
        .collect();
    guide.sort();
    pages.extend(guide);
    pages.into_iter().map(|path| (std::fs::read_to_string(&path).unwrap(), path)).collect()
}

/// The status a page writes next to the code at `text[start..end]` (the
/// code with its backticks): `(NNN` after it, or `NNN ` or `| NNN | `
/// before it.
fn status_beside(text: &str, start: usize, end: usize) -> Option<u16> {
    let three = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit());
    let after = text[end..].trim_start_matches(' ');
    if let Some(rest) = after.strip_prefix('(') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if three(&digits) {
            return digits.parse().ok();
        }
    }
    let before = text[..start].trim_end_matches(' ').trim_end_matches('|').trim_end_matches(' ');
    let word = before.rsplit([' ', '|', '(', '\n']).next().unwrap_or("");
    three(word).then(|| word.parse().ok()).flatten()
}

#[test]
fn every_status_the_pages_give_a_code_is_the_catalogs() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (text, path) in pages() {
        let mut at = 0;
        while let Some(open) = text[at..].find('`').map(|i| at + i) {
            let Some(close) = text[open + 1..].find('`').map(|i| open + 1 + i) else { break };
            let token = &text[open + 1..close];
            at = close + 1;
            let Ok(code) = token.parse::<ErrorCode>() else { continue };
            let (Some(status), Some(known)) =
                (status_beside(&text, open, close + 1), code.http_status())
            else {
                continue;
            };
            checked += 1;
            if status != known {
                let line = text[..open].lines().count();
                wrong.push(format!(
                    "{path}:{line}: `{token}` given {status}, the catalog says {known}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 40, "only {checked} codes with a status found: is the scanner blind?");
}

#[test]
fn the_scanner_sees_each_form() {
    let text =
        "a `InvalidAction.NotFound` (404) b 403 `Forbidden.Unauthorized` c\n| 400 | `Throttling` |";
    let at = |code: &str| text.find(&format!("`{code}`")).unwrap();
    let end = |code: &str| at(code) + code.len() + 2;
    assert_eq!(
        status_beside(text, at("InvalidAction.NotFound"), end("InvalidAction.NotFound")),
        Some(404)
    );
    assert_eq!(
        status_beside(text, at("Forbidden.Unauthorized"), end("Forbidden.Unauthorized")),
        Some(403)
    );
    assert_eq!(status_beside(text, at("Throttling"), end("Throttling")), Some(400));
}
