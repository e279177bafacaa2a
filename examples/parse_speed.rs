fn main() {
    let t = std::time::Instant::now();
    let p = geo_scaffold::names::pluralize("gadget");
    println!("first pluralize {p}: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let p = geo_scaffold::names::pluralize("snippet_repository");
    println!("second pluralize {p}: {:?}", t.elapsed());
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let t = std::time::Instant::now();
    let m = geo_scaffold::manifest::Manifest::parse(&src).unwrap();
    println!("manifest parse: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let _ = m.get("thing10_file").unwrap();
    println!("manifest get: {:?}", t.elapsed());
}
