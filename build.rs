//! Links the `kiosque` executable as a fixed-address (non-PIE) program: with a
//! position-independent executable, every start of `kiosque search` had the dynamic loader
//! apply ~31,000 relocations to the binary's data (about a fifth of a short search's time).
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
