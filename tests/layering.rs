//! The core knows nothing of the UI: no module outside `src/app` (and the binary's entry point)
//! names egui or eframe. helix's view/UI boundary eroded without a test like this one.

use crate::util::root;

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_below_app_uses_egui_or_eframe() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| !p.starts_with(src.join("app")))
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.lines().any(|l| {
                let code = l.split("//").next().unwrap_or_default();
                code.contains("egui") || code.contains("eframe")
            })
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "UI types used outside src/app: {offenders:?}");
}

#[test]
fn the_product_has_no_network_code() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        for banned in ["TcpStream", "UdpSocket", "reqwest", "ureq", "hyper::", "std::net"] {
            assert!(!text.contains(banned), "{} mentions {banned}", p.display());
        }
    }
}

/// The non-test code of a source file: everything before its `#[cfg(test)]` module.
fn non_test_code(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[test]
fn every_user_file_is_read_through_the_one_reading_function() {
    // DESIGN.md, "One reading function": regular files only, under a size limit.
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| !p.starts_with(src.join("io")) && !p.ends_with("tests.rs"))
        .filter(|p| {
            let code = non_test_code(p);
            ["fs::read(", "fs::read_to_string(", "File::open("]
                .iter()
                .any(|call| code.contains(call))
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "files read outside bulwark::io: {offenders:?}");
}

#[test]
fn every_line_printed_goes_through_the_one_terminal_function() {
    // DESIGN.md: text on a terminal has its control characters shown, not obeyed.
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| !p.ends_with("cli/term.rs"))
        .filter(|p| {
            let code = non_test_code(p);
            ["println!(", "print!(", "eprint!(", "dbg!("]
                .iter()
                .any(|m| code.contains(m))
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "printing outside cli/term.rs: {offenders:?}");
}
