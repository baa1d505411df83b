//! Test support shared by the readers' tests: tree accessors, deterministic random edits of a
//! text, and span checks.

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::{Body, Item, Number, Value, ValueKind};

/// Calls `check` on every prefix and every suffix of `text` (cut at character boundaries).
pub(crate) fn for_each_cut(text: &str, mut check: impl FnMut(&str)) {
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        check(&text[..end]);
        check(&text[end..]);
    }
}

/// Calls `check` on `rounds` texts made from `text` by 1 to 4 random insertions, deletions and
/// replacements of characters from `alphabet` (a fixed xorshift stream: the same every run).
pub(crate) fn for_each_mutation(text: &str, alphabet: &str, rounds: usize, mut check: impl FnMut(&str)) {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    for _ in 0..rounds {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + next(4) {
            let at = next(chars.len() + 1);
            match next(3) {
                0 => chars.insert(at, alphabet[next(alphabet.len())]),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = alphabet[next(alphabet.len())],
                _ => {}
            }
        }
        check(&chars.into_iter().collect::<String>());
    }
}

/// Every span in a tree and its diagnostics, for checks that hold whatever the input.
pub(crate) fn all_spans(body: &Body, diagnostics: &[Diagnostic]) -> Vec<Span> {
    fn walk(body: &Body, spans: &mut Vec<Span>) {
        spans.push(body.span);
        for item in &body.items {
            spans.push(item.span);
            spans.extend(item.keys.iter().map(|k| k.span));
            value(&item.value, spans);
        }
    }
    fn value(v: &Value, spans: &mut Vec<Span>) {
        spans.push(v.span);
        match &v.kind {
            ValueKind::List(values) => values.iter().for_each(|v| value(v, spans)),
            ValueKind::Object(body) => walk(body, spans),
            _ => {}
        }
    }
    let mut spans = Vec::new();
    walk(body, &mut spans);
    for d in diagnostics {
        spans.push(d.span);
        spans.extend(d.labels.iter().map(|l| l.span));
    }
    spans
}

/// Asserts that every span lies inside `text` and on character boundaries.
pub(crate) fn assert_spans_inside(text: &str, spans: &[Span]) {
    for span in spans {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {text:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?} in {text:?}");
    }
}

/// The text a span covers.
pub(crate) fn at(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// The body of a block or object item.
pub(crate) fn object(item: &Item) -> &Body {
    item.body().expect("an object")
}

/// An item's keys as text.
pub(crate) fn keys(item: &Item) -> Vec<&str> {
    item.keys.iter().map(|k| k.text.as_str()).collect()
}

/// The names of a body's items.
pub(crate) fn names(body: &Body) -> Vec<&str> {
    body.items.iter().map(Item::name).collect()
}

/// A string value.
pub(crate) fn string(s: &str) -> ValueKind {
    ValueKind::String(s.to_string())
}

/// An integer value.
pub(crate) fn int(n: i64) -> ValueKind {
    ValueKind::Number(Number::Int(n))
}

/// The elements of a list value.
pub(crate) fn list(value: &Value) -> &[Value] {
    match &value.kind {
        ValueKind::List(values) => values,
        other => panic!("not a list: {other:?}"),
    }
}

/// A realistic Nomad 1.x jobspec using most of HCL2's syntax.
pub(crate) const HCL2_JOBSPEC: &str = r#"# A realistic Nomad 1.x jobspec.
variable "image" {
  type    = string
  default = "nginx:1.25"
}

variable "count" {
  type    = number
  default = 2
}

locals {
  ports = ["http", "https"]
}

job "web" {
  datacenters = ["dc1", "dc2"]
  type        = "service"
  priority    = 50

  update {
    max_parallel = 1
    stagger      = "10s"
  }

  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }

  group "frontend" {
    count = var.count > 0 ? var.count : 3

    network {
      mode = "bridge"
      port "http" {
        to = 80
      }
      port "https" { static = 443 }
    }

    task "nginx" {
      driver = "docker"

      config {
        image = var.image
        ports = local.ports
        args  = ["-c", "${NOMAD_TASK_DIR}/nginx.conf", -1, 2.5]
        labels = {
          "com.example/app" = "web"
          tier              = upper("front")
        }
      }

      env {
        A = "é\u00e9\""
      }

      template {
        data        = <<-EOT
          server { listen {{ env "NOMAD_PORT_http" }}; }
          %{ for p in local.ports }${p} %{ endfor }
        EOT
        destination = "local/nginx.conf"
      }

      resources {
        cpu    = 500 /* MHz */
        memory = 256
      }
    }
  }
}
"#;
