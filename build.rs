//! Embeds the policies under `policies/` and the example repository under `fixtures/passing/`
//! in the binary, in a stable order.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let policies = root.join("policies");
    println!("cargo::rerun-if-changed=policies");

    let example = root.join("fixtures").join("passing");
    println!("cargo::rerun-if-changed=fixtures/passing");

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let policies = embed(
        "POLICY_FILES",
        "Every embedded policy file: its path in the project and its text.",
        &policies,
        &root,
    );
    std::fs::write(out_dir.join("policies.rs"), policies).expect("writing policies.rs");
    let example = embed(
        "EXAMPLE_FILES",
        "The example plan repository: each file's path in it and its text.",
        &example,
        &example,
    );
    std::fs::write(out_dir.join("example.rs"), example).expect("writing example.rs");
}

/// A constant holding every file under `dir`, named by its path from `base`.
fn embed(name: &str, doc: &str, dir: &Path, base: &Path) -> String {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();

    let mut out = format!("/// {doc}\npub const {name}: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(base).expect("under the base");
        let path = relative.to_string_lossy().replace('\\', "/");
        writeln!(
            out,
            "    ({path:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("writing to a string");
    }
    out.push_str("];\n");
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}
