//! Differential tests: the reader's HCL2 mode against `hcl-edit` (through [`super::parse`]).

use std::collections::BTreeMap;

use super::parse;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{LineIndex, SourceId};
use crate::syntax::Body;
use crate::syntax::reader::{self, Dialect};

/// What one reader made of a text.
#[derive(Debug)]
enum Outcome {
    /// Read without a diagnostic.
    Tree(Body),
    /// Refused with a syntax error.
    Refused(Diagnostic),
    /// Stopped at a limit of the reader.
    Limit,
}

fn outcome((body, mut diagnostics): (Body, Vec<Diagnostic>)) -> Outcome {
    match diagnostics.pop() {
        None => Outcome::Tree(body),
        Some(d) if d.code == Code::LimitExceeded => Outcome::Limit,
        Some(d) => Outcome::Refused(d),
    }
}

/// Cases where the two readers may disagree, each a known fault of `hcl-edit` (see the
/// documentation of [`crate::syntax::reader::hcl2`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Excuse {
    /// A heredoc whose first line is its closing marker: `hcl-edit` runs on to a later line
    /// holding the marker.
    EmptyHeredoc,
    /// A `<<-` heredoc with interpolation and a literal line without indentation: `hcl-edit`
    /// cuts that line's first characters.
    UnindentedHeredocLine,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The heredocs of `text`, found roughly (for excuses only): whether `<<-`, the lines of the
/// body up to the first line starting with the marker, and whether a later line starts with it
/// too.
fn heredocs(text: &str) -> Vec<(bool, Vec<&str>, bool)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<<") {
        // One character on only: `<<<EOF` is `<` before `<<EOF`.
        rest = &rest[at + 1..];
        let Some(rest) = rest.strip_prefix('<') else { continue };
        let indented = rest.starts_with('-');
        let after = rest.strip_prefix('-').unwrap_or(rest);
        let marker = &after[..after.find(|c: char| !is_word(c)).unwrap_or(after.len())];
        let tail = &after[marker.len()..];
        let Some(body) = tail.strip_prefix('\n').or_else(|| tail.strip_prefix("\r\n")) else {
            continue;
        };
        if marker.is_empty() {
            continue;
        }
        let closes = |line: &&str| {
            let line = line.trim_start_matches([' ', '\t']);
            line.strip_prefix(marker).is_some_and(|tail| !tail.starts_with(is_word))
        };
        let lines: Vec<&str> = body.lines().take_while(|line| !closes(line)).collect();
        let later = body.lines().skip(lines.len() + 1).any(|line| closes(&line));
        found.push((indented, lines, later));
    }
    found
}

fn excuse(text: &str) -> Option<Excuse> {
    heredocs(text).into_iter().find_map(|(indented, lines, later)| {
        let interpolates = lines.iter().any(|l| l.contains("${") || l.contains("%{"));
        let flush = lines.iter().any(|l| l.starts_with(|c: char| !c.is_whitespace()));
        let indents = lines.iter().any(|l| l.starts_with(char::is_whitespace) && !l.trim().is_empty());
        if lines.is_empty() && later {
            Some(Excuse::EmptyHeredoc)
        } else if indented && interpolates && flush && indents {
            Some(Excuse::UnindentedHeredocLine)
        } else {
            None
        }
    })
}

