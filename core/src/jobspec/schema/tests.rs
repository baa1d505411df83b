use super::*;
use crate::diagnostic::Severity;
use crate::syntax::{Dialect, parse};

/// Runs the check alone on `text` read in the dialect of `version`.
fn run(text: &str, version: NomadVersion) -> Vec<Diagnostic> {
    let dialect = if version.is_modern() { Dialect::Hcl2 } else { Dialect::Hcl1 };
    let (body, found) = parse(text, SRC, dialect);
    assert!(found.iter().all(|d| !d.is_error()), "{text}: {found:#?}");
    let mut diags = Diagnostics::new();
    check(&body, version, &mut diags);
    diags.into_vec()
}

fn v1(text: &str) -> Vec<Diagnostic> {
    run(text, NomadVersion::V1)
}

/// The text the span of `d` covers.
fn at<'t>(text: &'t str, d: &Diagnostic) -> &'t str {
    &text[d.span.start..d.span.end]
}

const PORT_TYPO: &str = r#"job "web" {
  group "g" {
    network {
      port "http" {
        statc = 9002
      }
    }
    task "t" {
      driver = "docker"
      config { image = "nginx" }
    }
  }
}
"#;

#[test]
fn a_typo_in_a_port_is_nomads_unsupported_argument_at_the_name() {
    let found = v1(PORT_TYPO);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.code, Code::UnsupportedArgument);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(at(PORT_TYPO, d), "statc");
    assert_eq!(d.message, r#"Unsupported argument: An argument named "statc" is not expected here."#);
    assert_eq!(d.help.as_deref(), Some("did you mean `static`?"));
}

#[test]
fn host_network_and_driver_typos_suggest_the_right_name() {
    let text = r#"job "web" {
  group "g" {
    network {
      port "http" { host_netwrok = "public" }
    }
    task "t" {
      drivr = "docker"
    }
  }
}
"#;
    let found = v1(text);
    let names: Vec<_> = found.iter().map(|d| (at(text, d), d.help.as_deref())).collect();
    assert_eq!(
        names,
        [("host_netwrok", Some("did you mean `host_network`?")), ("drivr", Some("did you mean `driver`?"))]
    );
    assert!(found.iter().all(|d| d.code == Code::UnsupportedArgument && d.is_error()));
}

#[test]
fn an_unknown_block_is_nomads_unsupported_block_type() {
    let text = "job \"a\" {\n  group \"g\" {\n    netwrk {\n      mode = \"bridge\"\n    }\n  }\n}\n";
    let found = v1(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::UnsupportedBlock);
    assert_eq!(at(text, &found[0]), "netwrk");
    assert_eq!(found[0].message, r#"Unsupported block type: Blocks of type "netwrk" are not expected here."#);
    assert_eq!(found[0].help.as_deref(), Some("did you mean `network`?"));
}

#[test]
fn a_name_far_from_every_known_one_gets_no_suggestion() {
    let text = "job \"a\" {\n  group \"g\" {\n    network {\n      port \"p\" {\n        zzzzzzzz = 1\n      }\n    }\n  }\n}\n";
    let found = v1(text);
    assert_eq!(found.len(), 1);
    let help = found[0].help.as_deref().unwrap_or_default();
    assert!(!help.contains("did you mean"), "{help}");
    assert!(help.contains("`static`"), "the short list of accepted names: {help}");
}

#[test]
fn an_attribute_already_set_is_not_suggested_again() {
    // HCL leaves out arguments the body already has.
    let text = "job \"a\" {\n  group \"g\" {\n    network {\n      port \"p\" {\n        static = 1\n        statc = 2\n      }\n    }\n  }\n}\n";
    let found = v1(text);
    assert_eq!(found.len(), 1);
    assert!(!found[0].help.as_deref().unwrap_or_default().contains("`static`?"), "{:?}", found[0].help);
}

#[test]
fn a_block_where_an_argument_belongs_and_the_reverse() {
    let text = r#"job "a" {
  group "g" {
    update = { max_parallel = 1 }
    task "t" {
      driver { name = "docker" }
    }
  }
}
"#;
    let found = v1(text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((at(text, &found[0]), found[0].code), ("update", Code::UnsupportedArgument));
    assert_eq!(found[0].help.as_deref(), Some("did you mean to define a block of type `update`? If so, drop the `=`"));
    assert_eq!((at(text, &found[1]), found[1].code), ("driver", Code::UnsupportedBlock));
    assert_eq!(
        found[1].help.as_deref(),
        Some("did you mean to define argument `driver`? If so, use the equals sign to assign it a value")
    );
}

#[test]
fn the_inside_of_an_attribute_style_block_is_still_checked() {
    let text = "job \"a\" {\n  group \"g\" {\n    update = {\n      max_paralel = 1\n    }\n  }\n}\n";
    let found = v1(text);
    let names: Vec<_> = found.iter().map(|d| at(text, d)).collect();
    assert_eq!(names, ["update", "max_paralel"]);
}

#[test]
fn blocks_compat_reports_in_attribute_form_are_not_reported_twice() {
    // `config = { ... }` has its own `hcl1-syntax` warning from compat.
    let text = "job \"a\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"docker\"\n      config = { image = \"x\" }\n    }\n  }\n}\n";
    assert!(v1(text).is_empty(), "{:#?}", v1(text));
}

#[test]
fn meta_and_env_may_be_blocks_or_attributes_with_any_keys() {
    let text = r#"job "a" {
  meta = { "any.key" = "1" }
  group "g" {
    meta { whatever = "x" }
    task "t" {
      driver = "exec"
      config { command = "/bin/true" }
      env = { "A.B" = "1" }
      meta { x = "y" }
      artifact {
        source  = "https://example.invalid/x.tgz"
        options { checksum = "sha256:abc" }
        headers { anything_goes = "yes" }
      }
    }
  }
}
"#;
    assert!(v1(text).is_empty(), "{:#?}", v1(text));
}

