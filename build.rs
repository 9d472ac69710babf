//! Rebuilds the binary when a file of the embedded default theme changes, since `include_dir!`
//! cannot tell cargo about files added to the folder.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