/// Counts of a differential run.
#[derive(Debug, Default)]
struct Tally {
    same_tree: usize,
    refused_same_place: usize,
    refused_elsewhere: usize,
    limit: usize,
    excused: BTreeMap<Excuse, usize>,
    disagreements: Vec<String>,
    /// Where each reader placed the error, when both refuse a text.
    places: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, text: &str) {
        let new = outcome(reader::parse(text, SourceId::Jobspec, Dialect::Hcl2));
        let old = outcome(parse(text, SourceId::Jobspec));
        let agree = match (&new, &old) {
            (Outcome::Limit, _) | (_, Outcome::Limit) => {
                self.limit += 1;
                return;
            }
            (Outcome::Tree(a), Outcome::Tree(b)) => a == b,
            (Outcome::Refused(a), Outcome::Refused(b)) => {
                if a.span.start == b.span.start {
                    self.refused_same_place += 1;
                } else {
                    self.refused_elsewhere += 1;
                }
                let index = LineIndex::new(text);
                let at = |d: &Diagnostic| {
                    let p = index.position(d.span.start);
                    format!("{}:{} {}", p.line, p.column, d.message)
                };
                let shown = if text.len() < 300 { format!("{text:?}") } else { String::new() };
                self.places.push(format!("{name}: new {} | hcl-edit {} {shown}", at(a), at(b)));
                true
            }
            _ => false,
        };
        if agree {
            self.same_tree += usize::from(matches!(new, Outcome::Tree(_)));
            return;
        }
        if let Some(excuse) = excuse(text) {
            *self.excused.entry(excuse).or_default() += 1;
            if std::env::var_os("NETPLAY_SHOW_EXCUSED").is_some() {
                eprintln!("excused ({excuse:?}) {name}: {text:?}\n  new: {new:?}\n  hcl-edit: {old:?}");
            }
            return;
        }
        let show = |o: &Outcome| match o {
            Outcome::Tree(body) => format!("tree {body:?}"),
            Outcome::Refused(d) => format!("refused at {:?}: {}", d.span, d.message),
            Outcome::Limit => "limit".to_string(),
        };
        self.disagreements.push(format!("{name}: {text:?}\n  new: {}\n  hcl-edit: {}", show(&new), show(&old)));
    }

    fn report(&self, what: &str) {
        eprintln!(
            "{what}: {} read to the same tree, {} refused by both ({} at the same place, {} elsewhere), {} at a \
             limit of the old reader, excused {:?}, {} disagreements",
            self.same_tree,
            self.refused_same_place + self.refused_elsewhere,
            self.refused_same_place,
            self.refused_elsewhere,
            self.limit,
            self.excused,
            self.disagreements.len()
        );
        for d in self.disagreements.iter().take(20) {
            eprintln!("{d}");
        }
    }
}

/// Every real-world jobspec of the shared corpus (skipped when it is absent): both readers
/// read it to the same tree, or both refuse it (the places of both errors are printed).
#[test]
fn real_world_corpus_agrees_with_hcl_edit() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
    let Ok(index) = std::fs::read_to_string(dir.join("INDEX.tsv")) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut tally = Tally::default();
    for line in index.lines().skip(1) {
        let Some(file) = line.split('\t').next() else { continue };
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else { continue };
        tally.check(file, &text);
    }
    tally.report("real-world corpus");
    tally.places.iter().for_each(|p| eprintln!("  {p}"));
    assert!(tally.same_tree > 100, "{tally:?}");
    assert!(tally.disagreements.is_empty());
}

