//! Nomad's HCL2 language rules (spec §5.1, `jobspec2/`), through the façade: variables and their
//! precedence, Nomad's error texts, locals, functions, `dynamic` blocks, literal runtime
//! references and the schema check. Each case states what `nomad job run` does.

use netplay_core::{Analysis, Code, NomadVersion, Options, VarArg, VarFile, VariableInputs, analyze};

const NODES: &str = "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr   = \"10.0.0.10/32\"\n  }\n}\n";

fn run(job: &str, variables: VariableInputs) -> Analysis {
    analyze(job, NODES, &Options { nomad: NomadVersion::V1, variables, ..Options::default() })
}

fn args(pairs: &[(&str, &str)]) -> Vec<VarArg> {
    pairs.iter().map(|(n, v)| VarArg { name: n.to_string(), value: v.to_string() }).collect()
}

fn env_of(a: &Analysis, name: &str) -> Option<String> {
    a.placements.first()?.tasks.first()?.env.iter().find(|v| v.name == name).map(|v| v.value.clone())
}

fn errors(a: &Analysis) -> Vec<(Code, String)> {
    a.diagnostics.iter().filter(|d| d.is_error()).map(|d| (d.code, d.message.clone())).collect()
}

/// A job whose static port and count come from variables.
fn job(extra: &str) -> String {
    format!(
        r#"variable "port" {{
  type    = number
  default = 8000
}}
{extra}
job "web" {{
  group "app" {{
    network {{
      port "http" {{
        static = var.port
      }}
    }}
    task "server" {{
      driver = "exec"
      config {{
        command = "/bin/server"
      }}
    }}
  }}
}}
"#
    )
}

#[test]
fn spec_5_1_values_come_from_var_over_var_file_over_env_over_default() {
    let j = job("");
    let file = VarFile { name: "v.hcl".into(), text: "port = 8002\n".into() };
    let env = args(&[("port", "8001")]);
    let cases: [(VariableInputs, &str); 4] = [
        (VariableInputs::default(), "8000"),
        (VariableInputs { env: env.clone(), ..Default::default() }, "8001"),
        (VariableInputs { env: env.clone(), files: vec![file.clone()], ..Default::default() }, "8002"),
        (VariableInputs { env, files: vec![file], args: args(&[("port", "8003")]) }, "8003"),
    ];
    for (inputs, expected) in cases {
        let a = run(&j, inputs);
        assert!(errors(&a).is_empty(), "{:#?}", a.diagnostics);
        assert_eq!(env_of(&a, "NOMAD_PORT_http").as_deref(), Some(expected));
    }
}

#[test]
fn spec_5_1_error_texts() {
    let unset = "variable \"port\" {\n  type = number\n}\njob \"j\" {\n}\n";
    assert!(
        errors(&run(unset, VariableInputs::default()))
            .contains(&(Code::UnsetVariable, "Unset variable \"port\"".into()))
    );
    let j = job("");
    let bad = run(&j, VariableInputs { args: args(&[("port", "abc")]), ..Default::default() });
    assert_eq!(errors(&bad), [(Code::BadVariable, "Invalid argument value for -var variable".to_string())]);
    let from_env = run(&j, VariableInputs { env: args(&[("port", "abc")]), ..Default::default() });
    assert_eq!(errors(&from_env), [(Code::BadVariable, "Invalid value for variable".to_string())]);
    let bad_default = job("variable \"n\" {\n  type = number\n  default = \"x\"\n}\n");
    assert!(
        errors(&run(&bad_default, VariableInputs::default()))
            .contains(&(Code::BadVariable, "Invalid default value for variable".into()))
    );
    let duplicate = job("variable \"port\" {\n  default = 1\n}\n");
    assert!(
        errors(&run(&duplicate, VariableInputs::default()))
            .contains(&(Code::DuplicateVariable, "Duplicate variable".into()))
    );
    let undefined = run(&j, VariableInputs { args: args(&[("prot", "1")]), ..Default::default() });
    assert_eq!(errors(&undefined), [(Code::UndefinedVariable, "Undefined -var variable".to_string())]);
    let file = VarFile { name: "v.hcl".into(), text: "prot = 1\n".into() };
    let undefined = run(&j, VariableInputs { files: vec![file], ..Default::default() });
    assert_eq!(errors(&undefined), [(Code::UndefinedVariable, "Undefined variable".to_string())]);
}

