//! Oracle tests for Consul Connect admission, the env names Connect gives, and the address each
//! service and check registers per `address_mode`. Expected values are the facts of Nomad's
//! `job_endpoint_hook_connect.go`, `job_endpoint_hook_expose_check.go`, `client/taskenv/env.go`,
//! `envoy_bootstrap_hook.go` and `client/serviceregistration/address.go`, worked out by hand.

use netplay_core::analysis::Placement;
use netplay_core::{Analysis, NomadVersion, Options, analyze};

const NODE: &str = r#"node "n1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/32"
  }
}"#;

fn run(job: &str, version: NomadVersion) -> Analysis {
    analyze(job, NODE, &Options { nomad: version, seed: 1, ..Options::default() })
}

fn placement<'a>(a: &'a Analysis, group: &str) -> &'a Placement {
    a.placements.iter().find(|p| p.group == group && p.node.is_some()).expect("placed")
}

fn env<'a>(p: &'a Placement, task: &str, name: &str) -> Option<&'a str> {
    let t = p.tasks.iter().find(|t| t.name == task)?;
    t.env.iter().find(|v| v.name == name).map(|v| v.value.as_str())
}

/// A job with one group `g` holding `network` and `body` (services and tasks).
fn job(network: &str, body: &str) -> String {
    format!("job \"j\" {{\n  group \"g\" {{\n    network {{\n{network}\n    }}\n{body}\n  }}\n}}\n")
}

const WEB: &str = "    task \"web\" {\n      driver = \"docker\"\n    }";

