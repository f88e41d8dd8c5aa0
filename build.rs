//! Links the flinksh executable as a position-dependent (non-PIE) binary on Linux: a PIE
//! binary of this size makes the dynamic loader apply ~70,000 relocations and copy the
//! pages they touch on every start, which is most of the time `flinksh -e "SELECT 1;"`
//! takes (see benches/README.md).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
