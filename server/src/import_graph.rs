//! Keeps the module import graph of `server/src` free of loops (issue 15).
//!
//! Every `.rs` file under `src/` is one module (`lib.rs` the root, `a/mod.rs` is `a`, `a/b.rs`
//! is `a::b`); inline modules (`mod tests { … }`) count as the file they are written in. The
//! references are the `crate::…` and `super::…` paths anywhere in the code (use trees with their
//! braces included), outside comments and literals; a path names the longest module prefix it
//! has, so an item re-exported by a parent counts as the parent (re-exports are not followed).
//!
//! Granularity: a reference from `a::b::c` to `a::d::e` is an edge between the siblings `a::b`
//! and `a::d`, the children of the modules' common parent. References between a module and its
//! ancestors are not edges: a parent composes its children and a child may use what its parent
//! shares, which is containment, not layering. So the rule is "within every module, its child
//! modules use each other without a loop", and a loop is reported as the siblings on it with
//! one reference (file:line and path) for each step.
//!
//! `main.rs` is left out: it is the root of the binary, where `crate::` would name another crate.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

/// One step of a loop: a reference from one sibling to the next.
#[derive(Debug, Clone)]
struct Reference {
    from: String,
    to: String,
    /// Where it is written: `file:line: path`.
    witness: String,
}

