//! Decoding `service` blocks with their `check` and `connect` blocks. Values are read weakly,
//! as Nomad decodes jobspecs; a value of the wrong type is a diagnostic and counts as unset.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::jobspec::service::{
    Check, CheckDetails, Connect, Gateway, GatewayKind, Listener, Service, SidecarService, SidecarTask, Upstream,
};
use crate::jobspec::{DriverConfig, RuntimeConfig};
use crate::last_wins::last_wins;
use crate::source::{SourceId, Span};
use crate::syntax::read::Reader;
use crate::syntax::{Body, Item, ValueKind};

const SRC: SourceId = SourceId::Jobspec;

/// Reads the typed values of one block, pushing what does not read.
pub(super) struct Fields<'a> {
    pub(super) read: Reader,
    pub(super) diags: &'a mut Diagnostics,
}

impl Fields<'_> {
    /// A string attribute with its value's span.
    pub(super) fn string(&mut self, body: &Body, key: &str) -> Option<(String, Span)> {
        let item = body.last_named(key)?;
        match self.read.string(&item.value, key) {
            Ok(s) => Some((s, item.value.span)),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn text(&mut self, body: &Body, key: &str) -> String {
        self.string(body, key).map(|(s, _)| s).unwrap_or_default()
    }

    fn int(&mut self, body: &Body, key: &str) -> Option<i64> {
        let item = body.last_named(key)?;
        self.read.int(&item.value, key).map_err(|d| self.diags.push(d)).ok()
    }

    fn bool(&mut self, body: &Body, key: &str) -> bool {
        let Some(item) = body.last_named(key) else { return false };
        self.read.bool(&item.value, key).map_err(|d| self.diags.push(d)).unwrap_or(false)
    }

    /// A list of strings with spans (empty when not written or not a list).
    pub(super) fn list(&mut self, body: &Body, key: &str) -> Vec<(String, Span)> {
        let Some(item) = body.last_named(key) else { return Vec::new() };
        self.read.string_list(&item.value, key).map_err(|d| self.diags.push(d)).unwrap_or_default()
    }

    /// `env` / `meta`: every block of that name merged, later keys win; the keys come in the
    /// order of their last definitions. Linear in the entries (a 512 KiB `env` block holds
    /// 12,000 of them).
    pub(super) fn map(&mut self, body: &Body, key: &str) -> Vec<(String, String, Span)> {
        let mut all: Vec<(String, String, Span)> = Vec::new();
        for item in body.items_named(key) {
            let Some(map) = item.body() else { continue };
            for entry in &map.items {
                match self.read.string(&entry.value, entry.name()) {
                    Ok(v) => all.push((entry.name().to_string(), v, entry.value.span)),
                    Err(d) => self.diags.push(d),
                }
            }
        }
        last_wins(all, |(k, _, _)| k.as_str())
    }

    /// Docker-style runtime settings of a `config` block.
    pub(super) fn runtime(&mut self, config: &Body) -> RuntimeConfig {
        RuntimeConfig {
            args: self.list(config, "args"),
            command: self.string(config, "command"),
            entrypoint: self.list(config, "entrypoint"),
            image: self.string(config, "image"),
        }
    }
}

fn blocks<'b>(body: &'b Body, name: &'b str) -> impl Iterator<Item = (&'b Item, &'b Body)> + 'b {
    body.items_named(name).filter_map(|item| item.body().map(|b| (item, b)))
}

/// Reads the `service` blocks of a group (`task` is `None`) or of a task.
pub(super) fn services(
    body: &Body,
    default_name: &str,
    task: Option<&str>,
    read: Reader,
    diags: &mut Diagnostics,
) -> Vec<Service> {
    let mut f = Fields { read, diags };
    let mut out = Vec::new();
    let mut unnamed: Option<Span> = None;
    for item in body.items_named("service") {
        let Some(sbody) = item.body() else {
            f.diags.push(
                Diagnostic::error(Code::TypeMismatch, SRC, item.value.span, "service: should be an object")
                    .with_help("`service` takes a block: `service { ... }`"),
            );
            continue;
        };
        let name = match f.string(sbody, "name") {
            Some((n, _)) if !n.is_empty() => n,
            _ => {
                if let Some(first) = unnamed {
                    f.diags.push(
                        Diagnostic::error(
                            Code::DuplicateBlock,
                            SRC,
                            item.name_span(),
                            "Only one service block may omit the Name field",
                        )
                        .with_label(first, "this `service` has no name either")
                        .with_help("give every `service` after the first a `name`"),
                    );
                    continue;
                }
                unnamed = Some(item.name_span());
                default_name.to_string()
            }
        };
        let address_mode = f.string(sbody, "address_mode");
        let checks = blocks(sbody, "check").map(|(c, cbody)| check(c, cbody, &mut f)).collect();
        let connect = blocks(sbody, "connect").last().map(|(c, cbody)| connect(c, cbody, &mut f));
        out.push(Service {
            name,
            port: f.string(sbody, "port"),
            address_mode_span: address_mode.as_ref().map(|(_, s)| *s),
            address_mode: address_mode.map(|(m, _)| m),
            address: f.string(sbody, "address").filter(|(a, _)| !a.is_empty()),
            provider: f.string(sbody, "provider").filter(|(p, _)| !p.is_empty()),
            task: f.string(sbody, "task").map(|(t, _)| t).filter(|t| !t.is_empty()).or(task.map(str::to_string)),
            checks,
            connect,
            span: item.span,
        });
    }
    out
}

fn check(item: &Item, body: &Body, f: &mut Fields<'_>) -> Check {
    let header = blocks(body, "header")
        .flat_map(|(_, h)| h.items.iter())
        .map(|entry| {
            let values = match &entry.value.kind {
                ValueKind::List(_) => f.read.string_list(&entry.value, entry.name()).unwrap_or_default(),
                _ => f.read.string(&entry.value, entry.name()).map(|s| vec![(s, entry.value.span)]).unwrap_or_default(),
            };
            (entry.name().to_string(), values.into_iter().map(|(v, _)| v).collect())
        })
        .collect();
    Check {
        name: f.text(body, "name"),
        kind: f.text(body, "type").to_ascii_lowercase(),
        port: f.string(body, "port").filter(|(p, _)| !p.is_empty()),
        address_mode: f.string(body, "address_mode").filter(|(m, _)| !m.is_empty()),
        path: f.text(body, "path"),
        protocol: f.text(body, "protocol"),
        expose: f.bool(body, "expose"),
        task: f.string(body, "task").map(|(t, _)| t).filter(|t| !t.is_empty()),
        details: CheckDetails {
            command: f.text(body, "command"),
            args: f.list(body, "args").into_iter().map(|(a, _)| a).collect(),
            interval: f.text(body, "interval"),
            timeout: f.text(body, "timeout"),
            method: f.text(body, "method"),
            body: f.text(body, "body"),
            on_update: f.text(body, "on_update"),
            notes: f.text(body, "notes"),
            tls_skip_verify: f.bool(body, "tls_skip_verify"),
            tls_server_name: f.text(body, "tls_server_name"),
            header,
            grpc_service: f.text(body, "grpc_service"),
            grpc_use_tls: f.bool(body, "grpc_use_tls"),
            success_before_passing: f.int(body, "success_before_passing").unwrap_or(0),
            failures_before_critical: f.int(body, "failures_before_critical").unwrap_or(0),
            failures_before_warning: f.int(body, "failures_before_warning").unwrap_or(0),
        },
        span: item.span,
    }
}

fn connect(item: &Item, body: &Body, f: &mut Fields<'_>) -> Connect {
    Connect {
        native: f.bool(body, "native"),
        sidecar_service: blocks(body, "sidecar_service").last().map(|(s, sbody)| sidecar_service(s, sbody, f)),
        sidecar_task: blocks(body, "sidecar_task").last().map(|(t, tbody)| sidecar_task(t, tbody, f)),
        gateway: blocks(body, "gateway").last().map(|(g, gbody)| gateway(g, gbody, f)),
        span: item.span,
    }
}

fn sidecar_service(item: &Item, body: &Body, f: &mut Fields<'_>) -> SidecarService {
    let proxy = blocks(body, "proxy").last().map(|(_, p)| p);
    let upstreams = proxy
        .map(|p| {
            blocks(p, "upstreams")
                .map(|(u, ubody)| Upstream {
                    destination_name: f.text(ubody, "destination_name"),
                    local_bind_port: f.int(ubody, "local_bind_port").unwrap_or(0),
                    local_bind_address: f.text(ubody, "local_bind_address"),
                    local_bind_socket_path: f.text(ubody, "local_bind_socket_path"),
                    span: u.span,
                })
                .collect()
        })
        .unwrap_or_default();
    SidecarService {
        port: f.string(body, "port").filter(|(p, _)| !p.is_empty()),
        upstreams,
        transparent_proxy: proxy.is_some_and(|p| p.items_named("transparent_proxy").next().is_some()),
        disable_default_tcp_check: f.bool(body, "disable_default_tcp_check"),
        span: item.span,
    }
}

fn sidecar_task(item: &Item, body: &Body, f: &mut Fields<'_>) -> SidecarTask {
    let resources = blocks(body, "resources").last().map(|(_, r)| r);
    let config = blocks(body, "config").last().map(|(_, c)| c);
    SidecarTask {
        name: f.string(body, "name").map(|(n, _)| n).filter(|n| !n.is_empty()),
        driver: f.string(body, "driver").map(|(d, _)| d).filter(|d| !d.is_empty()),
        config: config.map(|_| DriverConfig::default()),
        runtime: config.map(|c| f.runtime(c)).unwrap_or_default(),
        env: f.map(body, "env").into_iter().map(|(k, v, _)| (k, v)).collect(),
        meta: f.map(body, "meta").into_iter().map(|(k, v, _)| (k, v)).collect(),
        cpu: resources.and_then(|r| f.int(r, "cpu")),
        memory_mb: resources.and_then(|r| f.int(r, "memory")),
        shutdown_delay: body.last_named("shutdown_delay").is_some(),
        span: item.span,
    }
}

fn gateway(item: &Item, body: &Body, f: &mut Fields<'_>) -> Gateway {
    let custom_binds = blocks(body, "proxy").last().is_some_and(|(_, p)| {
        p.items_named("envoy_gateway_bind_addresses").next().is_some()
            || p.last_named("envoy_gateway_no_default_bind")
                .is_some_and(|i| matches!(i.value.kind, ValueKind::Bool(true)))
            || p.last_named("envoy_gateway_bind_tagged_addresses")
                .is_some_and(|i| matches!(i.value.kind, ValueKind::Bool(true)))
    });
    let kind = if let Some((_, ingress)) = blocks(body, "ingress").last() {
        let listeners = blocks(ingress, "listener")
            .map(|(l, lbody)| Listener {
                port: f.int(lbody, "port").unwrap_or(0),
                protocol: f.string(lbody, "protocol").map_or_else(|| "tcp".to_string(), |(p, _)| p),
                services: blocks(lbody, "service").map(|(_, s)| f.text(s, "name")).collect(),
                span: l.span,
            })
            .collect();
        Some(GatewayKind::Ingress { listeners })
    } else if blocks(body, "terminating").next().is_some() {
        Some(GatewayKind::Terminating)
    } else if blocks(body, "mesh").next().is_some() {
        Some(GatewayKind::Mesh)
    } else {
        None
    };
    Gateway { kind, custom_binds, span: item.span }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::read::Conversion;
    use crate::syntax::{Dialect, parse};

    fn merged(text: &str) -> Vec<(String, String)> {
        let (body, found) = parse(text, SRC, Dialect::Hcl1);
        assert!(found.is_empty(), "{found:?}");
        let mut diags = Diagnostics::new();
        let mut f = Fields { read: Reader::new(SRC, Conversion::Weak), diags: &mut diags };
        f.map(&body, "env").into_iter().map(|(k, v, _)| (k, v)).collect()
    }

    #[test]
    fn env_blocks_merge_with_later_keys_winning_in_the_order_of_their_last_definition() {
        let text = "env {\n  A = \"1\"\n  B = \"2\"\n  C = \"3\"\n}\nenv {\n  A = \"4\"\n  D = \"5\"\n  B = \"6\"\n}\n";
        let pairs = |p: &[(&str, &str)]| p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(merged(text), pairs(&[("C", "3"), ("A", "4"), ("D", "5"), ("B", "6")]));
        assert_eq!(merged("env {\n  A = \"1\"\n  A = \"2\"\n}\n"), pairs(&[("A", "2")]));
        assert_eq!(merged("env {}\n"), pairs(&[]));
    }
}
