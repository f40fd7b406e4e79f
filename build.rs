//! Compiles the shipped libraries into the binary. The list of files is discovered here, not
//! kept by hand, so adding a rule file needs no Rust change.

use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, base, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("ron" | "rhai"))
            && let Ok(rel) = p.strip_prefix(base)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    // Read at run time, not baked in with `env!`: a build script compiled in one checkout and
    // reused by a copied target folder (another worktree) would otherwise embed the libraries
    // of the checkout it was first built in.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    let libs = root.join("libraries");
    println!("cargo:rerun-if-changed=libraries");
    let mut files = Vec::new();
    collect(&libs, &libs, &mut files);
    if files.is_empty() {
        // A binary without its library would run but find nothing: refuse to build it.
        println!("cargo::error=no library files under {}", libs.display());
    }
    let mut code = String::from(
        "/// Shipped library files: (path relative to `libraries/`, contents).\npub static BUILTIN_FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let abs = libs.join(f);
        println!("cargo:rerun-if-changed={}", abs.display());
        code.push_str(&format!(
            "    ({f:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir).join("builtin_libraries.rs");
    std::fs::write(out, code).expect("write generated library list");
    pack_relative_relocations(Path::new(&out_dir));
    hot_code_first(root, Path::new(&out_dir));
}

/// Links the program with packed relative relocations (DT_RELR) where the toolchain can. A
/// position-independent Rust program of this size carries about 1.5 MB of relocation entries
/// that the loader reads in full at every start; packed, they take a few kilobytes, and a run of
/// `bulwark check` maps about 1.2 MB less (issue 15). Needs GNU ld 2.38 or lld 15 and glibc
/// 2.36, so it is used only when a test program links with it and runs here; elsewhere the
/// program links as before.
fn pack_relative_relocations(out_dir: &Path) {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" || var("TARGET") != var("HOST") {
        return;
    }
    let flag = "-Wl,-z,pack-relative-relocs";
    let src = out_dir.join("relr_probe.c");
    let exe = out_dir.join("relr_probe");
    if std::fs::write(&src, "int main(void) { return 0; }\n").is_err() {
        return;
    }
    println!("cargo:rerun-if-env-changed=CC");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut link = std::process::Command::new(cc);
    link.args(["-fPIE", "-pie", flag, "-o"]).arg(&exe).arg(&src);
    link_if_probe_runs(link, &exe, flag);
}

/// Places the functions a command-line run executes together at the front of the program's code:
/// `assets/linux/hot-code.txt` (written by `benches/hot-code.sh`) lists them as section-name
/// patterns, made here into a linker script. The page cache maps program code in blocks of up to
/// 128 KB, so the 2.4 MB of code a `bulwark check` runs, scattered over 33 MB, otherwise keeps
/// about 11 MB of it resident (issue 15). Release builds only, and only when a test program
/// links with the script here: a linker that does not take it, or a function the list does not
/// name, only leaves code where it would have been.
fn hot_code_first(root: &Path, out_dir: &Path) {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let list = root.join("assets/linux/hot-code.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("TARGET") != var("HOST") || var("PROFILE") != "release" {
        return;
    }
    let Ok(text) = std::fs::read_to_string(&list) else {
        return;
    };
    // Cold code sits in `.text.unlikely.NAME`.
    let mut ld = String::from("SECTIONS\n{\n  .text.hot :\n  {\n");
    for p in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        ld.push_str(&format!("    *(.text.{p} .text.unlikely.{p})\n"));
    }
    ld.push_str("  }\n}\nINSERT BEFORE .text;\n");
    let script = out_dir.join("hot-code.ld");
    let src = out_dir.join("hot_code_probe.rs");
    let exe = out_dir.join("hot_code_probe");
    // `-Wl,` splits at commas.
    let path = script.display().to_string();
    if path.contains(',') || std::fs::write(&script, ld).is_err() || std::fs::write(&src, "fn main() {}\n").is_err() {
        return;
    }
    let flag = format!("-Wl,-T,{path}");
    // The flags cargo compiles this package with (a linker chosen there included).
    let rustflags = var("CARGO_ENCODED_RUSTFLAGS");
    let mut link = std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()));
    link.args(rustflags.split('\x1f').filter(|f| !f.is_empty()))
        .args(["--edition", "2024", "-C", &format!("link-arg={flag}"), "-o"])
        .arg(&exe)
        .arg(&src);
    link_if_probe_runs(link, &exe, &flag);
}

/// Links the program with `flag` when `link` builds a probe program with it and the probe runs.
fn link_if_probe_runs(mut link: std::process::Command, exe: &Path, flag: &str) {
    let linked = link
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if linked && std::process::Command::new(exe).status().is_ok_and(|s| s.success()) {
        println!("cargo:rustc-link-arg-bins={flag}");
    }
}