/// Realistic jobspecs to edit: HCL2 with most of the syntax, a Connect job with templates, and
/// an HCL1 one (which HCL2 refuses).
const JOBSPECS: [&str; 3] = [
    crate::syntax::testing::HCL2_JOBSPEC,
    r#"job "countdash" {
  datacenters = ["dc1"]
  meta = { owner = "team-a", "cost.center": 42, ratio = 0.75, empty = null }

  group "api" {
    count = length(var.zones) * 2 - 1
    network {
      mode = "bridge"
      dynamic "port" {
        for_each = toset(["a", "b"])
        labels   = [port.value]
        content {
          to = -1
        }
      }
    }

    service {
      name = "count-api"
      port = "9001"
      tags = [for t in var.tags : upper(t) if t != ""]
      meta = {for k, v in var.meta : k => v...}
      connect {
        sidecar_service {}
      }
      check {
        type     = "http"
        path     = "/health?x=${var.x[0].y}&z=${lookup(var.m, "k", "d")}"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "web" {
      driver = "docker"
      config {
        image   = "hashicorpnomad/counter-api:v3"
        command = "/bin/sh"
        args = [
          "-c",
          <<EOF
echo "$${HOME} %%{x}" && exec ./api --port=${NOMAD_PORT_http}
EOF
          ,
          !var.debug ? "quiet" : "verbose",
        ]
      }
      template {
        data = <<EOH
%{ if var.tls ~}
tls = true
%{ else }
tls = false
%{ endif }
{{ range service "db" }}{{ .Address }}{{ end }}
EOH
        destination = "${NOMAD_SECRETS_DIR}/app.env"
        env         = true
      }
      resources {
        cpu    = 100 // MHz
        memory = 1e3
      }
    }
  }
}
"#,
    r#"# A Nomad 0.2 jobspec in HCL1.
job "legacy" {
  region = "global"
  datacenters = ["dc1", "dc2",]
  update { stagger = "10s" max_parallel = 1 }
  group "cache" {
    count = 0x3
    restart { attempts = 10, interval = "5m", delay = "25s", mode = "delay" }
    task "redis" {
      driver = "docker"
      config {
        image = "redis:latest"
        port_map { db = 6379 }
      }
      env { "A.B" = "1", C = "x" }
      resources {
        cpu = 500
        memory = 256
        network {
          mbits = 10
          port "db" {}
        }
      }
    }
  }
}
"#,
];

/// Every prefix and suffix of the realistic jobspecs, and thousands of deterministic random
/// edits of them: both readers give the same tree or both refuse (or an excuse applies).
#[test]
fn edited_jobspecs_agree_with_hcl_edit() {
    let mut tally = Tally::default();
    for (n, text) in JOBSPECS.iter().enumerate() {
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            tally.check(&format!("jobspec {n}, first {end} bytes"), &text[..end]);
            tally.check(&format!("jobspec {n}, from byte {end}"), &text[end..]);
        }
        crate::syntax::testing::for_each_mutation(
            text,
            "{}[]()\"'=,.:?!+-*/#<>\\$%@~ \n\tEOF0x9éa_\u{feff}",
            4000,
            |edited| tally.check(&format!("jobspec {n}, edited"), edited),
        );
    }
    tally.report("edited jobspecs");
    assert!(tally.disagreements.is_empty());
}