/// A loop between sibling modules, with one reference per step.
#[derive(Debug)]
struct Loop {
    /// The modules on the loop (every module of its strongly connected component).
    modules: Vec<String>,
    /// `a -> b (file:line: crate::b::X) -> a (…)`.
    description: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

/// The identifiers and punctuation of Rust source, each with its line; comments, string, char
/// and number literals and lifetimes are dropped, so that `"crate::x"` or a doc link is no
/// reference.
fn tokens(source: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    // Skips to after the closing quote of a string starting at `i` (after its `"`).
    let skip_string = |mut i: usize, line: &mut usize| {
        while i < chars.len() && chars[i] != '"' {
            if chars[i] == '\\' {
                i += 1;
            }
            if chars.get(i) == Some(&'\n') {
                *line += 1;
            }
            i += 1;
        }
        i + 1
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(i + 1, &mut line);
        } else if c == '\'' {
            if next == Some('\\') {
                // an escaped char literal: '\n', '\'', '\u{..}'
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                // a lifetime: its name follows as an identifier, which is harmless
                i += 1;
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let after = chars.get(i).copied();
            let raw_prefix = matches!(word.as_str(), "r" | "br" | "cr");
            if raw_prefix && matches!(after, Some('"' | '#')) {
                let hashes = chars[i..].iter().take_while(|&&h| h == '#').count();
                if chars.get(i + hashes) == Some(&'"') {
                    // a raw string: ends at a quote followed by as many hashes
                    i += hashes + 1;
                    while i < chars.len() {
                        if chars[i] == '"' && chars[i + 1..].iter().take(hashes).all(|&h| h == '#')
                        {
                            i += hashes + 1;
                            break;
                        }
                        if chars[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                    continue;
                }
                // a raw identifier (r#type): the identifier follows
                i += hashes;
                continue;
            }
            if matches!(word.as_str(), "b" | "c") && after == Some('"') {
                i = skip_string(i + 1, &mut line);
                continue;
            }
            if word == "b" && after == Some('\'') {
                continue; // the char literal is skipped on the next turn
            }
            out.push((Token::Ident(word), line));
        } else if c == ':' && next == Some(':') {
            out.push((Token::PathSep, line));
            i += 2;
        } else {
            out.push((Token::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// The module a file under `src/` is: `lib.rs` -> root, `a/mod.rs` -> `a`, `a/b.rs` -> `a::b`.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The paths of a path tree starting at `tokens[i]`, the `::` after `crate` or `super` (whose
/// module is `prefix`): `::a::b`, `::a::{b, c::{d, self}}`, `::a::*`, `::super::a`.
fn path_tree(tokens: &[(Token, usize)], mut i: usize, prefix: &[String]) -> Vec<Vec<String>> {
    let mut path = prefix.to_vec();
    while tokens.get(i).map(|t| &t.0) == Some(&Token::PathSep) {
        match tokens.get(i + 1).map(|t| &t.0) {
            Some(Token::Ident(name)) if name == "super" => {
                path.pop();
                i += 2;
            }
            Some(Token::Ident(name)) => {
                path.push(name.clone());
                i += 2;
            }
            Some(Token::Punct('{')) => return group(tokens, i + 2, &path),
            _ => break,
        }
    }
    vec![path]
}

/// The paths of a `{ … }` group starting at `tokens[i]` (after the brace), under `prefix`.
fn group(tokens: &[(Token, usize)], mut i: usize, prefix: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    while let Some((token, _)) = tokens.get(i) {
        match token {
            Token::Punct('}') => break,
            Token::Punct('{') => {
                paths.extend(group(tokens, i + 1, prefix));
                i = skip_group(tokens, i + 1);
            }
            Token::Ident(name) if name == "self" => {
                paths.push(prefix.to_vec());
                i += 1;
            }
            Token::Ident(name) => {
                let mut start = prefix.to_vec();
                start.push(name.clone());
                paths.extend(path_tree(tokens, i + 1, &start));
                // Skip this element: to the comma or brace closing it, over nested groups.
                i += 1;
                while let Some((token, _)) = tokens.get(i) {
                    match token {
                        Token::Punct(',' | '}') => break,
                        Token::Punct('{') => i = skip_group(tokens, i + 1),
                        _ => i += 1,
                    }
                }
            }
            _ => i += 1,
        }
    }
    paths
}

/// The index after the `}` closing the group whose contents start at `i`.
fn skip_group(tokens: &[(Token, usize)], mut i: usize) -> usize {
    let mut depth = 1;
    while let Some((token, _)) = tokens.get(i) {
        i += 1;
        match token {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    i
}

/// Every `crate::…` and `super::…` path in a file, with its line, resolved to absolute paths
/// (`super` from inside inline modules too).
fn references(file_module: &[String], source: &str) -> Vec<(Vec<String>, usize)> {
    let tokens = tokens(source);
    let mut found = Vec::new();
    // Inline modules open around the current token, with the brace depth inside each.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    for (i, (token, line)) in tokens.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &tokens[p].0);
        let next = tokens.get(i + 1).map(|t| &t.0);
        match token {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if inline.last().is_some_and(|(_, open)| depth < *open) {
                    inline.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(Token::Ident(name)), Some(Token::Punct('{'))) = (
                    tokens.get(i + 1).map(|t| &t.0),
                    tokens.get(i + 2).map(|t| &t.0),
                ) {
                    inline.push((name.clone(), depth + 1));
                }
            }
            Token::Ident(word)
                if (word == "crate" || word == "super")
                    && next == Some(&Token::PathSep)
                    && !matches!(previous, Some(Token::PathSep | Token::Punct('$'))) =>
            {
                let start = if word == "crate" {
                    Vec::new()
                } else {
                    let mut current = file_module.to_vec();
                    current.extend(inline.iter().map(|(name, _)| name.clone()));
                    current.pop();
                    current
                };
                for path in path_tree(&tokens, i + 1, &start) {
                    found.push((path, *line));
                }
            }
            _ => {}
        }
    }
    found
}

/// The loops between sibling modules of the files given as (path under `src/`, source).
fn loops(files: &[(String, String)]) -> Vec<Loop> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(path, _)| module_of(path)).collect();
    let mut edges: BTreeMap<String, BTreeMap<String, Reference>> = BTreeMap::new();
    for (path, source) in files {
        let from = module_of(path);
        for (target, line) in references(&from, source) {
            // The module a path names is its longest prefix that is a module.
            let Some(to) = (0..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|prefix| modules.contains(prefix))
            else {
                continue;
            };
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue; // a module and its ancestor
            }
            let (a, b) = (from[..=common].join("::"), to[..=common].join("::"));
            edges
                .entry(a.clone())
                .or_default()
                .entry(b.clone())
                .or_insert_with(|| Reference {
                    from: a,
                    to: b,
                    witness: format!("{path}:{line}: crate::{}", target.join("::")),
                });
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| Loop {
            description: describe(&component, &edges),
            modules: component,
        })
        .collect()
}

/// Tarjan's strongly connected components of the graph.
fn strongly_connected(edges: &BTreeMap<String, BTreeMap<String, Reference>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeMap<String, Reference>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        components: Vec<Vec<String>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        let edges = state.edges;
        let n = state.index.len();
        state.index.insert(node, n);
        state.low.insert(node, n);
        state.stack.push(node);
        state.on_stack.insert(node);
        for next in edges.get(node).into_iter().flat_map(BTreeMap::keys) {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                component.push(member.to_owned());
                if member == node {
                    break;
                }
            }
            component.sort();
            state.components.push(component);
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.components
}

/// One loop through the component, from its first module back to it, with a witness per step.
fn describe(component: &[String], edges: &BTreeMap<String, BTreeMap<String, Reference>>) -> String {
    let members: BTreeSet<&str> = component.iter().map(String::as_str).collect();
    // Breadth-first from the first module to any module that refers back to it.
    let start = component[0].as_str();
    let mut came_from: BTreeMap<&str, &Reference> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut last = None;
    while let Some(node) = queue.pop_front() {
        for (next, reference) in edges.get(node).into_iter().flatten() {
            if next == start {
                last = Some(reference);
                queue.clear();
                break;
            }
            if members.contains(next.as_str()) && !came_from.contains_key(next.as_str()) {
                came_from.insert(next.as_str(), reference);
                queue.push_back(next);
            }
        }
    }
    let mut steps = vec![last.expect("a component of two or more has a loop through each member")];
    while steps.last().expect("one step at least").from != start {
        steps.push(came_from[steps.last().expect("one step at least").from.as_str()]);
    }
    steps.reverse();
    let mut text = start.to_owned();
    for step in steps {
        text.push_str(&format!(" -> {} ({})", step.to, step.witness));
    }
    text
}

/// Every `.rs` file under `dir` as (path relative to `root`, source), `main.rs` left out.
fn read_sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ is readable").path();
        if path.is_dir() {
            read_sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            if relative != "main.rs" {
                let source = std::fs::read_to_string(&path).expect("sources are UTF-8");
                out.push((relative, source));
            }
        }
    }
}

/// The loops of this crate's own `src/`.
fn server_loops() -> Vec<Loop> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_sources(&root, &root, &mut files);
    files.sort();
    assert!(
        files.iter().any(|(path, _)| path == "cli.rs"),
        "the sources were found under {}",
        root.display()
    );
    loops(&files)
}

fn report(loops: &[Loop]) -> String {
    loops
        .iter()
        .map(|l| format!("loop between {}: {}", l.modules.join(", "), l.description))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_server_modules_use_each_other_without_a_loop() {
    let loops = server_loops();
    assert!(loops.is_empty(), "{}", report(&loops));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(path, source)| ((*path).to_owned(), (*source).to_owned()))
            .collect()
    }

    #[test]
    fn a_loop_between_siblings_is_found_with_where_each_step_is_written() {
        let loops = loops(&files(&[
            ("lib.rs", "mod a; mod b;"),
            ("a/mod.rs", "mod x; mod y;"),
            ("a/x.rs", "use super::y::{self, Y};"),
            ("a/y.rs", "fn f() {\n    crate::a::x::g();\n}"),
            ("b.rs", "use crate::a::x::X;"),
        ]));
        assert_eq!(loops.len(), 1, "{}", report(&loops));
        assert_eq!(loops[0].modules, ["a::x", "a::y"]);
        assert_eq!(
            loops[0].description,
            "a::x -> a::y (a/x.rs:1: crate::a::y) -> a::x (a/y.rs:2: crate::a::x::g)"
        );
    }

    #[test]
    fn a_loop_through_nested_modules_counts_between_the_top_siblings() {
        let loops = loops(&files(&[
            ("lib.rs", ""),
            (
                "cli.rs",
                "use crate::{commands::{user::UserCommand, files::*}, config::Config};",
            ),
            ("commands/mod.rs", ""),
            ("commands/user.rs", ""),
            ("commands/files.rs", ""),
            ("commands/token.rs", "use crate::cli::TokenCommand;"),
            ("config.rs", ""),
        ]));
        assert_eq!(loops.len(), 1, "{}", report(&loops));
        assert_eq!(loops[0].modules, ["cli", "commands"]);
    }

    #[test]
    fn parents_children_comments_and_literals_make_no_loop() {
        let loops = loops(&files(&[
            ("lib.rs", "pub fn now() {}\nmod a; mod b;"),
            (
                "a/mod.rs",
                "pub use x::X;\npub struct Shared;\nfn f() { x::g(); crate::now(); }",
            ),
            (
                "a/x.rs",
                "use super::Shared;\nmod tests { use super::*; use super::super::Shared; }",
            ),
            (
                "b.rs",
                "/// see [`crate::a::X`]\n// crate::a\nconst S: &str = \"crate::a::X\";\n\
                 const R: &str = r#\"crate::a\"#; const C: char = '\"';\n\
                 pub(crate) fn g<'a>(s: &'a str) -> &'a str { s }",
            ),
            ("a/y.rs", "macro_rules! m { () => { $crate::b::g(\"\") } }"),
        ]));
        assert!(loops.is_empty(), "{}", report(&loops));
    }

    #[test]
    fn references_after_char_literals_lifetimes_and_raw_strings_are_seen() {
        let loops = loops(&files(&[
            ("lib.rs", ""),
            (
                "a.rs",
                "const C: char = '{'; const R: &str = r\"}\"; use crate::b::B;",
            ),
            ("b.rs", "fn f<'a>(_: &'a u8) { let _ = '}'; crate::a::g() }"),
        ]));
        assert_eq!(loops.len(), 1, "{}", report(&loops));
        assert_eq!(loops[0].modules, ["a", "b"]);
    }
}