#[test]
fn nomad_0_2_only_warns_and_says_later_versions_reject_it() {
    let text = "job \"a\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"exec\"\n      resources {\n        cpu = 100\n        network {\n          port \"http\" { statc = 80 }\n        }\n      }\n    }\n  }\n}\n";
    let found = run(text, NomadVersion::V0_2);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.code, Code::UnsupportedArgument);
    assert_eq!(at(text, d), "statc");
    assert!(d.message.contains("Nomad 0.2 ignores `statc`") && d.message.contains("later Nomad versions reject"));
    assert_eq!(d.help.as_deref(), Some("did you mean `static`?"));
    // The same text under 1.x is an error.
    let text_1x = text.replace("port \"http\" { statc = 80 }", "port \"http\" {\n statc = 80\n }");
    let found = v1(&text_1x);
    assert!(found.iter().any(|d| d.is_error() && at(&text_1x, d) == "statc"), "{found:#?}");
}

#[test]
fn nomad_0_2_has_its_own_smaller_schema() {
    // `update { canary = 1 }` is 1.x only; 0.2 knew `stagger` and `max_parallel`.
    let text = "job \"a\" {\n  update {\n    stagger = \"10s\"\n    canary = 1\n  }\n  group \"g\" {\n    task \"t\" { driver = \"exec\" }\n  }\n}\n";
    let found = run(text, NomadVersion::V0_2);
    assert_eq!(found.iter().map(|d| at(text, d)).collect::<Vec<_>>(), ["canary"]);
    assert!(v1(text).is_empty());
}

#[test]
fn nomad_0_2_matches_attribute_names_without_case() {
    let text =
        "job \"a\" {\n  group \"g\" { task \"t\" {\n    driver = \"exec\"\n    resources { CPU = 100 }\n  } }\n}\n";
    assert!(run(text, NomadVersion::V0_2).is_empty());
}

#[test]
fn a_driver_config_typo_is_a_warning_about_the_task_start() {
    let text = r#"job "a" {
  group "g" {
    task "t" {
      driver = "docker"
      config {
        imagee = "nginx"
        port_map { http = 80 }
        labels { team = "x" }
        mount {
          type = "bind"
          targt = "/data"
        }
      }
    }
  }
}
"#;
    let found = v1(text);
    let names: Vec<_> = found.iter().map(|d| at(text, d)).collect();
    assert_eq!(names, ["imagee", "targt"], "{found:#?}");
    let d = &found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.code, Code::UnsupportedArgument);
    assert_eq!(
        d.message,
        r#"Nomad accepts the job, but the docker driver refuses the task when it starts: An argument named "imagee" is not expected here."#
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `image`?"));
    assert_eq!(found[1].help.as_deref(), Some("did you mean `target`?"));
}