/// (case, network, connect block and service extras, added port labels, added tasks)
type AdmissionCase = (&'static str, &'static str, &'static str, &'static [&'static str], &'static [&'static str]);

#[test]
fn connect_admission_adds_these_ports_and_tasks() {
    let cases: &[AdmissionCase] = &[
        (
            "sidecar",
            "mode = \"bridge\"",
            "port = \"9001\"\nconnect {\n  sidecar_service {}\n}",
            &["connect-proxy-api"],
            &["connect-proxy-api"],
        ),
        (
            "sidecar with its own port label",
            "mode = \"bridge\"\nport \"proxy\" {}",
            "port = \"9001\"\nconnect {\n  sidecar_service {\n    port = \"proxy\"\n  }\n}",
            &[],
            &["connect-proxy-api"],
        ),
        (
            "terminating gateway without a port",
            "mode = \"bridge\"",
            "connect {\n  gateway {\n    terminating {\n      service {\n        name = \"db\"\n      }\n    }\n  }\n}",
            &["connect-terminating-api"],
            &["connect-terminating-api"],
        ),
        (
            "mesh gateway",
            "mode = \"bridge\"\nport \"wan\" {}",
            "port = \"wan\"\nconnect {\n  gateway {\n    mesh {}\n  }\n}",
            &["connect-mesh-api-lan"],
            &["connect-mesh-api"],
        ),
        (
            "ingress gateway",
            "mode = \"bridge\"\nport \"inbound\" {\n  static = 8080\n  to = 8080\n}",
            "port = \"8080\"\nconnect {\n  gateway {\n    ingress {\n      listener {\n        port = 8080\n        service {\n          name = \"web\"\n        }\n      }\n    }\n  }\n}",
            &[],
            &["connect-ingress-api"],
        ),
        ("native", "mode = \"bridge\"\nport \"http\" {}", "port = \"http\"\nconnect {\n  native = true\n}", &[], &[]),
    ];
    for (case, network, connect, ports, tasks) in cases {
        let service = format!("    service {{\n      name = \"api\"\n{connect}\n    }}");
        let body = if case.contains("gateway") { service } else { format!("{service}\n{WEB}") };
        let a = run(&job(network, &body), NomadVersion::V2);
        assert!(!a.has_errors(), "{case}: {:#?}", a.diagnostics);
        let p = placement(&a, "g");
        let net = p.group_network.as_ref().expect("group network");
        let added: Vec<&str> = net.ports.iter().filter(|p| p.rule.is_some()).map(|p| p.label.as_str()).collect();
        assert_eq!(added, *ports, "{case}: added ports");
        let added: Vec<&str> = p.tasks.iter().filter(|t| t.rule.is_some()).map(|t| t.name.as_str()).collect();
        assert_eq!(added, *tasks, "{case}: added tasks");
        for port in net.ports.iter().filter(|p| p.rule.is_some()) {
            assert_eq!(port.to, port.host, "{case}: `to = -1` maps the host port into the namespace");
        }
    }
}

#[test]
fn a_lone_ingress_gateway_group_is_valid_under_every_modern_version() {
    let body = "    service {\n      name = \"ig\"\n      port = \"8080\"\n      connect {\n        gateway {\n          ingress {\n            listener {\n              port = 8080\n              service {\n                name = \"web\"\n              }\n            }\n          }\n        }\n      }\n    }";
    for version in [NomadVersion::V1, NomadVersion::V2] {
        let a = run(&job("mode = \"bridge\"\nport \"inbound\" {\n  static = 8080\n  to = 8080\n}", body), version);
        assert!(!a.has_errors(), "{version}: {:#?}", a.diagnostics);
        let p = placement(&a, "g");
        assert_eq!(p.services[0].listeners, ["web → 0.0.0.0:8080"]);
    }
}

#[test]
fn upstream_and_envoy_variable_names() {
    let connect = "port = \"9001\"\nconnect {\n  sidecar_service {\n    proxy {\n      upstreams {\n        destination_name = \"count-api\"\n        local_bind_port = 8080\n      }\n    }\n  }\n}";
    let service = format!("    service {{\n      name = \"count-dashboard\"\n{connect}\n    }}");
    let a = run(&job("mode = \"bridge\"", &format!("{service}\n{WEB}")), NomadVersion::V2);
    let p = placement(&a, "g");
    // (task, variable, value)
    let expected = [
        ("web", "NOMAD_UPSTREAM_ADDR_count-api", "127.0.0.1:8080"),
        ("web", "NOMAD_UPSTREAM_ADDR_count_api", "127.0.0.1:8080"),
        ("web", "NOMAD_UPSTREAM_IP_count_api", "127.0.0.1"),
        ("web", "NOMAD_UPSTREAM_PORT_count_api", "8080"),
        ("connect-proxy-count-dashboard", "NOMAD_UPSTREAM_PORT_count-api", "8080"),
        // Bridge mode: 19000 / 19100 plus the task's position in the group (web is 0).
        ("connect-proxy-count-dashboard", "NOMAD_ENVOY_ADMIN_ADDR_count_dashboard", "127.0.0.2:19001"),
        ("connect-proxy-count-dashboard", "NOMAD_ENVOY_READY_ADDR_count_dashboard", "127.0.0.1:19101"),
        ("connect-proxy-count-dashboard", "NOMAD_CPU_LIMIT", "250"),
        ("connect-proxy-count-dashboard", "NOMAD_MEMORY_LIMIT", "128"),
        // The proxy port's label is cleaned in NOMAD_PORT_ and kept in NOMAD_HOST_ADDR_.
        ("web", "NOMAD_HOST_ADDR_connect-proxy-count-dashboard", "10.0.0.10:30280"),
        ("web", "NOMAD_PORT_connect_proxy_count_dashboard", "30280"),
    ];
    for (task, name, value) in expected {
        assert_eq!(env(p, task, name), Some(value), "{task} {name}");
    }
    assert_eq!(
        env(p, "web", "NOMAD_ENVOY_ADMIN_ADDR_count_dashboard"),
        None,
        "only proxy tasks have Envoy's addresses"
    );
}

#[test]
fn expose_check_port_labels_follow_the_versions_hash() {
    let connect = "port = \"9001\"\ncheck {\n  type = \"http\"\n  path = \"/health\"\n  interval = \"10s\"\n  timeout = \"2s\"\n  expose = true\n}\nconnect {\n  sidecar_service {}\n}";
    let service = format!("    service {{\n      name = \"api\"\n{connect}\n    }}");
    let text = job("mode = \"bridge\"", &format!("{service}\n{WEB}"));
    let mut labels = Vec::new();
    for version in [NomadVersion::V1, NomadVersion::V2] {
        let a = run(&text, version);
        assert!(!a.has_errors(), "{version}: {:#?}", a.diagnostics);
        let p = placement(&a, "g");
        let net = p.group_network.as_ref().expect("network");
        let label = net.ports.iter().find(|p| p.label.starts_with("svc_api_ck_")).expect("exposed port").label.clone();
        assert_eq!(label.len(), "svc_api_ck_".len() + 6, "{label}");
        let check = &p.services[0].checks[0];
        assert_eq!(check.port.as_deref(), Some(label.as_str()), "the check points at its exposed port");
        labels.push(label);
    }
    assert_ne!(labels[0], labels[1], "1.x hashes with SHA-1, 2.x with SHA-256");
}

#[test]
fn connect_validation_texts() {
    // (case, network, service body, Nomad's text)
    let cases = [
        (
            "sidecar in host mode",
            "mode = \"host\"",
            "port = \"9001\"\nconnect {\n  sidecar_service {}\n}",
            "connect sidecar: invalid network mode for Consul Connect: group \"g\" uses network mode \"host\"; must be \"bridge\" or \"cni/*\"",
        ),
        (
            "two kinds",
            "mode = \"bridge\"",
            "port = \"9001\"\nconnect {\n  native = true\n  sidecar_service {}\n}",
            "Consul Connect must be exclusively native, make use of a sidecar, or represent a Gateway",
        ),
        (
            "tcp check",
            "mode = \"bridge\"",
            "port = \"9001\"\ncheck {\n  type = \"tcp\"\n  interval = \"10s\"\n  timeout = \"2s\"\n}\nconnect {\n  sidecar_service {}\n}",
            "Check service: \"api\" check invalid: tcp checks are not valid for Connect enabled services",
        ),
        (
            "expose without a numeric port",
            "mode = \"bridge\"\nport \"http\" {}",
            "port = \"http\"\ncheck {\n  type = \"http\"\n  path = \"/h\"\n  interval = \"10s\"\n  timeout = \"2s\"\n  expose = true\n}\nconnect {\n  sidecar_service {}\n}",
            "unable to determine local service port for service check g->api->service: \"api\" check",
        ),
    ];
    for (case, network, body, text) in cases {
        let service = format!("    service {{\n      name = \"api\"\n{body}\n    }}");
        let a = run(&job(network, &format!("{service}\n{WEB}")), NomadVersion::V2);
        assert!(a.diagnostics.iter().any(|d| d.message == text), "{case}: {:#?}", a.diagnostics);
    }
}

#[test]
fn service_addresses_per_address_mode() {
    // (case, network, service `port` and `address_mode` lines, where it is a task service, expected registration or error)
    let cases: &[(&str, &str, &str, bool, &str)] = &[
        (
            "auto, a label",
            "mode = \"bridge\"\nport \"http\" {\n  to = 8080\n}",
            "port = \"http\"",
            false,
            "10.0.0.10:30280",
        ),
        (
            "host, a label",
            "mode = \"bridge\"\nport \"http\" {\n  to = 8080\n}",
            "port = \"http\"\naddress_mode = \"host\"",
            false,
            "10.0.0.10:30280",
        ),
        (
            "host, a number",
            "mode = \"bridge\"",
            "port = \"9001\"\naddress_mode = \"host\"",
            false,
            "<Consul agent address>:9001",
        ),
        (
            "alloc, a label with to",
            "mode = \"bridge\"\nport \"http\" {\n  to = 8080\n}",
            "port = \"http\"\naddress_mode = \"alloc\"",
            false,
            "172.26.64.2:8080",
        ),
        (
            "alloc, a label without to",
            "mode = \"bridge\"\nport \"http\" {}",
            "port = \"http\"\naddress_mode = \"alloc\"",
            false,
            "172.26.64.2:30280",
        ),
        (
            "alloc, a number",
            "mode = \"bridge\"",
            "port = \"9001\"\naddress_mode = \"alloc\"",
            false,
            "172.26.64.2:9001",
        ),
        (
            "alloc in host mode",
            "port \"http\" {}",
            "port = \"http\"\naddress_mode = \"alloc\"",
            false,
            "cannot use address_mode=\"alloc\": no allocation network status reported",
        ),
        (
            "driver, a label with to",
            "mode = \"bridge\"\nport \"http\" {\n  to = 8080\n}",
            "port = \"http\"\naddress_mode = \"driver\"",
            true,
            "<container address>:8080",
        ),
        (
            "driver, a number",
            "mode = \"bridge\"",
            "port = \"8080\"\naddress_mode = \"driver\"",
            true,
            "<container address>:8080",
        ),
        (
            "auto with an address",
            "port \"http\" {}",
            "port = \"http\"\naddress = \"203.0.113.7\"",
            false,
            "203.0.113.7:30280",
        ),
    ];
    for (case, network, lines, in_task, expected) in cases {
        let service = format!("service {{\n  name = \"svc\"\n{lines}\n}}");
        let body = if *in_task {
            format!("    task \"web\" {{\n      driver = \"docker\"\n{service}\n    }}")
        } else {
            format!("{service}\n{WEB}")
        };
        let a = run(&job(network, &body), NomadVersion::V2);
        let p = placement(&a, "g");
        let s = p.services.iter().find(|s| s.name == "svc").expect("service");
        let got = s.registration.error.clone().unwrap_or_else(|| s.registration.text.clone());
        assert_eq!(got, *expected, "{case}");
    }
}

#[test]
fn check_ports_and_nomads_check_texts() {
    let task_service = |check: &str| {
        format!(
            "    task \"web\" {{\n      driver = \"docker\"\n      service {{\n        name = \"svc\"\n        port = \"http\"\n{check}\n      }}\n    }}"
        )
    };
    // A numeric check port without address_mode = "driver".
    let numeric =
        "check {\n  type = \"http\"\n  port = \"8080\"\n  path = \"/\"\n  interval = \"10s\"\n  timeout = \"2s\"\n}";
    let a = run(&job("port \"http\" {}", &task_service(numeric)), NomadVersion::V2);
    let text = r#"check "service: \"svc\" check" cannot use a numeric port 8080 without setting address_mode="driver""#;
    assert!(a.diagnostics.iter().any(|d| d.message == text), "{:#?}", a.diagnostics);
    // A label that does not exist, with the nearest one named.
    let missing =
        "check {\n  type = \"http\"\n  port = \"htp\"\n  path = \"/\"\n  interval = \"10s\"\n  timeout = \"2s\"\n}";
    let a = run(&job("port \"http\" {}", &task_service(missing)), NomadVersion::V2);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.message == "port label \"htp\" referenced by services svc does not exist")
        .expect("Nomad's text");
    assert!(d.help.as_deref().unwrap_or("").contains("did you mean `http`"), "{d:#?}");
    // The check of a placed service points where Nomad sends it (host mode by default).
    let ok = "check {\n  type = \"http\"\n  path = \"/\"\n  interval = \"10s\"\n  timeout = \"2s\"\n}";
    let a = run(&job("port \"http\" {}", &task_service(ok)), NomadVersion::V2);
    let check = &placement(&a, "g").services[0].checks[0];
    assert_eq!(check.address_mode, "host");
    assert_eq!(check.target.as_ref().map(|t| t.text.as_str()), Some("10.0.0.10:30280"));
}

#[test]
fn a_typo_in_a_runtime_reference_is_a_warning_with_the_nearest_name() {
    let task = "    task \"web\" {\n      driver = \"docker\"\n      config {\n        image = \"x\"\n        args  = [\"-port\", \"${NOMAD_PORT_htp}\"]\n      }\n    }";
    let text = job("port \"http\" {}", task);
    let a = run(&text, NomadVersion::V2);
    let d = a.diagnostics.iter().find(|d| d.code == netplay_core::Code::UnknownReference).expect("warning");
    assert_eq!(d.message, "task `web` has no variable `NOMAD_PORT_htp`");
    assert_eq!((d.start.line, d.start.column), (10, 28), "at the reference itself");
    assert!(d.help.as_deref().unwrap_or("").starts_with("did you mean `NOMAD_PORT_http`?"), "{d:#?}");
    let args = &placement(&a, "g").tasks[0].runtime;
    assert_eq!(args[0].value, "${NOMAD_PORT_htp}", "left as written");
}
