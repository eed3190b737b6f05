fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut engine = regorus::Engine::new();
    for (path, text) in irready::engine::builtin_policies().iter().map(|p| (p.path.clone(), p.text.clone())) {
        engine.add_policy(path, text).unwrap();
    }
    let r = engine.eval_query(args[1].clone(), false);
    match r {
        Ok(r) => println!("{}", serde_json::to_string_pretty(&r.result.iter().map(|x| irready::engine::to_json(&x.expressions[0].value)).collect::<Vec<_>>()).unwrap()),
        Err(e) => println!("{e:?}"),
    }
}