#[test]
fn each_builtin_driver_has_its_own_config_schema() {
    for (driver, good, bad) in [
        ("exec", "command", "image"),
        ("raw_exec", "command", "image_path"),
        ("qemu", "image_path", "command"),
        ("java", "jar_path", "image"),
    ] {
        let text = format!(
            "job \"a\" {{\n  group \"g\" {{\n    task \"t\" {{\n      driver = \"{driver}\"\n      config {{\n        {good} = \"x\"\n        {bad} = \"y\"\n      }}\n    }}\n  }}\n}}\n"
        );
        let found = v1(&text);
        assert_eq!(found.iter().map(|d| at(&text, d)).collect::<Vec<_>>(), [bad], "{driver}: {found:#?}");
    }
}

#[test]
fn an_unknown_driver_config_is_not_checked() {
    let text = "job \"a\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"podman\"\n      config {\n        anything = 1\n        nested { deep = true }\n      }\n    }\n  }\n}\n";
    assert!(v1(text).is_empty());
}

#[test]
fn dynamic_blocks_are_checked_as_the_block_they_make() {
    let text = r#"job "a" {
  group "g" {
    network {
      dynamic "port" {
        for_each = ["http", "https"]
        labels   = [port.value]
        content {
          to   = 8080
          sttic = 1
        }
      }
    }
    dynamic "netwrk" {
      for_each = []
      content {}
    }
    task "t" { driver = "exec" }
  }
}
"#;
    let found = v1(text);
    let names: Vec<_> = found.iter().map(|d| (at(text, d), d.code)).collect();
    assert_eq!(names, [("sttic", Code::UnsupportedArgument), ("\"netwrk\"", Code::UnsupportedBlock)], "{found:#?}");
    assert_eq!(found[1].help.as_deref(), Some("did you mean `network`?"));
}

#[test]
fn the_top_level_knows_variables_and_locals() {
    let text = r#"variable "image" {
  type        = string
  default     = "nginx"
  description = "the image"
  validation {
    condition     = var.image != ""
    error_message = "The image must not be empty."
  }
}
variables { other = 1 }
locals { anything = 2 }
job "a" {
  group "g" {
    task "t" { driver = "exec" }
  }
}
jobb "b" {}
"#;
    let found = v1(text);
    assert_eq!(found.iter().map(|d| at(text, d)).collect::<Vec<_>>(), ["jobb"], "{found:#?}");
    assert_eq!(found[0].help.as_deref(), Some("did you mean `job`?"));
}

#[test]
fn a_block_that_takes_no_label_refuses_one() {
    let text = "job \"a\" {\n  update \"x\" { max_parallel = 1 }\n}\n";
    let found = v1(text);
    assert_eq!(found.len(), 1);
    assert_eq!(at(text, &found[0]), "\"x\"");
    assert_eq!(found[0].message, "Extraneous label for update: No labels are expected for update blocks.");
}

