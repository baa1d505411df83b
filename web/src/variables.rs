//! Which typed variable values reach core, and the analysis run with them.
//!
//! The Variables panel keeps every value the user typed, also for variables the jobspec no
//! longer declares (a renamed or deleted `variable` block, a block being retyped): deleting a
//! block by mistake and undoing it should not lose the value, and share links carry them all.
//! Core, like `nomad job run -var`, reports a value for an undeclared variable as an error
//! (`Undefined -var variable`); in the playground that error would only be noise about the
//! panel's memory, so core is given only the values of variables the jobspec declares. The
//! panel lists the others as kept, with a button to forget each.
//!
//! Which variables a jobspec declares is known only after core has read it. Declarations do not
//! depend on values, so [`analyze_declared`] passes the values of the names the previous
//! analysis declared and checks the result: when the jobspec now declares a different set and
//! that changes which values apply, it runs once more with the right ones. While the
//! declarations stay the same (every keystroke outside a `variable` block's label), one run.

use netplay_core::{Analysis, Options, VarArg, analyze};

/// The values of `values` whose variable is in `declared`, in the order of `values`.
pub fn declared_values<'a>(values: &[VarArg], declared: impl Fn(&str) -> bool + 'a) -> Vec<VarArg> {
    values.iter().filter(|v| declared(&v.name)).cloned().collect()
}

/// The names of the variables an analysis lists, in the jobspec's order.
pub fn declared_names(analysis: &Analysis) -> Vec<String> {
    analysis.variables.iter().map(|v| v.name.clone()).collect()
}

/// Analyses with `options` (whose `variables.args` are replaced) and the values of `values` that
/// the jobspec declares. `guess` holds the names the previous analysis declared; it is updated
/// to this analysis's names.
pub fn analyze_declared(
    jobspec: &str,
    nodes: &str,
    options: &Options,
    values: &[VarArg],
    guess: &mut Vec<String>,
) -> Analysis {
    let mut options = options.clone();
    options.variables.args = declared_values(values, |name| guess.iter().any(|g| g == name));
    let mut analysis = analyze(jobspec, nodes, &options);
    let declared = declared_names(&analysis);
    let right = declared_values(values, |name| declared.iter().any(|d| d == name));
    if right != options.variables.args {
        options.variables.args = right;
        analysis = analyze(jobspec, nodes, &options);
    }
    *guess = declared;
    analysis
}

#[cfg(test)]
mod tests {
    use netplay_core::{Code, NomadVersion, ValueSource};

    use super::*;

    const JOB: &str = r#"
variable "http_port" {
  type    = number
  default = 8080
}

job "web" {
  datacenters = ["dc1"]
  group "web" {
    network {
      port "http" {
        static = var.http_port
      }
    }
    task "app" {
      driver = "docker"
      config { image = "nginx" }
    }
  }
}
"#;

    const NODES: &str = "node \"n1\" {\n  network {\n    device = \"eth0\"\n    cidr = \"10.0.0.10/24\"\n  }\n}\n";

    fn value(name: &str, value: &str) -> VarArg {
        VarArg { name: name.to_string(), value: value.to_string() }
    }

    fn port(analysis: &Analysis) -> Option<String> {
        analysis
            .placements
            .iter()
            .flat_map(|p| p.tasks.iter())
            .flat_map(|t| t.env.iter())
            .find(|v| v.name == "NOMAD_PORT_http")
            .map(|v| v.value.clone())
    }

    fn options() -> Options {
        Options::for_version(NomadVersion::V1)
    }

    #[test]
    fn a_value_for_a_declared_variable_wins_over_its_default() {
        let mut guess = Vec::new();
        let a = analyze_declared(JOB, NODES, &options(), &[value("http_port", "9090")], &mut guess);
        assert_eq!(port(&a).as_deref(), Some("9090"), "{:?}", a.diagnostics);
        assert_eq!(a.variables[0].source, Some(ValueSource::Argument));
        assert_eq!(guess, ["http_port"]);
    }

    #[test]
    fn values_of_undeclared_variables_are_not_given_to_core() {
        let values = [value("gone", "1"), value("http_port", "9090")];
        // Whatever the previous analysis declared.
        for mut guess in [Vec::new(), vec!["gone".to_string()], vec!["gone".to_string(), "http_port".to_string()]] {
            let a = analyze_declared(JOB, NODES, &options(), &values, &mut guess);
            assert!(!a.diagnostics.iter().any(|d| d.code == Code::UndefinedVariable), "{:?}", a.diagnostics);
            assert_eq!(port(&a).as_deref(), Some("9090"));
            assert_eq!(guess, ["http_port"]);
        }
        // Given to core directly, the same values are an error: that is what the filter avoids.
        let mut direct = options();
        direct.variables.args = values.to_vec();
        let a = analyze(JOB, NODES, &direct);
        assert!(a.diagnostics.iter().any(|d| d.code == Code::UndefinedVariable));
    }

    #[test]
    fn a_wrong_guess_gives_the_same_analysis_as_a_right_one() {
        let values = [value("http_port", "9090")];
        let mut right = vec!["http_port".to_string()];
        let expected = analyze_declared(JOB, NODES, &options(), &values, &mut right);
        let mut wrong = vec!["other".to_string()];
        assert_eq!(analyze_declared(JOB, NODES, &options(), &values, &mut wrong), expected);
        // The declaration renamed: the kept value no longer applies, the default does.
        let renamed = JOB.replace("variable \"http_port\"", "variable \"port\"").replace("var.http_port", "var.port");
        let a = analyze_declared(&renamed, NODES, &options(), &values, &mut right);
        assert_eq!(port(&a).as_deref(), Some("8080"), "{:?}", a.diagnostics);
        assert_eq!(right, ["port"]);
    }

    #[test]
    fn a_value_that_does_not_fit_the_type_is_core_s_diagnostic() {
        let mut guess = Vec::new();
        let a = analyze_declared(JOB, NODES, &options(), &[value("http_port", "abc")], &mut guess);
        let d = a.diagnostics.iter().find(|d| d.code == Code::BadVariable).expect("a bad-variable error");
        assert_eq!(d.message, "Invalid argument value for -var variable");
        assert_eq!(d.span, a.variables[0].span, "it points at the declaration");
    }

    #[test]
    fn under_nomad_0_2_no_variables_are_declared_or_given() {
        let mut guess = vec!["http_port".to_string()];
        let a = analyze_declared(
            "job \"x\" {}\n",
            NODES,
            &Options::for_version(NomadVersion::V0_2),
            &[value("http_port", "1")],
            &mut guess,
        );
        assert!(a.variables.is_empty());
        assert!(guess.is_empty());
        assert!(!a.diagnostics.iter().any(|d| d.code == Code::UndefinedVariable));
    }
}
