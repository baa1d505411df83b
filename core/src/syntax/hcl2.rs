//! HCL2, the language of Nomad 1.x jobspecs: the HCL2 mode of [`crate::syntax::reader`], whose
//! documentation describes the dialect.

use crate::diagnostic::Diagnostic;
use crate::source::SourceId;
use crate::syntax::Body;
use crate::syntax::reader::{Dialect, parse as read};

/// Reads `text` as HCL2 (what Nomad 1.x reads). On a syntax error returns an empty body and one
/// `Code::HclSyntax` diagnostic at the error's position.
pub fn parse(text: &str, source: SourceId) -> (Body, Vec<Diagnostic>) {
    read(text, source, Dialect::Hcl2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Severity};
    use crate::limits::MAX_NESTING as MAX_DEPTH;
    use crate::source::Span;
    use crate::syntax::testing::{at, float, int, keys, list, names, object, string};
    use crate::syntax::{Value, ValueKind};

    const ONE_LINE_HELP: &str = "a block written on one line holds at most one attribute and no blocks (HCL1 \
                                 allowed more): put each attribute and nested block on its own line";

    const COMMA_HELP: &str = "HCL2 ends an attribute or block at the end of its line; commas between them are \
                              HCL1 syntax: remove it";

    fn clean(text: &str) -> Body {
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        assert!(diagnostics.is_empty(), "{text:?}: {diagnostics:#?}");
        assert_eq!(body.span, Span::new(0, text.len()));
        body
    }

    /// The one diagnostic of `text` (the body must be empty).
    fn error(text: &str) -> Diagnostic {
        let (body, mut diagnostics) = parse(text, SourceId::Jobspec);
        assert_eq!(diagnostics.len(), 1, "{text:?}: {diagnostics:#?}");
        assert!(body.items.is_empty());
        assert_eq!(body.span, Span::new(0, text.len()));
        let d = diagnostics.remove(0);
        assert_eq!(d.severity, Severity::Error);
        d
    }

    /// The one syntax error of `text`: its message and the text it points at.
    fn syntax(text: &str) -> (String, String) {
        let d = error(text);
        assert_eq!(d.code, Code::HclSyntax, "{d:#?}");
        (d.message.clone(), at(text, d.span).to_string())
    }

    fn value_of(text: &str) -> Value {
        let body = clean(text);
        assert_eq!(body.items.len(), 1, "{body:#?}");
        body.items[0].value.clone()
    }

    fn kind_of(text: &str) -> ValueKind {
        value_of(text).kind
    }

    fn template(s: &str) -> ValueKind {
        ValueKind::Template(s.to_string())
    }

    fn expression(s: &str) -> ValueKind {
        ValueKind::Expression(s.to_string())
    }

    // ----- structure and spans ------------------------------------------------------------

    #[test]
    fn block_with_string_label() {
        let text = "port \"http\" {\n  static = 80\n}\n";
        let body = clean(text);
        let item = &body.items[0];
        assert_eq!(keys(item), ["port", "http"]);
        assert!(!item.keys[0].quoted && item.keys[1].quoted);
        assert_eq!(at(text, item.keys[0].span), "port");
        assert_eq!(at(text, item.keys[1].span), "\"http\"");
        assert!(!item.assign);
        assert_eq!(at(text, item.span), "port \"http\" {\n  static = 80\n}");
        assert_eq!(at(text, item.value.span), "{\n  static = 80\n}");
        let inner = object(item);
        assert_eq!(inner.span, item.value.span);
        let attribute = &inner.items[0];
        assert_eq!(keys(attribute), ["static"]);
        assert!(attribute.assign && !attribute.keys[0].quoted);
        assert_eq!(attribute.value.kind, int(80));
        assert_eq!(at(text, attribute.span), "static = 80");
        assert_eq!(at(text, attribute.keys[0].span), "static");
        assert_eq!(at(text, attribute.value.span), "80");
    }

    #[test]
    fn blocks_with_ident_labels_one_line_bodies_and_comments() {
        let text = "block foo \"bar\" baz /* c */ { }\nempty {}\none { a = \"x\" }\n";
        let body = clean(text);
        assert_eq!(names(&body), ["block", "empty", "one"]);
        let block = &body.items[0];
        assert_eq!(keys(block), ["block", "foo", "bar", "baz"]);
        assert_eq!(block.keys.iter().map(|k| k.quoted).collect::<Vec<_>>(), [false, false, true, false]);
        assert_eq!(at(text, block.keys[3].span), "baz");
        assert_eq!(at(text, block.value.span), "{ }");
        assert_eq!(at(text, block.span), "block foo \"bar\" baz /* c */ { }");
        assert_eq!(object(block).items, []);
        assert_eq!(at(text, body.items[1].value.span), "{}");
        let one = &body.items[2];
        assert_eq!(at(text, one.value.span), "{ a = \"x\" }");
        assert_eq!(at(text, object(one).items[0].span), "a = \"x\"");
        assert_eq!(object(one).items[0].value.kind, string("x"));
    }

    #[test]
    fn comments_are_ignored() {
        let text = "# hash\n// slashes\n/* block\n spanning */\na = 1 /* inline */ # trailing\nb {\n  # inside\n  c = 2 // end\n}\n";
        let body = clean(text);
        assert_eq!(names(&body), ["a", "b"]);
        assert_eq!(at(text, body.items[0].span), "a = 1");
        assert_eq!(names(object(&body.items[1])), ["c"]);
        assert_eq!(at(text, object(&body.items[1]).items[0].span), "c = 2");
        assert_eq!(clean("").items, []);
        assert_eq!(clean("  \n# only a comment").items, []);
        let text = "\r\na = 1\r\nb {\r\n  c = [\r\n    1,\r\n  ]\r\n}\r\n";
        let body = clean(text);
        assert_eq!(at(text, body.items[1].value.span), "{\r\n  c = [\r\n    1,\r\n  ]\r\n}");
    }

    #[test]
    fn nested_blocks_objects_and_lists() {
        let text = r#"job "web" {
  group "g" {
    task "t" {
      config {
        ports = ["http", "db"]
        labels = [{ a = 1, "b.c": true }, [null]]
        mounts = {
          type = "bind"
          "target" = "/x"
          (var.key) = 3
        }
      }
    }
  }
}
"#;
        let body = clean(text);
        let job = object(&body.items[0]);
        let group = object(&job.items[0]);
        let task = object(&group.items[0]);
        let config = object(&task.items[0]);
        assert_eq!(names(config), ["ports", "labels", "mounts"]);
        let ports = &config.items[0].value;
        assert_eq!(at(text, ports.span), r#"["http", "db"]"#);
        assert_eq!(list(ports).iter().map(|v| v.kind.clone()).collect::<Vec<_>>(), [string("http"), string("db")]);
        assert_eq!(at(text, list(ports)[1].span), "\"db\"");
        let labels = list(&config.items[1].value);
        let ValueKind::Object(first) = &labels[0].kind else { panic!("{labels:?}") };
        assert_eq!(at(text, first.span), r#"{ a = 1, "b.c": true }"#);
        assert_eq!(first.span, labels[0].span);
        assert_eq!(keys(&first.items[0]), ["a"]);
        assert!(first.items[0].assign && !first.items[0].keys[0].quoted);
        assert_eq!(at(text, first.items[0].span), "a = 1");
        assert_eq!(keys(&first.items[1]), ["b.c"]);
        assert!(first.items[1].keys[0].quoted);
        assert_eq!(at(text, first.items[1].keys[0].span), "\"b.c\"");
        assert_eq!(at(text, first.items[1].span), "\"b.c\": true");
        assert_eq!(first.items[1].value.kind, ValueKind::Bool(true));
        assert_eq!(list(&labels[1])[0].kind, ValueKind::Null);
        assert_eq!(at(text, list(&labels[1])[0].span), "null");
        let mounts = &config.items[2];
        assert!(mounts.assign);
        let mounts = object(mounts);
        assert_eq!(names(mounts), ["type", "target", "(var.key)"]);
        assert_eq!(mounts.items.iter().map(|i| i.keys[0].quoted).collect::<Vec<_>>(), [false, true, false]);
        assert_eq!(at(text, mounts.items[2].keys[0].span), "(var.key)");
        assert_eq!(at(text, mounts.items[2].span), "(var.key) = 3");
        assert_eq!(mounts.items[1].value.kind, string("/x"));
    }

    // ----- values -------------------------------------------------------------------------

    #[test]
    fn scalar_values() {
        assert_eq!(kind_of("x = null"), ValueKind::Null);
        assert_eq!(kind_of("x = true"), ValueKind::Bool(true));
        assert_eq!(kind_of("x = false"), ValueKind::Bool(false));
        assert_eq!(kind_of("x = 0"), int(0));
        assert_eq!(kind_of("x = 8080"), int(8080));
        assert_eq!(kind_of("x = 1.5"), float(1.5));
        assert_eq!(kind_of("x = 1.0"), float(1.0));
        assert_eq!(kind_of("x = 1e3"), float(1000.0));
        assert_eq!(kind_of("x = 2.5E-1"), float(0.25));
        assert_eq!(kind_of(r#"x = "a\"b\\c\n\t\u00e9\U0001F600""#), string("a\"b\\c\n\té😀"));
        assert_eq!(kind_of(r#"x = """#), string(""));
        // Escaped template markers are plain text.
        assert_eq!(kind_of(r#"x = "$${a} %%{b}""#), string("${a} %{b}"));
        let text = "x = \"é\" # ü";
        assert_eq!(at(text, value_of(text).span), "\"é\"");
    }

    #[test]
    fn negative_and_big_numbers() {
        assert_eq!(kind_of("x = -1"), int(-1));
        assert_eq!(kind_of("x = - 12"), int(-12));
        assert_eq!(kind_of("x = -1.5"), float(-1.5));
        assert_eq!(kind_of("x = -0"), int(0));
        assert_eq!(kind_of("x = --1"), int(1));
        assert_eq!(kind_of("x = 9223372036854775807"), int(i64::MAX));
        assert_eq!(kind_of("x = -9223372036854775808"), int(i64::MIN));
        assert_eq!(kind_of("x = 9223372036854775808"), float(9_223_372_036_854_775_808.0));
        assert_eq!(kind_of("x = 18446744073709551616"), float(18_446_744_073_709_551_616.0));
        assert_eq!(kind_of("x = 99999999999999999999"), float(1e20));
        assert_eq!(kind_of("x = -99999999999999999999"), float(-1e20));
        let text = "x = - 12";
        assert_eq!(at(text, value_of(text).span), "- 12");
        let text = "x = [-1, 2]";
        assert_eq!(list(&value_of(text))[0].kind, int(-1));
        assert_eq!(at(text, list(&value_of(text))[0].span), "-1");
        // Minus on anything but a number literal stays an expression.
        assert_eq!(kind_of("x = -(1)"), expression("-(1)"));
        assert_eq!(kind_of("x = -a"), expression("-a"));
        assert_eq!(kind_of("x = 1 - 2"), expression("1 - 2"));
    }

    #[test]
    fn templates_keep_their_raw_text() {
        let text = r#"x = "${lookup(var.x, "y")}-\n""#;
        let value = value_of(text);
        assert_eq!(value.kind, template(r#"${lookup(var.x, "y")}-\n"#));
        assert_eq!(at(text, value.span), r#""${lookup(var.x, "y")}-\n""#);
        assert_eq!(kind_of(r#"x = "${NOMAD_PORT_http}""#), template("${NOMAD_PORT_http}"));
        assert_eq!(
            kind_of(r#"x = "%{ if a == "b" }c%{ else }d%{ endif }""#),
            template(r#"%{ if a == "b" }c%{ else }d%{ endif }"#)
        );
        assert_eq!(kind_of(r#"x = "%{ for p in ps }${p},%{ endfor }""#), template("%{ for p in ps }${p},%{ endfor }"));
        assert_eq!(kind_of(r#"x = "$${a}${b}""#), template("$${a}${b}"));
        assert_eq!(kind_of("x = \"${ {a = 1}.a }\""), template("${ {a = 1}.a }"));
    }

    #[test]
    fn heredocs() {
        let text = "data = <<EOF\nhello\n  world\nEOF\nnext = 1\n";
        let body = clean(text);
        let value = &body.items[0].value;
        assert_eq!(value.kind, string("hello\n  world\n"));
        assert_eq!(at(text, value.span), "<<EOF\nhello\n  world\nEOF");
        assert_eq!(at(text, body.items[0].span), "data = <<EOF\nhello\n  world\nEOF");
        assert_eq!(names(&body), ["data", "next"]);

        // Interpolation: the body as written.
        let text = "data = <<EOF\nport ${NOMAD_PORT_http}\n  $${x}\nEOF\n";
        let value = value_of(text);
        assert_eq!(value.kind, template("port ${NOMAD_PORT_http}\n  $${x}\n"));
        assert_eq!(at(text, value.span), "<<EOF\nport ${NOMAD_PORT_http}\n  $${x}\nEOF");

        // `<<-` strips the smallest indentation; the closing marker may be indented.
        let text = "template {\n  data = <<-EOT\n    a\n      b\n\n    c $${d}\n    EOT\n}\n";
        let body = clean(text);
        assert_eq!(object(&body.items[0]).items[0].value.kind, string("a\n  b\n\nc ${d}\n"));
        let text = "data = <<-EOT\n    a ${x}\n      %{ if y }b%{ endif }\n    EOT\n";
        assert_eq!(kind_of(text), template("a ${x}\n  %{ if y }b%{ endif }\n"));
        // An interpolation at the start of a line leaves the indentation alone.
        let text = "data = <<-EOT\n    a\n${x}\n    EOT\n";
        assert_eq!(kind_of(text), template("    a\n${x}\n"));
        // Without `-`, indentation is kept.
        assert_eq!(kind_of("data = <<EOT\n    a\n    EOT\n"), string("    a\n"));
        assert_eq!(kind_of("data = <<EOT\nEOT\n"), string(""));

        // A heredoc as a list element and as a function argument.
        let text = "args = [<<EOF\nx\nEOF\n, \"y\"]";
        let elements = list(&value_of(text)).to_vec();
        assert_eq!(elements[0].kind, string("x\n"));
        assert_eq!(at(text, elements[0].span), "<<EOF\nx\nEOF");
        assert_eq!(elements[1].kind, string("y"));
        assert_eq!(kind_of("x = trimspace(<<EOF\nx\nEOF\n)"), expression("trimspace(<<EOF\nx\nEOF\n)"));
    }

    #[test]
    fn expressions_keep_their_source_text() {
        let cases = [
            "var.image",
            "local.ports[0].static",
            "var.list[*].name",
            "var.map.*.x",
            "upper(\"a\")",
            "format(\"%s-%d\", var.a, 1)",
            "merge(local.a, {\n    b = 1\n  })",
            "a ? b : c",
            "var.n > 1 && !var.off",
            "1 + 2 * 3",
            "!var.off",
            "(1)",
            "[for s in var.list : upper(s) if s != \"\"]",
            "{for k, v in var.map : k => v...}",
            "provider::p::f(1)",
            "NOMAD_PORT_http",
        ];
        for expr in cases {
            let text = format!("x = {expr}\n");
            let value = value_of(&text);
            assert_eq!(value.kind, expression(expr), "{text:?}");
            assert_eq!(at(&text, value.span), expr);
        }
        // Inside lists and objects too.
        let text = "x = [var.a, { b = var.c }]";
        let value = value_of(text);
        assert_eq!(list(&value)[0].kind, expression("var.a"));
        let ValueKind::Object(inner) = &list(&value)[1].kind else { panic!() };
        assert_eq!(inner.items[0].value.kind, expression("var.c"));
        assert_eq!(at(text, inner.items[0].value.span), "var.c");
        // Multi-line expressions inside brackets.
        let text = "count = (\n  var.a +\n  var.b\n)\n";
        assert_eq!(at(text, value_of(text).span), "(\n  var.a +\n  var.b\n)");
    }

    #[test]
    fn hcl2_block_types_and_multibyte_names() {
        let text = "variable \"x\" {\n  type = list(string)\n  default = []\n}\nlocals {\n  é = \"ü\"\n}\njob \"j\" {\n  dynamic \"port\" {\n    for_each = var.ports\n    content {\n      to = port.value\n    }\n  }\n}\n";
        let body = clean(text);
        assert_eq!(names(&body), ["variable", "locals", "job"]);
        let variable = object(&body.items[0]);
        assert_eq!(variable.items[0].value.kind, expression("list(string)"));
        assert_eq!(variable.items[1].value.kind, ValueKind::List(vec![]));
        assert_eq!(at(text, object(&body.items[1]).items[0].span), "é = \"ü\"");
        let dynamic = &object(&body.items[2]).items[0];
        assert_eq!(keys(dynamic), ["dynamic", "port"]);
    }

    // ----- syntax errors ------------------------------------------------------------------

    #[test]
    fn missing_closing_brace() {
        let text = "job \"x\" {\n  group \"g\" {\n    count = 1\n  }\n";
        let d = error(text);
        assert_eq!(d.code, Code::HclSyntax);
        assert_eq!(d.message, "expected `}` to close the block opened at line 1");
        assert_eq!(d.span, Span::empty(text.len()));
        assert_eq!(d.labels.len(), 1);
        assert_eq!(at(text, d.labels[0].span), "{");
        assert_eq!(d.labels[0].span.start, 8);
        assert_eq!(d.help.as_deref(), Some("add the missing `}`"));
        let (message, _) = syntax("x = {\n  a = 1\n");
        assert_eq!(message, "expected `}` to close the object opened at line 1");
        let (message, _) = syntax("x = [1,\n2");
        assert_eq!(message, "expected `]` to close the list opened at line 1");
        assert_eq!(syntax("x = f(1,"), ("expected `)` to close the function call opened at line 1".into(), "".into()));
        assert_eq!(
            syntax("x = [1, 2\n}"),
            ("expected `]` to close the list opened at line 1, found `}`".into(), "}".into())
        );
        assert_eq!(syntax("a = 1\n}"), ("unexpected `}`".into(), "}".into()));
        assert_eq!(syntax("a = 1 }"), ("unexpected `}`".into(), "}".into()));
    }

    #[test]
    fn missing_values() {
        for text in ["a = ", "a =", "a =\n", "a = # comment\n", "b {\n  a = \n}\n", "a =\nb = 2"] {
            let d = error(text);
            assert_eq!(d.message, "missing value after `=`", "{text:?}");
            assert_eq!(at(text, d.span), "=", "{text:?}");
        }
        assert_eq!(syntax("a = ]"), ("expected a value, found `]`".into(), "]".into()));
        assert_eq!(syntax("a = [1,,2]"), ("expected a value, found `,`".into(), ",".into()));
    }

    #[test]
    fn hcl1_only_syntax_is_refused() {
        // Several attributes in a one-line block.
        let text = "resources { cpu=20 memory=100 }";
        let d = error(text);
        assert_eq!(d.message, "expected `}` to close the one-line block, found `memory`");
        assert_eq!(at(text, d.span), "memory");
        assert_eq!(d.help.as_deref(), Some(ONE_LINE_HELP));
        // Commas between attributes.
        let text = "job \"x\" {\n  a = 1,\n  b = 2\n}\n";
        let d = error(text);
        assert_eq!((d.message.as_str(), d.span), ("unexpected `,`", Span::new(17, 18)));
        assert_eq!(d.help.as_deref(), Some(COMMA_HELP));
        assert_eq!(
            syntax("port \"a\" { static = 80, to = 8 }"),
            ("expected `}` to close the one-line block, found `,`".into(), ",".into())
        );
        // A block inside a one-line block, and inside an object value.
        assert_eq!(
            syntax("config { port_map { http = 80 } }"),
            ("expected `=` after `port_map`, found `{`".into(), "{".into())
        );
        assert_eq!(
            syntax("network { port \"http\" {} }"),
            ("expected `=` after `port`, found `\"http\"`".into(), "\"http\"".into())
        );
        let d = error("config = {\n  volume_options {\n    a = 1\n  }\n}\n");
        assert_eq!(d.message, "expected `=` or `:` after `volume_options`, found `{`");
        // Quoted names, `a b = 1`, repeated attributes, bare durations.
        let d = error("job \"x\" {\n  \"a\" = 1\n}");
        assert_eq!(d.message, "expected an attribute or block name, found `\"a\"`");
        assert_eq!(d.help.as_deref(), Some("HCL2 names are not quoted (HCL1 allowed it): write `a = ...`"));
        assert_eq!(syntax("a b = 1"), ("expected `{` after `a b`, found `=`".into(), "=".into()));
        assert_eq!(syntax("a = 1\na = 2"), ("`a` is set twice in the same block".into(), "a".into()));
        assert_eq!(syntax("timeout = 10s"), ("invalid number `10s`".into(), "10s".into()));
        assert_eq!(syntax("port 8080"), ("expected `=` or `{` after `port`, found `8080`".into(), "8080".into()));
        let d = error("labels {\n  com.example.a = \"x\"\n}\n");
        assert_eq!(d.message, "expected `=` or `{` after `com`, found `.`");
        assert_eq!(
            d.help.as_deref(),
            Some(
                "HCL2 names cannot contain `.` (HCL1 allowed it); in an object value, quote the key: \
                 `{ \"com.example.a\" = ... }`"
            )
        );
        let d = error("update { stagger = \"10s\"\n  max_parallel = 1\n}\n");
        assert_eq!(d.message, "expected `}` to close the one-line block, found end of line");
        assert_eq!(d.span, Span::empty(24));
    }

    #[test]
    fn lexical_errors() {
        assert_eq!(syntax("a = \"abc\nb = 1\n"), ("unterminated string".into(), "\"abc".into()));
        assert_eq!(syntax("a = \"abc"), ("unterminated string".into(), "\"abc".into()));
        assert_eq!(syntax("a = \"x\r\nb = \"y\"\r\n"), ("unterminated string".into(), "\"x".into()));
        assert_eq!(syntax("job {\n  x = \"abc\n}\n"), ("unterminated string".into(), "\"abc".into()));
        assert_eq!(syntax("a = 1\n/* open"), ("unterminated block comment".into(), "/*".into()));
        assert_eq!(syntax("a = <<EOF\nx\nEO\n"), ("unterminated heredoc".into(), "<<EOF".into()));
        assert_eq!(syntax("a = \"\\q\""), ("unknown escape sequence `\\q`".into(), "\\q".into()));
        assert_eq!(syntax("a = \"\\u12\""), ("invalid unicode escape `\\u12`".into(), "\\u12".into()));
        assert_eq!(syntax("a = 'x'"), ("unexpected character `'`".into(), "'".into()));
        assert_eq!(syntax("a = 1\n@"), ("unexpected character `@`".into(), "@".into()));
        assert_eq!(syntax("\u{feff}a = 1"), ("unexpected byte order mark (U+FEFF)".into(), "\u{feff}".into()));
        assert_eq!(
            syntax("a = \"${x\""),
            ("expected `}` to close the interpolation opened at line 1, found `\"`".into(), "\"".into())
        );
        assert_eq!(syntax("a = \"%{ if x }y\""), ("`%{ if x }` has no matching end".into(), "%{ if x }".into()));
        assert_eq!(syntax("a = \"%{ endif }\""), ("`%{ endif }` ends no directive".into(), "%{ endif }".into()));
        // With two errors, the first one counts.
        assert_eq!(syntax("a { b = \"x }\nc = 1\n"), ("unterminated string".into(), "\"x }".into()));
        let (message, _) = syntax("r { cpu = 20 memory = 100 }\n/* open");
        assert_eq!(message, "expected `}` to close the one-line block, found `memory`");
        let (message, _) = syntax("job {\n  \"a\" = 1\n");
        assert_eq!(message, "expected an attribute or block name, found `\"a\"`");
        let (message, _) = syntax("job {\n  a = {\n    b = 1\n");
        assert_eq!(message, "expected `}` to close the object opened at line 2");
        let d = error("a = \"x\\\ny\"\n");
        assert_eq!(d.message, "unknown escape sequence `\\` before U+000A");
        // A quoted string over several lines is refused even where `hcl-edit` accepts it.
        assert_eq!(syntax("a = \"x\ny\"\n"), ("unterminated string".into(), "\"x".into()));
    }

    #[test]
    fn expression_errors() {
        assert_eq!(
            syntax("x = [1 2]"),
            ("expected `]` to close the list opened at line 1, found `2`".into(), "2".into())
        );
        assert_eq!(
            syntax("x = f(a b)"),
            ("expected `)` to close the function call opened at line 1, found `b`".into(), "b".into())
        );
        assert_eq!(syntax("x = a ? b"), ("expected `:`, found end of input".into(), "".into()));
        assert_eq!(syntax("x = 1 +\n"), ("missing operand after `+`".into(), "+".into()));
        assert_eq!(
            syntax("x = a.\n"),
            ("expected an attribute name, an index or `*` after `.`, found end of line".into(), ".".into())
        );
        assert_eq!(
            syntax("x = {a = 1 b = 2}"),
            ("expected `,`, a line break or `}` after the object item, found `b`".into(), "b".into())
        );
        assert_eq!(syntax("x = {\"k\": 1, \"k\": 2}"), ("object key `\"k\"` appears twice".into(), "\"k\"".into()));
        assert_eq!(syntax("x = 1e"), ("expected the digits of the exponent, found end of input".into(), "".into()));
        assert_eq!(
            syntax("x = <<EOF x\nEOF\n"),
            ("expected a line break after the heredoc marker, found a space".into(), " ".into())
        );
        assert_eq!(syntax("{}"), ("expected an attribute or block name, found `{`".into(), "{".into()));
    }

    #[test]
    fn more_hcl1_habits_are_refused_with_a_reason() {
        // HCL1-only escapes and numbers.
        assert_eq!(syntax(r#"a = "\a""#), ("unknown escape sequence `\\a`".into(), "\\a".into()));
        assert_eq!(syntax(r#"a = "\x41""#), ("unknown escape sequence `\\x`".into(), "\\x".into()));
        assert_eq!(syntax(r#"a = "\101""#), ("unknown escape sequence `\\1`".into(), "\\1".into()));
        assert_eq!(syntax(r#"a = "\/""#), ("unknown escape sequence `\\/`".into(), "\\/".into()));
        assert_eq!(syntax("mode = 0x1F"), ("invalid number `0x1F`".into(), "0x1F".into()));
        // A leading zero is no octal prefix in HCL2: the number is decimal.
        assert_eq!(kind_of("mode = 0755"), int(755));
        // The first place an attribute was set is labelled.
        let text = "a = 1\nb = 2\na = 3\n";
        let d = error(text);
        assert_eq!((d.message.as_str(), at(text, d.span)), ("`a` is set twice in the same block", "a"));
        assert_eq!(
            (d.span.start, d.labels[0].span, d.labels[0].message.as_str()),
            (12, Span::new(0, 1), "first set here")
        );
        // A multi-line block closes on a line of its own.
        assert_eq!(syntax("job {\n  a = 1 }\n"), ("expected a line break, found `}`".into(), "}".into()));
        assert_eq!(syntax("a {}\nb {} c {}\n"), ("expected a line break, found `c`".into(), "c".into()));
        // A label is a plain string.
        assert_eq!(syntax("job \"${x}\" {\n}\n"), ("block label \"${x}\" holds a template".into(), "\"${x}\"".into()));
    }

    #[test]
    fn hcl2_only_syntax_is_accepted() {
        let body = clean("a-b = c-d\ne = {f: null, \"g\": 1}\n");
        assert_eq!(keys(&body.items[0]), ["a-b"]);
        assert_eq!(body.items[0].value.kind, expression("c-d"));
        let ValueKind::Object(e) = &body.items[1].value.kind else { panic!("{body:?}") };
        assert_eq!(names(e), ["f", "g"]);
        assert_eq!(e.items[0].value.kind, ValueKind::Null);
    }

    #[test]
    fn template_directive_errors() {
        assert_eq!(
            syntax("a = \"%{ if x }y%{ endfor }\""),
            ("expected `%{ endif }` to close `%{ if x }`, found `%{ endfor }`".into(), "%{ endfor }".into())
        );
        assert_eq!(syntax("a = \"%{ foo }\""), ("`%{ foo }` is not a template directive".into(), "%{ foo }".into()));
        assert_eq!(
            syntax("a = \"%{ if x }y\"\nb = 1\n"),
            ("`%{ if x }` has no matching end".into(), "%{ if x }".into())
        );
        assert_eq!(
            syntax("a = <<EOF\n%{ for x in y }\nEOF\n"),
            ("`%{ for x in y }` has no matching end".into(), "%{ for x in y }".into())
        );
        assert_eq!(
            syntax("a = \"${x y}\""),
            ("expected `}` to close the interpolation opened at line 1, found `y`".into(), "y".into())
        );
    }

    #[test]
    fn where_hcl_edit_is_not_followed() {
        // A heredoc whose first line is its marker is empty, even if the marker comes again.
        let body = clean("a = <<EOF\nEOF\nb = <<EOF\nx\nEOF\n");
        assert_eq!(names(&body), ["a", "b"]);
        assert_eq!(body.items[0].value.kind, string(""));
        // `<<-` strips nothing when a literal line is not indented.
        assert_eq!(kind_of("x = <<-EOT\n    a ${x}\nb\nEOT\n"), template("    a ${x}\nb\n"));
        // Deeper nesting than `hcl-edit` reads, and long operator chains.
        clean(&format!("x = {}{}", "[".repeat(100), "]".repeat(100)));
        clean(&format!("x = {}1", "1 + ".repeat(1000)));
    }

    // ----- limits -------------------------------------------------------------------------

    #[test]
    fn nesting_limit() {
        let lists = |levels: usize| format!("x = {}{}", "[".repeat(levels), "]".repeat(levels));
        let blocks = |levels: usize| format!("{}{}", "a {\n".repeat(levels), "}\n".repeat(levels));
        clean(&lists(MAX_DEPTH));
        clean(&blocks(MAX_DEPTH));
        let text = lists(MAX_DEPTH + 1);
        let d = error(&text);
        assert_eq!((d.code, d.message.as_str()), (Code::LimitExceeded, "nesting deeper than 128 levels"));
        assert_eq!(d.span, Span::new(4 + MAX_DEPTH, 5 + MAX_DEPTH));
        assert_eq!(d.help.as_deref(), Some("netplay stops reading the jobspec here"));
        assert_eq!(error(&blocks(MAX_DEPTH + 1)).code, Code::LimitExceeded);
        // Unary operators and conditionals nest too.
        assert_eq!(error(&format!("x = {}a", "!".repeat(MAX_DEPTH + 1))).code, Code::LimitExceeded);
        clean(&format!("x = {}a", "!".repeat(MAX_DEPTH)));
        clean(&format!("x = [{}]", "!a, ".repeat(1000)));
        clean(&format!("x = [{}]", "-1, a - 1, ".repeat(1000)));
        clean(&format!("x = {}", "a ? b : ".repeat(MAX_DEPTH / 2) + "c"));
    }

    /// Openers that nest, repeated far beyond the limit.
    const DEEP: [&str; 21] = [
        "[",
        "{",
        "a {\n",
        "x = {a = ",
        "(",
        "x = [",
        "x = (",
        "x = f([",
        "x = \"${",
        "x = - ",
        "x = !",
        "x = a ? b : ",
        "x = a[",
        "x = [for x in ",
        "x = {for x in ",
        "x = \"%{ if a }",
        "x = <<EOF\n${",
        "x = \"%{ for a in b }",
        "x = \"${\"${",
        "x = [\"${[",
        "x = a ? [",
    ];

    #[test]
    fn deep_input_reports_once_without_overflowing_the_stack() {
        // A thread with half the stack of a test thread (and of the 1 MiB wasm stack), in a
        // debug build: recursion is bounded by the nesting limit.
        let run = || {
            for open in DEEP {
                let text = open.repeat(100_000);
                let (body, diagnostics) = parse(&text, SourceId::Jobspec);
                assert_eq!(diagnostics.len(), 1, "{open}");
                assert!(body.items.is_empty());
                // Just below the limit, closed or not, it reads to the end.
                let text = open.repeat(MAX_DEPTH - 2);
                let (_, diagnostics) = parse(&text, SourceId::Jobspec);
                assert!(diagnostics.iter().all(|d| d.code == Code::HclSyntax), "{open}: {diagnostics:?}");
            }
        };
        let thread = std::thread::Builder::new().stack_size(1 << 20).spawn(run).expect("thread");
        assert!(thread.join().is_ok());
    }

    #[test]
    fn pathological_inputs_run_in_linear_time() {
        let inputs = [
            "\"${".repeat(50_000),
            "x = <<EOF\n".to_string() + &"EOFX\n".repeat(50_000),
            "a = 1\n".repeat(50_000),
            "/*".repeat(50_000),
            "x = [".to_string() + &"1,".repeat(100_000) + "]",
            "x = ".to_string() + &"a.".repeat(100_000) + "b",
            "x = \"".to_string() + &"\\n".repeat(100_000) + "\"",
            "x = ".to_string() + &"1 + ".repeat(100_000) + "1",
            "a b c d ".repeat(50_000),
            "x = {".to_string() + &"a = 1, ".repeat(50_000) + "}",
        ];
        for text in inputs {
            let start = std::time::Instant::now();
            let _ = parse(&text, SourceId::Jobspec);
            assert!(start.elapsed() < std::time::Duration::from_secs(10), "{:?}", &text[..20]);
        }
    }

    // ----- robustness ---------------------------------------------------------------------

    const JOBSPEC: &str = crate::syntax::testing::HCL2_JOBSPEC;

    /// Parses `text` and checks what must hold for any input: spans inside the text and on
    /// character boundaries, an empty body with exactly one diagnostic on error, messages in
    /// style.
    fn check(text: &str) {
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        crate::syntax::testing::assert_spans_inside(text, &crate::syntax::testing::all_spans(&body, &diagnostics));
        assert!(diagnostics.len() <= 1, "{text:?}: {diagnostics:#?}");
        for d in &diagnostics {
            assert!(body.items.is_empty());
            assert!(matches!(d.code, Code::HclSyntax | Code::LimitExceeded), "{d:?}");
            let first = d.message.chars().next().unwrap_or('.');
            assert!(!first.is_uppercase() && !d.message.ends_with('.') && !d.message.contains('\n'), "{d:?}");
        }
    }

    #[test]
    fn realistic_jobspec_is_clean() {
        let body = clean(JOBSPEC);
        assert_eq!(names(&body), ["variable", "locals", "job"]);
        let job = object(&body.items[2]);
        let group = object(job.last_named("group").expect("group"));
        assert_eq!(group.items[0].value.kind, expression("var.count > 0 ? var.count : 3"));
        let network = object(group.last_named("network").expect("network"));
        assert_eq!(keys(&network.items[2]), ["port", "https"]);
        assert_eq!(object(&network.items[2]).items[0].value.kind, int(443));
        let task = object(group.last_named("task").expect("task"));
        let config = object(task.last_named("config").expect("config"));
        let args = list(&config.items[2].value);
        assert_eq!(args[1].kind, template("${NOMAD_TASK_DIR}/nginx.conf"));
        assert_eq!((args[2].kind.clone(), args[3].kind.clone()), (int(-1), float(2.5)));
        let labels = object(&config.items[3]);
        assert_eq!(names(labels), ["com.example/app", "tier"]);
        let env = object(task.last_named("env").expect("env"));
        assert_eq!(env.items[0].value.kind, string("éé\""));
        let template_block = object(task.last_named("template").expect("template"));
        assert_eq!(
            template_block.items[0].value.kind,
            template("server { listen {{ env \"NOMAD_PORT_http\" }}; }\n%{ for p in local.ports }${p} %{ endfor }\n")
        );
    }

    #[test]
    fn every_prefix_and_mutation_terminates_without_panic() {
        crate::syntax::testing::for_each_cut(JOBSPEC, check);
        // Deterministic pseudo-random edits: insert, delete and replace characters.
        crate::syntax::testing::for_each_mutation(
            JOBSPEC,
            "{}[]()\"'=,.:?!+-*/#<>\\$%@~ \n\tEOF0x9éa_\u{feff}",
            3000,
            check,
        );
    }

    // ----- real jobspecs ------------------------------------------------------------------

    /// Differences between the HCL1 and the HCL2 tree of one text.
    #[derive(Default)]
    struct Differences {
        /// Item names, keys or counts that differ.
        structure: Vec<String>,
        /// Number, bool or string values (as HCL1 reads them) that differ.
        values: Vec<String>,
        /// Heredocs `<<EOF` whose closing marker is indented: HCL1 keeps the marker's indentation
        /// at the end of the text, HCL2 does not.
        heredoc_indentation: Vec<String>,
        /// Spans that differ.
        spans: Vec<String>,
    }

    fn line_col(text: &str, offset: usize) -> String {
        let index = crate::source::LineIndex::new(text);
        let p = index.position(offset);
        format!("{}:{}", p.line, p.column)
    }

    fn compare_bodies(text: &str, path: &str, one: &Body, two: &Body, out: &mut Differences) {
        if one.span != two.span {
            out.spans.push(format!("{path}: body {:?} vs {:?}", at(text, one.span), at(text, two.span)));
        }
        if one.items.len() != two.items.len() {
            out.structure.push(format!("{path}: {:?} vs {:?}", names(one), names(two)));
            return;
        }
        for (a, b) in one.items.iter().zip(&two.items) {
            let path = format!("{path}/{}", keys(a).join(" "));
            if keys(a) != keys(b) {
                out.structure.push(format!("{path}: keys {:?} vs {:?}", keys(a), keys(b)));
                continue;
            }
            if a.assign != b.assign {
                out.structure.push(format!("{path}: assign {} vs {}", a.assign, b.assign));
            }
            if a.span != b.span || a.keys.iter().zip(&b.keys).any(|(x, y)| x.span != y.span || x.quoted != y.quoted) {
                out.spans.push(format!(
                    "{path} at {}: item {:?} vs {:?}",
                    line_col(text, a.span.start),
                    at(text, a.span),
                    at(text, b.span)
                ));
            }
            compare_values(text, &path, &a.value, &b.value, out);
        }
    }

    fn compare_values(text: &str, path: &str, a: &Value, b: &Value, out: &mut Differences) {
        if a.span != b.span {
            out.spans.push(format!(
                "{path} at {}: value {:?} vs {:?}",
                line_col(text, a.span.start),
                at(text, a.span),
                at(text, b.span)
            ));
        }
        match (&a.kind, &b.kind) {
            (ValueKind::Object(x), ValueKind::Object(y)) => compare_bodies(text, path, x, y, out),
            (ValueKind::List(x), ValueKind::List(y)) if x.len() == y.len() => {
                for (i, (x, y)) in x.iter().zip(y).enumerate() {
                    compare_values(text, &format!("{path}[{i}]"), x, y, out);
                }
            }
            (ValueKind::List(x), ValueKind::List(y)) => {
                out.structure.push(format!("{path}: {} vs {} list elements", x.len(), y.len()));
            }
            (ValueKind::String(x), ValueKind::String(y))
                if at(text, a.span).starts_with("<<")
                    && x.strip_prefix(y.as_str())
                        .is_some_and(|rest| !rest.is_empty() && rest.trim_matches([' ', '\t']).is_empty()) =>
            {
                out.heredoc_indentation.push(format!("{path} at {}", line_col(text, a.span.start)));
            }
            (ValueKind::Number(_) | ValueKind::Bool(_) | ValueKind::String(_), _) if a.kind != b.kind => {
                out.values.push(format!("{path} at {}: {:?} vs {:?}", line_col(text, a.span.start), a.kind, b.kind));
            }
            (ValueKind::Object(_) | ValueKind::List(_), _) | (_, ValueKind::Object(_) | ValueKind::List(_)) => {
                out.structure.push(format!("{path}: {} vs {}", a.kind.type_name(), b.kind.type_name()));
            }
            _ => {}
        }
    }

    /// Every real-world jobspec of the shared corpus (skipped when it is absent): the files not
    /// marked HCL1-only parse cleanly; where both readers parse a file cleanly, the trees agree.
    #[test]
    fn real_world_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
        let Ok(index) = std::fs::read_to_string(dir.join("INDEX.tsv")) else {
            eprintln!("skipped: no corpus at {}", dir.display());
            return;
        };
        let (mut files, mut rejected, mut accepted, mut compared) = (0, Vec::new(), Vec::new(), 0);
        let mut differences = Differences::default();
        for line in index.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let (Some(file), Some(hcl1_only)) = (columns.first(), columns.get(7)) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
                continue;
            };
            files += 1;
            check(&text);
            let (body, diagnostics) = parse(&text, SourceId::Jobspec);
            match (*hcl1_only, diagnostics.first()) {
                ("y", Some(d)) => rejected.push(format!("{file}:{}: {}", line_col(&text, d.span.start), d.message)),
                ("y", None) => accepted.push(file.to_string()),
                (_, d) => assert!(d.is_none(), "{file}: {diagnostics:#?}"),
            }
            let (hcl1, hcl1_diagnostics) = crate::syntax::hcl1::parse(&text, SourceId::Jobspec);
            if diagnostics.is_empty() && hcl1_diagnostics.is_empty() {
                compared += 1;
                compare_bodies(&text, file, &hcl1, &body, &mut differences);
            }
        }
        eprintln!("{files} files; HCL1-only files rejected: {}, accepted: {}", rejected.len(), accepted.len());
        rejected.iter().for_each(|r| eprintln!("  rejected {r}"));
        accepted.iter().for_each(|a| eprintln!("  accepted {a}"));
        eprintln!("{compared} files read cleanly by both readers");
        for (what, list) in [
            ("structure", &differences.structure),
            ("value", &differences.values),
            ("span", &differences.spans),
            ("heredoc marker indentation", &differences.heredoc_indentation),
        ] {
            eprintln!("{} {what} differences", list.len());
            list.iter().for_each(|d| eprintln!("  {d}"));
        }
        assert!(differences.structure.is_empty() && differences.values.is_empty() && differences.spans.is_empty());
    }

    mod fuzz {
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn arbitrary_hcl_like_text(text in "[a-z0-9 {}\\[\\]()\"'=,.:?!+*/#<>\\\\$%~\n\t-]{0,80}") {
                super::check(&text);
            }

            #[test]
            fn arbitrary_unicode(text in any::<String>()) {
                super::check(&text);
            }
        }
    }
}