/// Short texts made of HCL2 fragments in random order (a fixed xorshift stream): they reach
/// corners of the grammar that edits of real jobspecs rarely do.
#[test]
fn random_fragments_agree_with_hcl_edit() {
    const FRAGMENTS: &[&str] = &[
        "a",
        "b",
        "x",
        "=",
        " = ",
        "==",
        "=>",
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        "\n",
        " ",
        "\t",
        "\"",
        "\"s\"",
        "${",
        "%{",
        " if ",
        " for ",
        " in ",
        " else ",
        "endif",
        "endfor",
        "~",
        ":",
        "?",
        ",",
        ".",
        "...",
        "*",
        "1",
        "2.5",
        "1e3",
        "-",
        "!",
        "+",
        "/",
        "%",
        "&&",
        "||",
        "<",
        ">=",
        "<<EOF\n",
        "<<-EOF\n",
        "EOF\n",
        "  ",
        "#c\n",
        "//c\n",
        "/*c*/",
        "/*\n*/",
        "null",
        "true",
        "f(",
        "::",
        "\\",
        "\\n",
        "$${",
        "%%{",
        "0",
        "é",
        "\r\n",
        "a {\n",
        "}\n",
        "a = ",
        "b = [",
        "x = {",
        "\"${a}\"",
        "\"%{ if a }b%{ endif }\"",
        "[for x in y : x]",
        "{for k, v in m : k => v}",
    ];
    // NETPLAY_DIFF_ROUNDS and NETPLAY_DIFF_SEED run a longer or another campaign.
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let rounds = env("NETPLAY_DIFF_ROUNDS").unwrap_or(60_000);
    let mut state = env("NETPLAY_DIFF_SEED").unwrap_or(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut tally = Tally::default();
    for _ in 0..rounds {
        let mut text = String::new();
        for _ in 0..1 + next(14) {
            text.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
        }
        // Most texts start like an attribute, so that the expression grammar gets exercised.
        if next(4) != 0 {
            text.insert_str(0, "x = ");
        }
        tally.check("random", &text);
    }
    tally.report("random fragments");
    assert!(tally.disagreements.is_empty());
}

/// The excused differences are real (the readers disagree) and recognised as excused.
#[test]
fn known_differences_are_excused() {
    let cases = [
        ("a = <<EOF\nEOF\nb = <<EOF\nx\nEOF\n", Excuse::EmptyHeredoc),
        ("x = <<-EOT\n    a ${x}\nb\nEOT\n", Excuse::UnindentedHeredocLine),
    ];
    for (text, expected) in cases {
        let new = outcome(reader::parse(text, SourceId::Jobspec, Dialect::Hcl2));
        let old = outcome(parse(text, SourceId::Jobspec));
        let differ = match (&new, &old) {
            (Outcome::Tree(a), Outcome::Tree(b)) => a != b,
            _ => true,
        };
        assert!(differ, "{text:?}: {new:?}");
        assert_eq!(excuse(text), Some(expected), "{text:?}");
    }
}

/// Corners of the grammar where `hcl-edit` is lenient or peculiar; the reader follows it.
#[test]
fn tricky_snippets_agree_with_hcl_edit() {
    let snippets = [
        // Line breaks after a list, a call or an object `for` continue the expression.
        "x = [1]\n- 1",
        "x = f(1)\n+ 2",
        "x = {for k in m : k => 1}\n.a",
        "x = (1)\n+ 2",
        "x = {a = 1}\n.a",
        "x = a.\nb",
        "x = a\n.b",
        "x = [a\n.b]",
        "x = [1]\n[0]",
        "x = [a ?\nb : c]",
        "x = a ?\nb : c",
        "x = !\na",
        "a = 1 /*\n*/ + 2",
        "a = 1 /*\n*/ b = 2",
        // Keywords as prefixes.
        "x = \"%{ iffy }a%{ endif }\"",
        "x = [for x in y: 1if z]",
        "x = [for x inside : x]",
        "x = {for = 1}",
        "x = \"%{ for a in b }${a}%{ endfor }\"",
        "x = \"%{ if a }\"x\\q%{ endif }\"",
        "x = \"%{ if a }x%{ else }y%{ endif }\"",
        "x = \"%{ if a }x%{ endfor }\"",
        "x = \"%{ endif }\"",
        "x = \"%{ foo }\"",
        "x = \"%{~ if a ~}x%{~ endif ~}\"",
        // Numbers.
        "x = -9223372036854775808",
        "x = --1",
        "x = ---1",
        "x = - /* e */ 1",
        "x = -/*\n*/1",
        "x = 18446744073709551615",
        "x = 18446744073709551616",
        "x = -18446744073709551616",
        "x = 1.0",
        "x = -0",
        "x = - -1.5",
        "x = -1.x",
        "x = 1.e5",
        "x = 1.",
        "x = 1e",
        "x = 1e+",
        "x = 1e400",
        "x = 1e-400",
        "x = 007",
        "x = 0x1F",
        "x = 10s",
        "x = [1a]",
        // Heredocs.
        "x = <<-EOF\n    a\n  \n    b\n  EOF\n",
        "x = <<EOF\r\nabc\r\nEOF\r\ny = 1\n",
        "x = <<-EOF\r\n  abc\r\n  EOF\r\ny = 1\n",
        "x = <<-EOF\r\n  a${b}\r\n  c\r\n  EOF\r\n",
        "x = <<EOF\n${a}\nEOF\n",
        "x = <<-EOF\n  ${a}\n  b\n  EOF\n",
        "x = <<-EOF\n  a ${b} c\n    d\n  EOF\n",
        "x = <<-EOF\n\t\ta\n\t\t%{ if b }c%{ endif }\n\tEOF\n",
        "x = <<EOF\n%{ if a }\nEOF\n%{ endif }\nEOF\n",
        "x = [<<EOF\nEOF, 1]",
        "x = <<EOF\nabc\n  EOF",
        "x = <<EOF\nEOF x\nEOF\n",
        "x = <<EOF\nEOFX\nEOF\n",
        "x = <<EOF x\nEOF\n",
        "x = << EOF\nEOF\n",
        "x = <<EOF-1\na\nEOF-1\n",
        "x = <<EOF\n$${a} %%{b}\nEOF\n",
        // Strings and labels.
        "x = \"\\u00e9\\U0001F600\"",
        "x = \"\\ud800\"",
        "x = \"\\u12345\"",
        "x = \"$$${a}\"",
        "x = \"%%{\"",
        "x = \"a\rb\"",
        "x = \"a\nb\"",
        "x = \"${\"a\nb\"}\"",
        "x = \"${a +\n b}\"",
        "a \"b\\n\" {}\n",
        "a \"${b}\" {}\n",
        "a b c \"d\" {\n}\n",
        "a \"b\" = 1\n",
        // Objects.
        "x = {a: 1, b = 2,}",
        "x = {(a) = 1, (a) = 2}",
        "x = {a = 1, a = 2}",
        "x = {\"a\" = 1, \"a\" = 2}",
        "x = {a = 1, \"a\" = 2}",
        "x = {a.b = 1}",
        "x = {\"${a}\" = 1}",
        "x = {<<EOF\nk\nEOF\n = 1}",
        "x = {null = 1, true = 2}",
        "x = {-1 = 2}",
        "x = {a ? b : c = 1}",
        "x = {a = 1 # c\n b = 2}",
        "x = {a = 1 // c\n}",
        "x = {\n a = 1 /* c */ }",
        "x = {a = 1\r\n}",
        "x = {a = 1\r}",
        "x = {a\n= 1}",
        "x = {a = [1,\n2]}",
        "x = {a = 1 +\n 2}",
        "x = {a = f(1)\n+ 2}",
        // Calls and traversals.
        "x = a::b::c(1)",
        "x = a::b",
        "x = f (1)",
        "x = f(\n1,\n2,\n)",
        "x = f(a...)",
        "x = f(a, ...)",
        "x = f(,)",
        "x = f(a..b)",
        "x = a[*].b",
        "x = a.*.b",
        "x = a [0]",
        "x = a[ * ]",
        "x = a.0.1",
        "x = a.01",
        "x = a.99999999999999999999",
        "x = a[\n0\n]",
        // Blocks and bodies.
        "a { /*\n*/ b = 1 }",
        "a {\n  b = 1 }",
        "a { b = 1 } ",
        "a {} # c",
        "a { # c\n}",
        "a { // c\n}",
        "a { /* c */\n}",
        "a {}}",
        "a {\n}\nb {}\n",
        "a = 1\na {}",
        "a = 1\r\n",
        "a = 1\r",
        "a = 1 # c\rd",
        "a = 1 # c",
        "\u{feff}a = 1",
        "a-b = 1",
        "a = b-c",
        "a = b - c",
        "a = !b && c || d == e != f < g <= h > i >= j + k - l * m / n % o",
    ];
    let mut tally = Tally::default();
    for text in snippets {
        tally.check("snippet", text);
    }
    tally.report("tricky snippets");
    assert!(tally.disagreements.is_empty());
}

/// Writes random, mostly valid HCL2 (a fixed xorshift stream).
struct Writer {
    state: u64,
    out: String,
}

impl Writer {
    fn next(&mut self, bound: usize) -> usize {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state % bound as u64) as usize
    }

    fn pick<'s>(&mut self, choices: &[&'s str]) -> &'s str {
        choices[self.next(choices.len())]
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Blanks between tokens: mostly a space, sometimes nothing, a comment or (where `lines`) a
    /// line break.
    fn blank(&mut self, lines: bool) {
        let choice = self.next(12);
        let s = match choice {
            0 => "",
            1 => "/* c */ ",
            2 if lines => "\n  ",
            3 if lines => " # c\n",
            4 if lines => "\r\n",
            _ => " ",
        };
        self.push(s);
    }

    fn body(&mut self, depth: usize) {
        for _ in 0..1 + self.next(3) {
            let name = self.pick(&["a", "b", "port", "task-", "é"]);
            let n = self.next(1000);
            self.push(&format!("{name}{n}"));
            if depth > 0 && self.next(2) == 0 {
                for _ in 0..self.next(3) {
                    let label = self.pick(&[" \"http\"", " \"a\\tb\"", " lbl", " \"\""]);
                    self.push(label);
                }
                if self.next(3) == 0 {
                    self.push(" { ");
                    if self.next(2) == 0 {
                        self.push("k = ");
                        self.expr(depth - 1, false);
                        self.push(" ");
                    }
                    self.push("}\n");
                } else {
                    self.push(" {\n");
                    self.body(depth - 1);
                    self.push("}\n");
                }
            } else {
                self.push(" = ");
                self.expr(depth, false);
                let end = self.pick(&["\n", " # c\n", " // c\n", "\r\n", "\n\n"]);
                self.push(end);
            }
        }
    }

    fn expr(&mut self, depth: usize, lines: bool) {
        let kinds = if depth == 0 { 6 } else { 16 };
        match self.next(kinds) {
            0 => {
                let n = self.pick(&[
                    "0",
                    "42",
                    "-1",
                    "- 7",
                    "1.5",
                    "-2.5e3",
                    "1e-3",
                    "9223372036854775807",
                    "-9223372036854775808",
                    "18446744073709551616",
                    "1.0",
                    "007",
                ]);
                self.push(n);
            }
            1 => {
                let s = self.pick(&[
                    "\"a\"",
                    "\"\"",
                    "\"a\\\"b\\\\c\\n\"",
                    "\"\\u00e9\\U0001F600\"",
                    "\"$${x} %%{y}\"",
                    "\"é ü\"",
                    "\"${a}\"",
                    "\"x${a.b[0]}y\"",
                    "\"%{ if c }d%{ else }e%{ endif }\"",
                    "\"%{ for i in l }${i},%{ endfor }\"",
                ]);
                self.push(s);
            }
            2 => {
                let s =
                    self.pick(&["null", "true", "false", "var.x", "local.y[0]", "a.*.b", "a[*].c", "NOMAD_PORT_http"]);
                self.push(s);
            }
            3 => {
                let marker = self.pick(&["EOF", "EOT"]);
                let dash = self.pick(&["", "-"]);
                self.push(&format!("<<{dash}{marker}\n"));
                for _ in 0..1 + self.next(3) {
                    let line = self.pick(&[
                        "    line\n",
                        "  ${x} y\n",
                        "    a ${b}\n",
                        "\n",
                        "      %{ if c }d%{ endif }\n",
                        "  $${e}\n",
                        "\tt\n",
                    ]);
                    self.push(line);
                }
                let close = self.pick(&["", "  ", "    "]);
                self.push(&format!("{close}{marker}"));
                if lines || self.next(2) == 0 {
                    self.push("\n");
                }
            }
            4 => {
                let op = self.pick(&["!", "-", "- "]);
                self.push(op);
                self.expr(depth.saturating_sub(1), lines);
            }
            5 => {
                let s = self.pick(&["f()", "upper(\"a\")", "p::q::f(1)", "max(1, 2)"]);
                self.push(s);
            }
            6 | 7 => {
                self.push("[");
                let n = self.next(4);
                for i in 0..n {
                    self.blank(true);
                    self.expr(depth - 1, true);
                    if i + 1 < n || self.next(2) == 0 {
                        self.push(",");
                    }
                }
                self.blank(true);
                self.push("]");
            }
            8 | 9 => {
                self.push("{");
                let n = self.next(4);
                let newline = self.next(2) == 0;
                if newline {
                    self.push("\n");
                }
                for i in 0..n {
                    let key = self.pick(&["k{}", "\"k.{}\"", "(var.k{})", "\"${x}{}\"", "null{}", "k-{}", "\"\\t{}\""]);
                    self.push(&key.replace("{}", &i.to_string()));
                    let assign = self.pick(&[" = ", ": ", "=", " :"]);
                    self.push(assign);
                    self.expr(depth - 1, false);
                    let sep = if newline { self.pick(&["\n", ",\n", " # c\n"]) } else { self.pick(&[", ", ","]) };
                    if i + 1 < n || self.next(2) == 0 {
                        self.push(sep);
                    }
                }
                self.push("}");
            }
            10 => {
                self.expr(depth - 1, lines);
                self.blank(lines);
                let op = self.pick(&["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]);
                self.push(op);
                self.blank(lines);
                self.expr(depth - 1, lines);
            }
            11 => {
                self.expr(depth - 1, lines);
                self.push(" ? ");
                self.expr(depth - 1, lines);
                self.push(" : ");
                self.expr(depth - 1, lines);
            }
            12 => {
                self.push("(");
                self.blank(true);
                self.expr(depth - 1, true);
                self.blank(true);
                self.push(")");
            }
            13 => {
                let name = self.pick(&["f", "join", "ns::g"]);
                self.push(&format!("{name}("));
                let n = self.next(3);
                for i in 0..n {
                    self.blank(true);
                    self.expr(depth - 1, true);
                    if i + 1 < n {
                        self.push(",");
                    }
                }
                let trailer = if n > 0 { self.pick(&["", ",", "..."]) } else { "" };
                self.push(trailer);
                self.blank(true);
                self.push(")");
            }
            14 => {
                if self.next(2) == 0 {
                    self.push("[for x in ");
                    self.expr(depth - 1, false);
                    self.push(" : ");
                    self.expr(depth - 1, true);
                } else {
                    self.push("{for k, v in ");
                    self.expr(depth - 1, false);
                    self.push(" : k => ");
                    self.expr(depth - 1, false);
                    let group = self.pick(&["", "...", " ..."]);
                    self.push(group);
                }
                if self.next(2) == 0 {
                    self.push(" if ");
                    self.expr(depth - 1, true);
                }
                let close =
                    if self.out.rfind("[for").unwrap_or(0) > self.out.rfind("{for").unwrap_or(0) { "]" } else { "}" };
                self.push(close);
            }
            _ => {
                self.expr(depth - 1, lines);
                let t = self.pick(&[".a", "[0]", ".*", "[*]", ".0", " .b", "[\n1\n]"]);
                self.push(t);
            }
        }
    }
}

/// Random, mostly valid jobspec-like texts, as written and with one random edit: the trees
/// must be the same (spans, values and all).
#[test]
fn random_valid_texts_agree_with_hcl_edit() {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let rounds = env("NETPLAY_DIFF_ROUNDS").unwrap_or(20_000);
    let mut writer =
        Writer { state: env("NETPLAY_DIFF_SEED").unwrap_or(0x2545_f491_4f6c_dd1d) | 1, out: String::new() };
    let mut tally = Tally::default();
    let mut edited = Tally::default();
    for _ in 0..rounds {
        writer.out.clear();
        writer.body(3);
        let text = writer.out.clone();
        tally.check("random", &text);
        crate::syntax::testing::for_each_mutation(&text, "{}[]()\"=,.:?!-*#<>\\$%~ \n\tEOF1a", 1, |t| {
            edited.check("random, edited", t)
        });
        writer.next(7);
    }
    tally.report("random texts");
    edited.report("random texts, edited");
    if std::env::var_os("NETPLAY_SHOW_REFUSED").is_some() {
        tally.places.iter().take(40).for_each(|p| eprintln!("  {p}"));
    }
    assert!(tally.same_tree * 2 > rounds as usize, "{tally:?}");
    assert!(tally.disagreements.is_empty() && edited.disagreements.is_empty());
}