#[test]
fn a_file_read_as_hcl1_under_1x_is_checked_by_name_only() {
    let text = "job \"a\" {\n  group \"g\" {\n    task \"t\" {\n      driver = \"docker\"\n      service = { port = \"http\" }\n      resources { cpuu = 1 }\n    }\n  }\n}\n";
    let (body, found) = parse(text, SRC, Dialect::Hcl1);
    assert!(found.is_empty());
    let mut diags = Diagnostics::new();
    diags.push(Diagnostic::warning(Code::Hcl1Syntax, SRC, Span::empty(0), "HCL1 syntax: example"));
    check(&body, NomadVersion::V1, &mut diags);
    let found: Vec<_> = diags.into_vec().into_iter().skip(1).collect();
    assert_eq!(found.iter().map(|d| at(text, d)).collect::<Vec<_>>(), ["cpuu"], "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].message, r#"Unsupported argument: An argument named "cpuu" is not expected here."#);
}

/// A jobspec using many features of Nomad 1.x: no diagnostic at all.
const FULL: &str = r#"
variable "dc" {
  type    = list(string)
  default = ["dc1"]
}
locals { image = "nginx:1.25" }
job "shop" {
  region      = "global"
  datacenters = var.dc
  type        = "service"
  priority    = 60
  node_pool   = "default"
  namespace   = "default"
  all_at_once = false
  meta { owner = "team" }
  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }
  constraint { distinct_hosts = true }
  affinity {
    attribute = "${node.datacenter}"
    value     = "dc1"
    weight    = 50
  }
  spread {
    attribute = "${node.datacenter}"
    weight    = 100
    target "dc1" { percent = 60 }
  }
  update {
    max_parallel      = 2
    health_check      = "checks"
    min_healthy_time  = "10s"
    healthy_deadline  = "5m"
    progress_deadline = "10m"
    auto_revert       = true
    auto_promote      = false
    canary            = 1
    stagger           = "30s"
  }
  migrate { max_parallel = 1 }
  reschedule {
    delay          = "30s"
    delay_function = "exponential"
    max_delay      = "1h"
    unlimited      = true
  }
  periodic {
    crons            = ["*/15 * * * *"]
    prohibit_overlap = true
    time_zone        = "UTC"
  }
  parameterized {
    payload       = "optional"
    meta_required = ["a"]
  }
  ui {
    description = "the shop"
    link {
      label = "docs"
      url   = "https://example.invalid"
    }
  }
  group "web" {
    count = 2
    shutdown_delay = "5s"
    network {
      mode     = "bridge"
      hostname = "web"
      port "http" {
        static       = 8080
        to           = 80
        host_network = "public"
      }
      port "metrics" {}
      dns {
        servers = ["1.1.1.1"]
      }
    }
    ephemeral_disk {
      size   = 300
      sticky = true
    }
    restart {
      attempts = 3
      interval = "5m"
      delay    = "15s"
      mode     = "fail"
    }
    disconnect {
      lost_after = "1h"
      replace    = false
      reconcile  = "best_score"
    }
    volume "data" {
      type      = "host"
      source    = "data"
      read_only = false
    }
    scaling {
      min     = 1
      max     = 10
      enabled = true
      policy {
        evaluation_interval = "10s"
        check "cpu" {
          source = "prometheus"
        }
      }
    }
    consul { namespace = "default" }
    service {
      name     = "web"
      port     = "http"
      tags     = ["a"]
      provider = "consul"
      meta { version = "1" }
      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
        header { X-Probe = ["1"] }
        check_restart {
          limit = 3
          grace = "10s"
        }
      }
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 5432
            }
            expose {
              path {
                path            = "/metrics"
                protocol        = "http"
                local_path_port = 9102
                listener_port   = "metrics"
              }
            }
            config { protocol = "http" }
          }
        }
        sidecar_task {
          resources {
            cpu    = 50
            memory = 64
          }
        }
      }
    }
    task "app" {
      driver = "docker"
      user   = "nobody"
      kill_timeout = "20s"
      kill_signal  = "SIGTERM"
      config {
        image   = local.image
        ports   = ["http"]
        args    = ["-v"]
        volumes = ["local:/etc/app"]
        logging {
          type = "json-file"
          config { max-size = "10m" }
        }
        auth {
          username = "u"
          password = "p"
        }
      }
      env { PORT = "${NOMAD_PORT_http}" }
      template {
        data        = "x={{ key \"x\" }}"
        destination = "local/x.env"
        env         = true
        change_mode = "signal"
        change_signal = "SIGHUP"
        wait {
          min = "5s"
          max = "10s"
        }
      }
      artifact {
        source      = "https://example.invalid/a.tgz"
        destination = "local/"
        options { checksum = "sha256:abc" }
      }
      vault {
        policies    = ["app"]
        change_mode = "restart"
      }
      identity {
        env  = true
        file = false
      }
      volume_mount {
        volume      = "data"
        destination = "/data"
      }
      lifecycle {
        hook    = "prestart"
        sidecar = false
      }
      logs {
        max_files     = 3
        max_file_size = 10
      }
      resources {
        cpu        = 200
        memory     = 256
        memory_max = 512
        device "nvidia/gpu" {
          count = 1
          constraint {
            attribute = "${device.attr.memory}"
            operator  = ">="
            value     = "2 GiB"
          }
        }
      }
      scaling "cpu" {
        min = 100
        max = 500
        policy {}
      }
      action "hello" {
        command = "/bin/echo"
        args    = ["hi"]
      }
    }
  }
  group "batch" {
    task "job" {
      driver = "raw_exec"
      config {
        command = "/bin/true"
      }
      dispatch_payload { file = "input.json" }
      csi_plugin {
        id        = "p"
        type      = "node"
        mount_dir = "/csi"
      }
    }
    task "vm" {
      driver = "qemu"
      config {
        image_path  = "local/vm.img"
        accelerator = "kvm"
        port_map { ssh = 22 }
      }
    }
    task "java" {
      driver = "java"
      config {
        jar_path    = "local/app.jar"
        jvm_options = ["-Xmx256m"]
      }
    }
  }
  group "gw" {
    service {
      name = "ingress"
      connect {
        gateway {
          proxy {
            connect_timeout = "5s"
          }
          ingress {
            tls { enabled = true }
            listener {
              port     = 8080
              protocol = "tcp"
              service {
                name = "web"
              }
            }
          }
        }
      }
    }
    task "t" { driver = "exec" }
  }
}
"#;

