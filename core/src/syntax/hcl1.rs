//! HCL1, the language of Nomad 0.2 jobspecs and of netplay's node inventory: the HCL1 mode of
//! [`crate::syntax::reader`], whose documentation describes the dialect.

use crate::diagnostic::Diagnostic;
use crate::source::SourceId;
use crate::syntax::Body;
use crate::syntax::reader::{Dialect, parse as read};

/// Reads `text` as HCL1. Returns the items parsed (everything before the first syntax error,
/// when there is one) and the diagnostics.
pub fn parse(text: &str, source: SourceId) -> (Body, Vec<Diagnostic>) {
    read(text, source, Dialect::Hcl1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Severity};
    use crate::source::Span;
    use crate::syntax::reader::parser::{MAX_DEPTH, MAX_HCL2_LABELS};
    use crate::syntax::testing::{at, int, keys, list, names, object, string};
    use crate::syntax::{Number, Value, ValueKind};

    fn clean(text: &str) -> Body {
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        assert!(diagnostics.is_empty(), "{text:?}: {diagnostics:#?}");
        assert_eq!(body.span, Span::new(0, text.len()));
        body
    }

    /// The one diagnostic of `text`, with the partial body.
    fn one_error(text: &str) -> (Body, Diagnostic) {
        let (body, mut diagnostics) = parse(text, SourceId::Jobspec);
        assert_eq!(diagnostics.len(), 1, "{text:?}: {diagnostics:#?}");
        let d = diagnostics.remove(0);
        assert_eq!(d.severity, Severity::Error);
        (body, d)
    }

    fn value_of(text: &str) -> Value {
        let body = clean(text);
        assert_eq!(body.items.len(), 1);
        body.items[0].value.clone()
    }

    // ----- structure and spans -------------------------------------------------------------

    #[test]
    fn block_with_label() {
        let text = "port \"http\" { static = 80 }";
        let body = clean(text);
        let item = &body.items[0];
        assert_eq!(keys(item), ["port", "http"]);
        assert!(!item.keys[0].quoted && item.keys[1].quoted);
        assert_eq!(at(text, item.keys[1].span), "\"http\"");
        assert!(!item.assign);
        assert_eq!(at(text, item.span), text);
        assert_eq!(at(text, item.value.span), "{ static = 80 }");
        let inner = object(item);
        assert_eq!(inner.span, item.value.span);
        assert_eq!(inner.items[0].value.kind, int(80));
        assert!(inner.items[0].assign);
        assert_eq!(at(text, inner.items[0].span), "static = 80");
        assert_eq!(at(text, inner.items[0].value.span), "80");
    }

    #[test]
    fn attribute_holding_an_object() {
        let text = "port_map = {\n  a = 1\n}\n";
        let body = clean(text);
        let item = &body.items[0];
        assert_eq!(keys(item), ["port_map"]);
        assert!(item.assign);
        assert_eq!(at(text, item.span), "port_map = {\n  a = 1\n}");
        assert_eq!(at(text, object(item).span), "{\n  a = 1\n}");
        assert_eq!(object(item).items[0].value.kind, int(1));
    }

    #[test]
    fn keys_idents_strings_and_dots() {
        let text = "a b \"c\" { }\n\"rules\" = 1\ncom.example-x.y_1 = \"y\"\n\"a\\tb\" = 2";
        let body = clean(text);
        assert_eq!(keys(&body.items[0]), ["a", "b", "c"]);
        assert_eq!(object(&body.items[0]).items, []);
        assert_eq!(at(text, object(&body.items[0]).span), "{ }");
        assert_eq!(keys(&body.items[1]), ["rules"]);
        assert_eq!(at(text, body.items[1].keys[0].span), "\"rules\"");
        assert_eq!(keys(&body.items[2]), ["com.example-x.y_1"]);
        assert_eq!(keys(&body.items[3]), ["a\tb"]);
    }

    #[test]
    fn items_need_no_separator() {
        let body = clean("resources { cpu=20 memory=100 }");
        let inner = object(&body.items[0]);
        assert_eq!(names(inner), ["cpu", "memory"]);
        assert_eq!(inner.items[1].value.kind, int(100));

        let text = "resources { network { port \"a\" {} port \"b\" { static=8080 } } }";
        let body = clean(text);
        let network = object(&object(&body.items[0]).items[0]);
        assert_eq!(network.items.len(), 2);
        assert_eq!(keys(&network.items[1]), ["port", "b"]);
        assert_eq!(at(text, network.items[0].span), "port \"a\" {}");
        assert_eq!(object(&network.items[1]).items[0].value.kind, int(8080));

        let body = clean("env { A=\"1\", B=\"2\", }\nx = 1,\ny = 2");
        assert_eq!(names(object(&body.items[0])), ["A", "B"]);
        assert_eq!(object(&body.items[0]).items[1].value.kind, string("2"));
        assert_eq!(names(&body), ["env", "x", "y"]);
    }

    #[test]
    fn comments() {
        let text = "# hash\n// slashes\n/* block\n spanning */ a = 1 /* inline */ # trailing\nb = 2 // end";
        let body = clean(text);
        assert_eq!(names(&body), ["a", "b"]);
        assert_eq!(at(text, body.items[0].span), "a = 1");
        clean("");
        clean("   \n# only a comment");
    }

    #[test]
    fn file_span_is_the_whole_text() {
        let text = "\n\n a = 1 \n\n";
        assert_eq!(clean(text).span, Span::new(0, text.len()));
    }

    // ----- values -------------------------------------------------------------------------

    #[test]
    fn scalar_values() {
        assert_eq!(value_of("x = \"a\\\"b\\\\c\\n\\u00e9\"").kind, string("a\"b\\c\né"));
        assert_eq!(value_of("x = true").kind, ValueKind::Bool(true));
        assert_eq!(value_of("x = false").kind, ValueKind::Bool(false));
        assert_eq!(value_of("x = -1").kind, int(-1));
        assert_eq!(value_of("x = 0x1F").kind, int(31));
        assert_eq!(value_of("x = 0755").kind, int(493));
        assert_eq!(value_of("x = 1.5").kind, ValueKind::Number(Number::Float(1.5)));
        assert_eq!(value_of("x = 1e3").kind, ValueKind::Number(Number::Float(1000.0)));
        assert_eq!(value_of("x = 99999999999999999999").kind, ValueKind::Number(Number::Float(1e20)));
        let text = "x = -12";
        assert_eq!(at(text, value_of(text).span), "-12");
        // A literal may start on the line after `=`.
        assert_eq!(value_of("x =\n  \"a\"").kind, string("a"));
    }

    #[test]
    fn templates_keep_their_raw_text() {
        let text = r#"x = "${lookup(var.x, "y")}-\n""#;
        let value = value_of(text);
        assert_eq!(value.kind, ValueKind::Template(r#"${lookup(var.x, "y")}-\n"#.to_string()));
        assert_eq!(at(text, value.span), r#""${lookup(var.x, "y")}-\n""#);
        let value = value_of("x = \"${a({\n\"}\"})}\"");
        assert_eq!(value.kind, ValueKind::Template("${a({\n\"}\"})}".to_string()));
        // Template directives are plain text to HCL1.
        assert_eq!(value_of("x = \"%{ if a }b%{ endif }\"").kind, string("%{ if a }b%{ endif }"));
        assert_eq!(value_of("x = \"$${a}\"").kind, ValueKind::Template("$${a}".to_string()));
    }

    #[test]
    fn heredoc_values() {
        let text = "data = <<EOF\nhello ${NOMAD_PORT_http}\n  world\nEOF\nnext = 1\n";
        let body = clean(text);
        let value = &body.items[0].value;
        assert_eq!(value.kind, ValueKind::Template("hello ${NOMAD_PORT_http}\n  world\n".to_string()));
        assert_eq!(at(text, value.span), "<<EOF\nhello ${NOMAD_PORT_http}\n  world\nEOF");
        assert_eq!(at(text, body.items[0].span), "data = <<EOF\nhello ${NOMAD_PORT_http}\n  world\nEOF");
        assert_eq!(names(&body), ["data", "next"]);

        let text = "template {\n  data = <<-EOT\n    a\n      b\n    EOT\n}\n";
        let body = clean(text);
        assert_eq!(object(&body.items[0]).items[0].value.kind, string("a\n  b\n"));
        // A heredoc as a list element.
        let text = "args = [<<EOF\nx\nEOF\n, \"y\"]";
        let value = value_of(text);
        let elements = list(&value);
        assert_eq!(elements[0].kind, string("x\n"));
        assert_eq!(at(text, elements[0].span), "<<EOF\nx\nEOF");
        assert_eq!(elements[1].kind, string("y"));
    }

    #[test]
    fn lists() {
        let text = "ports = [\n  \"http\",\n  \"db\", # comment\n]";
        let value = value_of(text);
        let elements = list(&value);
        assert_eq!(elements.iter().map(|v| v.kind.clone()).collect::<Vec<_>>(), [string("http"), string("db")]);
        assert_eq!(at(text, elements[1].span), "\"db\"");
        assert_eq!(at(text, value.span), &text[8..]);

        let text = "x = [{a=1},{b=2}, [1, [true]], []]";
        let value = value_of(text);
        let elements = list(&value);
        assert_eq!(elements.len(), 4);
        let ValueKind::Object(first) = &elements[0].kind else { panic!("{elements:?}") };
        assert_eq!(at(text, first.span), "{a=1}");
        assert_eq!(first.items[0].value.kind, int(1));
        let inner = list(&elements[2]);
        assert_eq!(at(text, inner[1].span), "[true]");
        assert_eq!(list(&inner[1])[0].kind, ValueKind::Bool(true));
        assert_eq!(elements[3].kind, ValueKind::List(vec![]));
        // As in HCL1: stray commas are ignored and nested lists need no comma.
        assert_eq!(list(&value_of("x = [1,,2,]")).len(), 2);
        assert_eq!(list(&value_of("x = [[1] [2]]")).len(), 2);
    }

    #[test]
    fn hcl2_block_types_are_plain_hcl1() {
        let body = clean("variable \"x\" {}\nlocals {\n  a = \"b\"\n}\ndynamic \"port\" {\n  content {}\n}\n");
        assert_eq!(names(&body), ["variable", "locals", "dynamic"]);
    }

    // ----- HCL2 ---------------------------------------------------------------------------

    /// The single diagnostic of `text`, which must be an HCL2 one.
    fn hcl2(text: &str) -> (Diagnostic, Body) {
        let (body, d) = one_error(text);
        assert_eq!(d.code, Code::Hcl2Syntax, "{d:#?}");
        (d, body)
    }

    #[test]
    fn hcl2_reference() {
        let text = "config {\n  image = var.image\n  port = 1\n}\n";
        let (d, body) = hcl2(text);
        assert_eq!(at(text, d.span), "var.image");
        assert_eq!(d.message, "`var.image` is an HCL2 expression");
        assert_eq!(
            d.help.as_deref(),
            Some(
                "Nomad 0.2 reads jobspecs as HCL1, where values are literals: strings, numbers, booleans, lists and \
                 objects. Quote it as `\"${var.image}\"` or choose Nomad 1.x"
            )
        );
        // Reading went on after the expression.
        let config = object(&body.items[0]);
        assert_eq!(names(config), ["image", "port"]);
        assert_eq!(config.items[0].value.kind, ValueKind::Expression("var.image".to_string()));
        assert_eq!(at(text, config.items[0].span), "image = var.image");
        assert_eq!(config.items[1].value.kind, int(1));
    }

    #[test]
    fn hcl2_expressions_of_all_kinds() {
        let cases = [
            ("count = local.n\n", "local.n", "`local.n` is an HCL2 expression"),
            ("x = upper(\"a\")\n", "upper(\"a\")", "`upper(\"a\")` is an HCL2 expression"),
            ("x = a ? b : c\n", "a ? b : c", "`a ? b : c` is an HCL2 expression"),
            ("x = true ? 1 : 2\n", "true ? 1 : 2", "`true ? 1 : 2` is an HCL2 expression"),
            ("x = 1 + 2\n", "1 + 2", "`1 + 2` is an HCL2 expression"),
            ("x = 3 -1\n", "3 -1", "`3 -1` is an HCL2 expression"),
            ("x = 2 >= 1 && true\n", "2 >= 1 && true", "`2 >= 1 && true` is an HCL2 expression"),
            ("x = \"a\" == \"b\"\n", "\"a\" == \"b\"", "`\"a\" == \"b\"` is an HCL2 expression"),
            ("x = var.list[0]\n", "var.list[0]", "`var.list[0]` is an HCL2 expression"),
            ("x = [1, 2][0]\n", "[1, 2][0]", "`[1, 2][0]` is an HCL2 expression"),
            ("x = var.a[*].id\n", "var.a[*].id", "`var.a[*].id` is an HCL2 expression"),
            ("x = var.a.*.id\n", "var.a.*.id", "`var.a.*.id` is an HCL2 expression"),
            ("x = {a = 1}.a\n", "{a = 1}.a", "`{a = 1}.a` is an HCL2 expression"),
            ("x = !var.on\n", "!var.on", "`!var.on` is an HCL2 expression"),
            ("x = -var.n\n", "-var.n", "`-var.n` is an HCL2 expression"),
            ("x = (1)\n", "(1)", "`(1)` is an HCL2 expression"),
            (
                "x = [for s in var.l : upper(s)]\n",
                "[for s in var.l : upper(s)]",
                "`[for s in var.l : upper(s)]` is an HCL2 `for` expression",
            ),
            (
                "x = {for k, v in var.m : k => v}\n",
                "{for k, v in var.m : k => v}",
                "`{for k, v in var.m : k => v}` is an HCL2 `for` expression",
            ),
            (
                "x = { for s in var.l : s => 1 }\n",
                "{ for s in var.l : s => 1 }",
                "`{ for s in var.l : s => 1 }` is an HCL2 `for` expression",
            ),
            ("x = null\n", "null", "`null` is an HCL2 value"),
            ("type = string\n", "string", "`string` is an HCL2 type constraint"),
            ("type = map(string)\n", "map(string)", "`map(string)` is an HCL2 type constraint"),
            (
                "x = merge(\n  var.a,\n  { b = 1 },\n)\n",
                "merge(\n  var.a,\n  { b = 1 },\n)",
                "`merge(...` is an HCL2 expression",
            ),
        ];
        for (text, span, message) in cases {
            let (d, body) = hcl2(text);
            assert_eq!((at(text, d.span), d.message.as_str()), (span, message), "{text:?}");
            assert_eq!(body.items.len(), 1, "{text:?}");
            assert_eq!(body.items[0].value.span, d.span, "{text:?}");
            let expected = if span == "null" { ValueKind::Null } else { ValueKind::Expression(span.to_string()) };
            assert_eq!(body.items[0].value.kind, expected, "{text:?}");
        }
    }

    #[test]
    fn hcl2_help_only_suggests_quoting_references_and_calls() {
        let (d, _) = hcl2("x = 1 + 2");
        assert!(d.help.as_deref().is_some_and(|h| h.ends_with("Write the value itself or choose Nomad 1.x")));
        let (d, _) = hcl2("x = null");
        assert_eq!(
            d.help.as_deref(),
            Some("HCL1 has no null: leave the attribute out to get its default or choose Nomad 1.x")
        );
        // The node inventory is netplay's own format: no Nomad version to switch to.
        let (_, diagnostics) = parse("cidr = var.cidr\n", SourceId::Nodes);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some(
                "netplay reads the node inventory as HCL1, where values are literals: strings, numbers, booleans, \
                 lists and objects. Quote it as `\"${var.cidr}\"`"
            )
        );
        assert_eq!(diagnostics[0].source, SourceId::Nodes);
    }

    #[test]
    fn hcl2_in_lists_and_nested_values() {
        let text = "x = [var.a, \"b\", local.c]\ny = 2\n";
        let (d, body) = hcl2(text);
        assert_eq!(at(text, d.span), "var.a");
        assert_eq!(d.labels.len(), 1);
        assert_eq!(at(text, d.labels[0].span), "local.c");
        assert_eq!(d.labels[0].message, "`local.c` is HCL2 too");
        assert_eq!(list(&body.items[0].value)[1].kind, string("b"));
        assert_eq!(names(&body), ["x", "y"]);
        // Inside a list an expression may span lines.
        let text = "x = [\n  var.a\n  + 1,\n]";
        let (d, _) = hcl2(text);
        assert_eq!(at(text, d.span), "var.a\n  + 1");
        // It ends at a comma or brace of the enclosing object.
        let text = "env { A = var.a, B = \"b\" }";
        let (d, body) = hcl2(text);
        assert_eq!(at(text, d.span), "var.a");
        assert_eq!(names(object(&body.items[0])), ["A", "B"]);
    }

    #[test]
    fn later_hcl2_expressions_become_labels() {
        let mut text = String::new();
        for i in 0..MAX_HCL2_LABELS + 3 {
            text.push_str(&format!("a{i} = var.v{i}\n"));
        }
        let (d, body) = hcl2(&text);
        assert_eq!(d.message, "`var.v0` is an HCL2 expression");
        assert_eq!(d.labels.len(), MAX_HCL2_LABELS);
        assert!(d.help.as_deref().is_some_and(|h| h.ends_with("; 2 more HCL2 expressions are not marked")), "{d:?}");
        assert_eq!(body.items.len(), MAX_HCL2_LABELS + 3);
    }

    #[test]
    fn hcl2_object_colons_and_directives() {
        let text = "targets = {\n  \"1\": \"zpool\"\n  \"2\" = \"x\"\n}\n";
        let (d, body) = hcl2(text);
        assert_eq!(d.message, "`:` between a key and its value is HCL2 syntax");
        assert_eq!(at(text, d.span), ":");
        let inner = object(&body.items[0]);
        assert_eq!(inner.items[0].value.kind, string("zpool"));
        assert!(inner.items[0].assign);
        assert_eq!(names(inner), ["1", "2"]);

        let text = "name = \"%{ if var.n != \"\" }${var.n}%{ else }x%{ endif }\"\nb = 1\n";
        let (d, body) = hcl2(text);
        assert_eq!(at(text, d.span), "\"%{ if var.n != \"\" }${var.n}%{ else }x%{ endif }\"");
        assert!(d.message.ends_with("` uses an HCL2 template directive with quotes inside"), "{}", d.message);
        assert_eq!(names(&body), ["name", "b"]);
    }

    #[test]
    fn hcl2_recovery_still_stops_at_syntax_errors() {
        let text = "a = var.x\nb = \"open\n";
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::Hcl2Syntax, Code::HclSyntax]);
        assert_eq!(names(&body), ["a"]);
        let (_, d) = one_error("x = foo(1, 2");
        assert_eq!(d.message, "expected `)` to close the parenthesis opened at line 1");
        assert_eq!(d.span, Span::empty(12));
        assert_eq!(at("x = foo(1, 2", d.labels[0].span), "(");
    }

    // ----- syntax errors ------------------------------------------------------------------

    fn syntax_error(text: &str) -> (Body, Diagnostic) {
        let (body, d) = one_error(text);
        assert_eq!(d.code, Code::HclSyntax, "{d:#?}");
        (body, d)
    }

    #[test]
    fn unterminated_string() {
        let text = "job \"a\" {\n  x = 1\n  image = \"redis:7\n  y = 2\n}\n";
        let (body, d) = syntax_error(text);
        assert_eq!(d.message, "unterminated string");
        assert_eq!(at(text, d.span), "\"redis:7");
        // The block is kept with the items before the error.
        let job = &body.items[0];
        assert_eq!(names(object(job)), ["x"]);
        assert_eq!(at(text, job.span), "job \"a\" {\n  x = 1");
        assert_eq!(at(text, object(job).span), "{\n  x = 1");
    }

    #[test]
    fn unclosed_brace() {
        let text = "a = 1\njob \"x\" {\n  group \"g\" {\n  }\n";
        let (body, d) = syntax_error(text);
        assert_eq!(d.message, "expected `}` to close the block opened at line 2");
        assert_eq!(d.span, Span::empty(text.len()));
        assert_eq!(d.labels.len(), 1);
        assert_eq!(at(text, d.labels[0].span), "{");
        assert_eq!(d.labels[0].span.start, 14);
        assert_eq!(d.labels[0].message, "block opened here");
        assert_eq!(names(&body), ["a", "job"]);
        assert_eq!(names(object(&body.items[1])), ["group"]);

        let (_, d) = syntax_error("x = {\n a = 1");
        assert_eq!(d.message, "expected `}` to close the object opened at line 1");
        let (_, d) = syntax_error("x = [1,\n2");
        assert_eq!(d.message, "expected `]` to close the list opened at line 1");
        assert_eq!(d.labels[0].message, "list opened here");
        // A wrong closing bracket is reported where it stands.
        let (_, d) = syntax_error("x = [1, 2\n}");
        assert_eq!(
            (d.message.as_str(), d.span),
            ("expected `]` to close the list opened at line 1, found `}`", Span::new(10, 11))
        );
        let (body, d) = syntax_error("a {\n  b {\n    c = 1\n  ]\n}");
        assert_eq!(
            (d.message.as_str(), d.span),
            ("expected `}` to close the block opened at line 2, found `]`", Span::new(22, 23))
        );
        assert_eq!(d.labels[0].span, Span::new(8, 9));
        assert_eq!(names(object(&object(&body.items[0]).items[0])), ["c"]);
    }

    #[test]
    fn unexpected_tokens() {
        let (_, d) = syntax_error("port 8080");
        assert_eq!(d.message, "expected `=` or `{` after `port`, found `8080`");
        assert_eq!(d.span, Span::new(5, 9));
        assert_eq!(d.help.as_deref(), Some("write `port = value` or a block `port { ... }`"));
        let (_, d) = syntax_error("port \"http\"\n}");
        assert_eq!(d.message, "expected `=` or `{` after `port \"http\"`, found `}`");
        let (_, d) = syntax_error("port");
        assert_eq!(
            (d.message.as_str(), d.span),
            ("expected `=` or `{` after `port`, found end of input", Span::empty(4))
        );
        let (_, d) = syntax_error("a b = 1");
        assert_eq!((d.message.as_str(), d.span), ("expected `{` after `a b`, found `=`", Span::new(4, 5)));
        let (_, d) = syntax_error("a = 1 }");
        assert_eq!((d.message.as_str(), d.span), ("unexpected `}`", Span::new(6, 7)));
        let (_, d) = syntax_error("a = 1\n@");
        assert_eq!((d.message.as_str(), d.span), ("unexpected character `@`", Span::new(6, 7)));
        let (_, d) = syntax_error("a = @");
        assert_eq!(d.message, "unexpected character `@`");
        let (_, d) = syntax_error("a = 'x'");
        assert_eq!(d.help.as_deref(), Some("HCL strings use double quotes: `\"...\"`"));
        let (_, d) = syntax_error("\u{feff}a = 1");
        assert_eq!((d.message.as_str(), d.span), ("unexpected byte order mark (U+FEFF)", Span::new(0, 3)));
        let (_, d) = syntax_error("a = 1,,");
        assert_eq!(d.message, "expected a key, found `,`");
        let (_, d) = syntax_error("{}");
        assert_eq!(d.message, "expected a key, found `{`");
        let (_, d) = syntax_error("true = 1");
        assert_eq!(d.message, "`true` cannot be a key");
        let (_, d) = syntax_error("x = [1 2]");
        assert_eq!(
            (d.message.as_str(), d.span),
            ("expected `,` or `]` after a list element, found `2`", Span::new(7, 8))
        );
        let (_, d) = syntax_error("x = [a = 1]");
        assert_eq!(d.message, "expected a value, found `a`");
        let (_, d) = syntax_error("x = )");
        assert_eq!(d.message, "expected a value, found `)`");
        for text in ["x = -", "x = -\n1", "x = ! }"] {
            let (_, d) = syntax_error(text);
            assert_eq!(d.message, "expected a value, found `-`".replace('-', &text[4..5]), "{text:?}");
        }
    }

    #[test]
    fn missing_values() {
        for text in ["a =", "a =\n", "a = }", "b { a = }", "a = ,", "a =\nb = 2", "a = ]"] {
            let (_, d) = syntax_error(text);
            assert_eq!(d.message, "missing value after `=`", "{text:?}");
            assert_eq!(at(text, d.span), "=", "{text:?}");
        }
    }

    #[test]
    fn bare_words_are_strings_without_quotes() {
        let text = "driver = docker\n";
        let (body, d) = syntax_error(text);
        assert_eq!(d.message, "expected a value, found `docker`");
        assert_eq!(d.help.as_deref(), Some("strings need double quotes: `\"docker\"`"));
        assert_eq!(at(text, d.span), "docker");
        assert!(body.items.is_empty());
        let text = "command = echo hello\n";
        let (_, d) = syntax_error(text);
        assert_eq!(d.message, "expected a value, found `echo hello`");
        assert_eq!(d.help.as_deref(), Some("strings need double quotes: `\"echo hello\"`"));
        let (_, d) = syntax_error("x = [a, \"b\"]");
        assert_eq!(d.message, "expected a value, found `a`");
    }

    #[test]
    fn lexical_errors_surface() {
        let (_, d) = syntax_error("a = 1\n/* open");
        assert_eq!((d.message.as_str(), d.span), ("unterminated block comment", Span::new(6, 8)));
        let (_, d) = syntax_error("a = \"\\q\"");
        assert_eq!(d.message, "unknown escape sequence `\\q`");
        let (_, d) = syntax_error("a = <<EOF\nx\n");
        assert_eq!(d.message, "unterminated heredoc");
        let (_, d) = syntax_error("timeout = 10s");
        assert_eq!(d.message, "invalid number `10s`");
        let (_, d) = syntax_error("x = [1, \"a]\n");
        assert_eq!(d.message, "unterminated string");
        let (_, d) = syntax_error("x = foo(\"a)\n");
        assert_eq!(d.message, "unterminated string");
    }

    #[test]
    fn spans_of_multibyte_text() {
        let text = "é = \"ü\" # ß\nb = [\"😀\"]";
        let body = clean(text);
        assert_eq!(keys(&body.items[0]), ["é"]);
        assert_eq!(at(text, body.items[0].span), "é = \"ü\"");
        let text = "a = \"é\nb";
        let (_, d) = syntax_error(text);
        assert_eq!(at(text, d.span), "\"é");
        let (_, d) = syntax_error("a = ü");
        assert_eq!(d.message, "expected a value, found `ü`");
        let (_, d) = syntax_error("a = \u{a0}");
        assert_eq!(d.message, "unexpected character U+00A0");
    }

    // ----- limits -------------------------------------------------------------------------

    #[test]
    fn nesting_limit() {
        let lists = |levels: usize| format!("x = {}{}", "[".repeat(levels), "]".repeat(levels));
        let blocks = |levels: usize| format!("{}{}", "a {".repeat(levels), "}".repeat(levels));
        clean(&lists(MAX_DEPTH));
        clean(&blocks(MAX_DEPTH));
        let text = lists(MAX_DEPTH + 1);
        let (body, d) = one_error(&text);
        assert_eq!((d.code, d.message.as_str()), (Code::LimitExceeded, "nesting deeper than 128 levels"));
        assert_eq!(d.span, Span::new(4 + MAX_DEPTH, 5 + MAX_DEPTH));
        assert!(body.items.is_empty());
        let text = blocks(MAX_DEPTH + 1);
        let (body, d) = one_error(&text);
        assert_eq!((d.code, d.span), (Code::LimitExceeded, Span::new(2 + 3 * MAX_DEPTH, 3 + 3 * MAX_DEPTH)));
        assert_eq!(body.items.len(), 1);
        // Parentheses of an HCL2 expression count too.
        let text = format!("x = {}{}", "f(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        let (_, diagnostics) = parse(&text, SourceId::Jobspec);
        assert_eq!(diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::LimitExceeded]);
        // Far deeper input neither overflows the stack nor reports more than once.
        for open in ["[", "{", "a {", "x = {a = ", "(", "x = [", "x = (", "x = f(["] {
            let text = open.repeat(200_000);
            let (_, diagnostics) = parse(&text, SourceId::Jobspec);
            assert_eq!(diagnostics.iter().filter(|d| d.code != Code::Hcl2Syntax).count(), 1, "{open}");
        }
    }

    #[test]
    fn pathological_inputs_run_in_linear_time() {
        let inputs = [
            "\"${".repeat(50_000),
            "\"${{".repeat(50_000) + "\"",
            "x = <<EOF\n".to_string() + &"EOFX\n".repeat(50_000),
            "a = 1 ".repeat(50_000),
            "/*".repeat(50_000),
            "x = [".to_string() + &"1,".repeat(100_000) + "]",
            "a b c d ".repeat(50_000),
            "x = var.a ".repeat(50_000),
            "x = \"".to_string() + &"\\n".repeat(100_000) + "\"",
        ];
        for text in inputs {
            let start = std::time::Instant::now();
            let _ = parse(&text, SourceId::Jobspec);
            assert!(start.elapsed() < std::time::Duration::from_secs(10), "{:?}", &text[..20]);
        }
    }

    // ----- robustness ---------------------------------------------------------------------

    const JOBSPEC: &str = r#"# A realistic Nomad 0.2 jobspec.
job "web" {
  region = "global"
  datacenters = ["dc1", "dc2",]
  type = "service"
  priority = 50
  update { stagger = "10s" max_parallel = 1 }
  constraint {
    attribute = "${attr.kernel.name}"
    value = "linux"
  }
  group "frontend" {
    count = 0x3
    restart { attempts = 10, interval = "5m", delay = "25s", mode = "delay" }
    task "nginx" {
      driver = "docker"
      config = {
        image = "nginx:1.9"
        port_map = { http = 80 }
        args = [ "-c", "${NOMAD_TASK_DIR}/nginx.conf", <<EOF
daemon off;
EOF
        ]
      }
      env { "A.B" = "1", C = "é\u00e9\"" }
      template {
        data = <<-EOT
          server { listen {{ env "NOMAD_PORT_http" }}; }
          EOT
      }
      resources {
        cpu = 500 /* MHz */ memory = 256
        network {
          mbits = 10.5
          port "http" {}
          port "https" { static = 443 }
        }
      }
    }
  }
}
"#;

    /// Parses `text` and checks what must hold for any input: spans inside the text and on
    /// character boundaries, at most one error besides the HCL2 one, messages in style.
    fn check(text: &str) {
        let (body, diagnostics) = parse(text, SourceId::Jobspec);
        crate::syntax::testing::assert_spans_inside(text, &crate::syntax::testing::all_spans(&body, &diagnostics));
        for d in &diagnostics {
            assert!(!d.message.is_empty() && !d.message.ends_with('.'), "{d:?}");
        }
        assert!(diagnostics.iter().filter(|d| d.code != Code::Hcl2Syntax).count() <= 1, "{text:?}: {diagnostics:#?}");
        assert!(diagnostics.iter().filter(|d| d.code == Code::Hcl2Syntax).count() <= 1);
    }

    #[test]
    fn realistic_jobspec_is_clean() {
        let body = clean(JOBSPEC);
        let job = object(&body.items[0]);
        let group = object(job.last_named("group").expect("group"));
        assert_eq!(group.items[0].value.kind, int(3));
        let task = object(group.last_named("task").expect("task"));
        let config = task.last_named("config").expect("config");
        assert!(config.assign);
        assert_eq!(list(&object(config).items[2].value)[2].kind, string("daemon off;\n"));
        let env = object(task.last_named("env").expect("env"));
        assert_eq!(env.items[1].value.kind, string("éé\""));
        let template = object(task.last_named("template").expect("template"));
        assert_eq!(template.items[0].value.kind, string("server { listen {{ env \"NOMAD_PORT_http\" }}; }\n"));
    }

    #[test]
    fn every_prefix_and_mutation_terminates_without_panic() {
        crate::syntax::testing::for_each_cut(JOBSPEC, check);
        // Deterministic pseudo-random edits: insert, delete and replace characters.
        crate::syntax::testing::for_each_mutation(
            JOBSPEC,
            "{}[]()\"'=,.:?!+-*/#<>\\$%@ \n\tEOF0x9éa_\u{feff}",
            3000,
            check,
        );
    }

    mod fuzz {
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn arbitrary_hcl_like_text(text in "[a-z0-9 {}\\[\\]()\"'=,.:?!+*/#<>\\\\$%\n\t-]{0,80}") {
                super::check(&text);
            }

            #[test]
            fn arbitrary_unicode(text in any::<String>()) {
                super::check(&text);
            }
        }
    }

    // ----- real jobspecs ------------------------------------------------------------------

    /// Every real-world jobspec of the shared corpus (ignored when it is absent, see
    /// `core/build.rs`): no panic, no HCL2 error in a file marked HCL1-only, and syntax errors
    /// only in the two files whose braces do not balance.
    #[test]
    #[cfg_attr(not(netplay_corpus), ignore = "needs the real-world corpus in ../shared/corpus/real-world")]
    fn real_world_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
        let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("the corpus has INDEX.tsv");
        let broken =
            ["angrycub-examples__consul__add_check__e1.nomad", "angrycub-examples__task_deps__sidecar__example.nomad"];
        for line in index.lines().skip(1) {
            let columns: Vec<&str> = line.split('\t').collect();
            let (Some(file), Some(hcl1_only)) = (columns.first(), columns.get(7)) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
                continue;
            };
            check(&text);
            let (_, diagnostics) = parse(&text, SourceId::Jobspec);
            let syntax = diagnostics.iter().any(|d| d.code == Code::HclSyntax);
            assert_eq!(syntax, broken.contains(file), "{file}: {diagnostics:#?}");
            if *hcl1_only == "y" {
                assert!(diagnostics.iter().all(|d| d.code != Code::Hcl2Syntax), "{file}: {diagnostics:#?}");
            }
        }
    }
}