#[test]
fn spec_5_1_locals_and_functions_evaluate() {
    let j = job(r#"locals {
  admin = var.port + 1
  name  = format("%s-%d", lower("WEB"), local.admin)
  dc    = lookup({ eu = "dc-eu" }, "eu", "dc1")
}"#)
    .replace("static = var.port", "static = local.admin")
    .replace(
        "driver = \"exec\"",
        "driver = \"exec\"\n      env {\n        NAME = local.name\n        DC = local.dc\n      }",
    );
    let a = run(&j, VariableInputs::default());
    assert!(errors(&a).is_empty(), "{:#?}", a.diagnostics);
    assert_eq!(env_of(&a, "NOMAD_PORT_http").as_deref(), Some("8001"));
    assert_eq!(env_of(&a, "NAME").as_deref(), Some("web-8001"));
    assert_eq!(env_of(&a, "DC").as_deref(), Some("dc-eu"));
}

#[test]
fn spec_5_1_runtime_references_are_kept_and_resolved_at_run_time() {
    let j = job("").replace(
        "driver = \"exec\"",
        "driver = \"exec\"\n      env {\n        LISTEN = \"${NOMAD_ADDR_http}\"\n        PORT = \"${var.port}\"\n      }",
    );
    let a = run(&j, VariableInputs::default());
    assert!(errors(&a).is_empty(), "{:#?}", a.diagnostics);
    assert_eq!(env_of(&a, "LISTEN").as_deref(), Some("10.0.0.10:8000"));
    assert_eq!(env_of(&a, "PORT").as_deref(), Some("8000"));
}

#[test]
fn spec_5_1_dynamic_port_blocks_are_expanded() {
    let j = r#"variable "ports" {
  default = ["http", "grpc"]
}
job "web" {
  group "app" {
    network {
      dynamic "port" {
        for_each = var.ports
        labels   = [port.value]
        content {
          static = 9000 + port.key
        }
      }
    }
    task "server" {
      driver = "exec"
      config {
        command = "/bin/server"
      }
    }
  }
}
"#;
    let a = run(j, VariableInputs::default());
    assert!(errors(&a).is_empty(), "{:#?}", a.diagnostics);
    assert_eq!(env_of(&a, "NOMAD_PORT_http").as_deref(), Some("9000"));
    assert_eq!(env_of(&a, "NOMAD_PORT_grpc").as_deref(), Some("9001"));
}

#[test]
fn spec_5_1_unknown_keys_are_errors_with_a_suggestion() {
    let j = job("").replace("static = var.port", "statc = var.port");
    let a = run(&j, VariableInputs::default());
    let d = a.diagnostics.iter().find(|d| d.code == Code::UnsupportedArgument).expect("refused");
    assert!(d.message.contains("An argument named \"statc\" is not expected here."), "{d:#?}");
    assert!(d.help.as_deref().unwrap_or("").contains("static"), "{d:#?}");
    assert!(a.summary.errors > 0);
}

#[test]
fn the_env_rule_names_the_variable_behind_a_port() {
    let a = run(&job(""), VariableInputs { args: args(&[("port", "8080")]), ..Default::default() });
    let rule = a.placements[0].tasks[0].env.iter().find(|v| v.name == "NOMAD_PORT_http").map(|v| v.rule.clone());
    assert!(rule.as_deref().unwrap_or("").contains("`var.port`, set by a --var value"), "{rule:?}");
    assert_eq!(a.variables[0].name, "port");
    assert_eq!(a.variables[0].value.as_deref(), Some("8080"));
}