#[test]
fn a_jobspec_with_many_features_has_no_diagnostic() {
    let found = v1(FULL);
    assert!(found.is_empty(), "{:#?}", found.iter().map(|d| (at(FULL, d), &d.message)).collect::<Vec<_>>());
}

#[test]
fn every_schema_name_is_unique_within_its_block() {
    // A table mistake (the same name twice) would hide one of the two entries.
    fn walk(schema: &'static Schema, seen: &mut Vec<*const Schema>) {
        if seen.contains(&(schema as *const Schema)) {
            return;
        }
        seen.push(schema);
        let mut names: Vec<&str> = schema.all_names().collect();
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total, "duplicate name in {:?}", schema.attrs);
        for nested in schema.blocks {
            if let Inner::Schema(inner) = nested.inner {
                walk(inner, seen);
            }
        }
    }
    let mut seen = Vec::new();
    for top in [&table::TOP, &table::TOP_0_2] {
        walk(top, &mut seen);
    }
    for (_, driver) in table::DRIVERS {
        walk(driver, &mut seen);
    }
    assert!(seen.len() > 80, "the walk reaches the whole table: {}", seen.len());
}

/// The codes of what the whole jobspec check (reader, decoder, compat, schema) says.
fn checked(text: &str, version: NomadVersion) -> Vec<(Code, Severity, String)> {
    let options = crate::Options { nomad: version, ..crate::Options::default() };
    crate::check(text, &options)
        .into_iter()
        .map(|d| (d.code, d.severity, text[d.span.start..d.span.end].to_string()))
        .collect()
}

#[test]
fn jobspec_parse_runs_the_check_once() {
    let found = checked(PORT_TYPO, NomadVersion::V1);
    let schema: Vec<_> =
        found.iter().filter(|(c, _, _)| matches!(c, Code::UnsupportedArgument | Code::UnsupportedBlock)).collect();
    assert_eq!(schema, [&(Code::UnsupportedArgument, Severity::Error, "statc".to_string())], "{found:#?}");
}

#[test]
fn under_0_2_a_jobspec_for_a_later_nomad_keeps_its_one_error() {
    // The group network is compat's error; `canary` would only repeat that it is a newer file.
    let text = "job \"a\" {\n  update {\n    canary = 1\n  }\n  group \"g\" {\n    network {\n      port \"http\" {}\n    }\n    task \"t\" {\n      driver = \"exec\"\n    }\n  }\n}\n";
    let found = checked(text, NomadVersion::V0_2);
    assert!(found.iter().any(|(c, _, _)| *c == Code::UnsupportedFeature), "{found:#?}");
    assert!(
        !found.iter().any(|(c, _, _)| matches!(c, Code::UnsupportedArgument | Code::UnsupportedBlock)),
        "{found:#?}"
    );
}

#[test]
fn a_map_block_outside_job_group_and_task_must_be_a_block() {
    // Only job, group and task `meta` (and task `env`) may be attributes; a service's may not.
    let text = "job \"a\" {\n  group \"g\" {\n    service {\n      meta = { a = \"b\" }\n    }\n    task \"t\" { driver = \"exec\" }\n  }\n}\n";
    let found = v1(text);
    assert_eq!(found.iter().map(|d| (at(text, d), d.code)).collect::<Vec<_>>(), [("meta", Code::UnsupportedArgument)]);
}
