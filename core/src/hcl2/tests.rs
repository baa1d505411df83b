//! Reading and evaluating HCL2 jobspecs: variables, locals, functions, dynamic blocks and
//! runtime references, checked on the tree the decoders see.

use super::*;
use crate::diagnostic::Severity;

fn inputs(args: &[(&str, &str)]) -> VariableInputs {
    VariableInputs {
        args: args.iter().map(|(n, v)| VarArg { name: n.to_string(), value: v.to_string() }).collect(),
        ..VariableInputs::default()
    }
}

/// Reads `text` with `vars`; returns the tree and the diagnostics.
fn read_with(text: &str, vars: &VariableInputs) -> (Body, Vec<Diagnostic>, Vec<VariableReport>) {
    let mut diags = Diagnostics::new();
    let read = read(text, SourceId::Jobspec, &Inputs { variables: Some(vars), files: None, seed: 1 }, &mut diags)
        .unwrap_or_default();
    (read.body, diags.into_vec(), read.variables)
}

/// Follows `path` (item names) down the tree and returns the last item's value.
fn at<'b>(body: &'b Body, path: &[&str]) -> &'b ValueKind {
    let mut body = body;
    for (i, name) in path.iter().enumerate() {
        let item =
            body.items.iter().find(|it| it.name() == *name).unwrap_or_else(|| panic!("no `{name}` in {body:#?}"));
        if i + 1 == path.len() {
            return &item.value.kind;
        }
        body = item.body().unwrap_or_else(|| panic!("`{name}` is not a block"));
    }
    unreachable!("empty path")
}

fn messages(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.message.clone()).collect()
}

const COUNT_JOB: &str = r#"
variable "count" {
  type    = number
  default = 3
}

job "web" {
  group "app" {
    count = var.count
  }
}
"#;

