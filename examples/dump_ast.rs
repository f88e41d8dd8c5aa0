fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    match flinksh::sql::flink::parse_statement(&text) {
        Ok(s) => println!("{s:#?}"),
        Err(e) => println!("ERR {e}"),
    }
}
