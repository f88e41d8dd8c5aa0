fn main() {
    use flinksh::backend::local::func::*;
    let groups: Vec<(&str, &[Scalar])> = vec![
        ("operators", operators::FUNCTIONS),
        ("comparison", compare::FUNCTIONS),
        ("conditional", conditional::FUNCTIONS),
        ("math", math::FUNCTIONS),
        ("string", string::FUNCTIONS),
        ("regexp", regexp::FUNCTIONS),
        ("encoding", encoding::FUNCTIONS),
        ("printf", printf::FUNCTIONS),
        ("temporal", temporal::FUNCTIONS),
        ("timeconv", timeconv::FUNCTIONS),
        ("collection", collection::FUNCTIONS),
        ("array", array::FUNCTIONS),
        ("json", json::FUNCTIONS),
    ];
    for (g, list) in groups {
        let names: Vec<&str> = list.iter().map(|f| f.name).collect();
        println!("{g}: {}", names.join(", "));
    }
    let names: Vec<&str> = aggregate::FUNCTIONS.iter().map(|f| f.name).collect();
    println!("aggregate: {}", names.join(", "));
}