#[test]
fn a_default_is_used_and_an_argument_wins_over_it() {
    let (body, diags, vars) = read_with(COUNT_JOB, &VariableInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(at(&body, &["job", "group", "count"]), &ValueKind::Number(Number::Int(3)));
    assert_eq!(vars[0].source, Some(ValueSource::Default));
    assert_eq!(vars[0].value.as_deref(), Some("3"));

    let (body, diags, vars) = read_with(COUNT_JOB, &inputs(&[("count", "5")]));
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(at(&body, &["job", "group", "count"]), &ValueKind::Number(Number::Int(5)));
    assert_eq!(vars[0].source, Some(ValueSource::Argument));
    assert_eq!(vars[0].uses.len(), 1);
    let use_span = vars[0].uses[0];
    assert_eq!(&COUNT_JOB[use_span.start..use_span.end], "var.count");
}

#[test]
fn precedence_is_argument_over_file_over_environment_over_default() {
    let file = VarFile { name: "prod.vars".into(), text: "count = 7\n".into() };
    let env = vec![VarArg { name: "count".into(), value: "6".into() }];
    let all = VariableInputs { args: inputs(&[("count", "8")]).args, files: vec![file.clone()], env: env.clone() };
    let cases = [
        (VariableInputs { env: env.clone(), ..VariableInputs::default() }, 6, ValueSource::Env),
        (
            VariableInputs { env: env.clone(), files: vec![file.clone()], ..VariableInputs::default() },
            7,
            ValueSource::VarFile { file: "prod.vars".into() },
        ),
        (all, 8, ValueSource::Argument),
    ];
    for (given, expected, source) in cases {
        let (body, diags, vars) = read_with(COUNT_JOB, &given);
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(at(&body, &["job", "group", "count"]), &ValueKind::Number(Number::Int(expected)));
        assert_eq!(vars[0].source, Some(source));
    }
}

#[test]
fn the_last_argument_for_a_name_wins() {
    let (body, _, _) = read_with(COUNT_JOB, &inputs(&[("count", "5"), ("count", "9")]));
    assert_eq!(at(&body, &["job", "group", "count"]), &ValueKind::Number(Number::Int(9)));
}

#[test]
fn an_unset_variable_is_nomads_error_at_its_declaration() {
    let text = "variable \"port\" {\n  type = number\n}\njob \"x\" {\n  group \"g\" {\n    count = var.port\n  }\n}\n";
    let (_, diags, _) = read_with(text, &VariableInputs::default());
    assert_eq!(messages(&diags), ["Unset variable \"port\""], "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.code, Code::UnsetVariable);
    assert_eq!(&text[d.span.start..d.span.end], "variable \"port\"");
}

#[test]
fn a_value_of_the_wrong_type_is_refused() {
    let (_, diags, _) = read_with(COUNT_JOB, &inputs(&[("count", "abc")]));
    assert_eq!(messages(&diags), ["Invalid argument value for -var variable"], "{diags:#?}");
    assert!(diags[0].help.as_deref().unwrap_or("").contains("not compatible with the variable's type constraint"));
}

#[test]
fn an_invalid_default_and_a_duplicate_are_reported() {
    let text = "variable \"a\" {\n  type = number\n  default = \"x\"\n}\nvariable \"a\" {}\njob \"j\" {}\n";
    let (_, diags, _) = read_with(text, &VariableInputs::default());
    let found = messages(&diags);
    assert!(found.contains(&"Invalid default value for variable".to_string()), "{found:?}");
    assert!(found.contains(&"Duplicate variable".to_string()), "{found:?}");
}

#[test]
fn a_value_for_an_undeclared_variable_is_an_error_as_with_nomads_strict_cli() {
    let (_, diags, _) = read_with(COUNT_JOB, &inputs(&[("cuont", "2")]));
    assert_eq!(messages(&diags), ["Undefined -var variable"]);
    assert_eq!(diags[0].severity, Severity::Error);
    let file = VarFile { name: "v.hcl".into(), text: "\nnope = 1\n".into() };
    let (_, diags, _) = read_with(COUNT_JOB, &VariableInputs { files: vec![file], ..VariableInputs::default() });
    assert_eq!(messages(&diags), ["Undefined variable"]);
    assert_eq!(diags[0].source, SourceId::VarFile(0));
    assert_eq!(diags[0].span, Span::new(1, 5));
}

#[test]
fn environment_values_for_unknown_names_are_skipped() {
    let env = vec![VarArg { name: "other".into(), value: "1".into() }];
    let (_, diags, _) = read_with(COUNT_JOB, &VariableInputs { env, ..VariableInputs::default() });
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn validation_rules_run_with_their_message() {
    let text = r#"
variable "port" {
  type    = number
  default = 80
  validation {
    condition     = var.port > 1024
    error_message = "The port must be above 1024."
  }
}
job "j" {}
"#;
    let (_, diags, _) = read_with(text, &VariableInputs::default());
    assert_eq!(messages(&diags), ["Invalid value for default variable"], "{diags:#?}");
    assert_eq!(diags[0].help.as_deref(), Some("The port must be above 1024."));
    let (_, diags, _) = read_with(text, &inputs(&[("port", "8080")]));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn locals_refer_to_variables_and_each_other_in_any_order() {
    let text = r#"
locals {
  http = local.base + 1
}
locals {
  base = var.base
}
variable "base" {
  default = 9000
}
job "j" {
  group "g" {
    network {
      port "http" {
        static = local.http
      }
    }
  }
}
"#;
    let (body, diags, _) = read_with(text, &VariableInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(at(&body, &["job", "group", "network", "port", "static"]), &ValueKind::Number(Number::Int(9001)));
}

#[test]
fn circular_locals_are_an_error_not_a_hang() {
    let text = "locals {\n  a = local.b\n  b = local.a\n}\njob \"j\" {}\n";
    let (_, diags, _) = read_with(text, &VariableInputs::default());
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(diags.iter().all(|d| d.code == Code::EvalError));
}

#[test]
fn runtime_interpolation_stays_literal() {
    let text = r#"
job "j" {
  group "g" {
    task "t" {
      env {
        ADDR = "${NOMAD_ADDR_http}"
        KERNEL = "${attr.kernel.name}-${meta.rack}"
        HOST = "${node.unique.name}"
        X = "${env["X"]}"
      }
    }
  }
}
"#;
    let (body, diags, _) = read_with(text, &VariableInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    let env = ["job", "group", "task", "env"];
    let get = |k: &str| {
        let mut p = env.to_vec();
        p.push(k);
        at(&body, &p).clone()
    };
    assert_eq!(get("ADDR"), ValueKind::Template("${NOMAD_ADDR_http}".into()));
    assert_eq!(get("KERNEL"), ValueKind::Template("${attr.kernel.name}-${meta.rack}".into()));
    assert_eq!(get("HOST"), ValueKind::Template("${node.unique.name}".into()));
    assert_eq!(get("X"), ValueKind::Template(r#"${env["X"]}"#.into()));
}

#[test]
fn dynamic_blocks_expand_with_labels_and_spans_at_the_dynamic_block() {
    let text = r#"
variable "ports" {
  default = { http = 8080, admin = 9000 }
}
job "j" {
  group "g" {
    network {
      dynamic "port" {
        for_each = var.ports
        labels   = [port.key]
        content {
          static = port.value
        }
      }
    }
  }
}
"#;
    let (body, diags, _) = read_with(text, &VariableInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    let ValueKind::Object(network) = at(&body, &["job", "group", "network"]) else { panic!("network") };
    let ports: Vec<(String, ValueKind)> = network
        .items
        .iter()
        .map(|p| {
            assert_eq!(p.name(), "port");
            assert_eq!(&text[p.keys[0].span.start..p.keys[0].span.end], "dynamic \"port\"");
            (p.labels()[0].text.clone(), at(p.body().expect("body"), &["static"]).clone())
        })
        .collect();
    assert_eq!(
        ports,
        [
            ("admin".to_string(), ValueKind::Number(Number::Int(9000))),
            ("http".to_string(), ValueKind::Number(Number::Int(8080)))
        ]
    );
}

#[test]
fn dynamic_blocks_over_lists_with_an_iterator_name() {
    let text = r#"
job "j" {
  group "g" {
    network {
      dynamic "port" {
        for_each = ["a", "b", "c"]
        iterator = p
        labels   = [p.value]
        content {
          to = 8000 + p.key
        }
      }
    }
  }
}
"#;
    let (body, diags, _) = read_with(text, &VariableInputs::default());
    assert!(diags.is_empty(), "{diags:#?}");
    let ValueKind::Object(network) = at(&body, &["job", "group", "network"]) else { panic!("network") };
    let tos: Vec<ValueKind> = network.items.iter().map(|p| at(p.body().expect("body"), &["to"]).clone()).collect();
    assert_eq!(tos, [8000, 8001, 8002].map(|n| ValueKind::Number(Number::Int(n))));
}

#[test]
fn a_huge_dynamic_block_is_a_limit_not_a_hang() {
    let text = "job \"j\" {\n  dynamic \"group\" {\n    for_each = range(1000000)\n    content {}\n  }\n}\n";
    let mut diags = Diagnostics::new();
    let inputs = Inputs::default();
    let _ = read(text, SourceId::Jobspec, &inputs, &mut diags);
    let diags = diags.into_vec();
    assert!(diags.iter().any(|d| d.code == Code::LimitExceeded || d.code == Code::EvalError), "{diags:#?}");
}

#[test]
fn literals_keep_their_own_spans() {
    let text = "job \"j\" {\n  datacenters = [\"dc1\", \"dc2\"]\n}\n";
    let (body, _, _) = read_with(text, &VariableInputs::default());
    let ValueKind::List(values) = at(&body, &["job", "datacenters"]) else { panic!("list") };
    assert_eq!(&text[values[1].span.start..values[1].span.end], "\"dc2\"");
}

#[test]
fn syntax_errors_are_one_diagnostic_at_hcl_edits_position() {
    let text = "job \"j\" {\n  count = \n}\n";
    let mut diags = Diagnostics::new();
    assert!(read(text, SourceId::Jobspec, &Inputs::default(), &mut diags).is_none());
    let diags = diags.into_vec();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::HclSyntax);
    assert!(diags[0].span.start >= 18, "{diags:#?}");
}

#[test]
fn an_unknown_function_is_nomads_error() {
    let text = "job \"j\" {\n  region = nope(1)\n}\n";
    let (_, diags, _) = read_with(text, &VariableInputs::default());
    assert_eq!(messages(&diags), ["Call to unknown function"]);
    assert_eq!(&text[diags[0].span.start..diags[0].span.end], "nope(1)");
}
