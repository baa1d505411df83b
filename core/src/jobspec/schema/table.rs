//! The schema table: which attributes and blocks each jobspec block accepts.
//!
//! Three parts, all data:
//!
//! - **Nomad 1.x** (`TOP`, `JOB`, ...): one static per Go struct of Nomad's `api/` package,
//!   named after it, listing the `hcl:"..."` tags of its fields in field order (HCL suggests
//!   the first close name in schema order, so the order matters). Taken from Nomad v1.11.3,
//!   plus the few keys earlier 1.x releases had and later ones dropped (`consul_token` and
//!   `vault_token` in `job` until 1.10, `id` in `service` and `check` until 1.3), so that a
//!   file some 1.x release accepts is not refused. jobspec2's special cases are folded in:
//!   `constraint` and `affinity` use its own attribute lists (`hcl_conversions.go`), `vault`
//!   and `secret` are also accepted at job and group level, `task` directly under `job`,
//!   `meta` (job, group, task) and `env` (task) may be written as `name = { ... }` too, a
//!   task's `scaling` takes a label (`"cpu"` / `"mem"`) while a group's does not. The top
//!   level holds `job`, `variable`, `variables` and `locals` (`types.config.go`,
//!   `types.variables.go`).
//! - **Drivers** (`DOCKER`, `EXEC`, ...): the `hclspec` task-config specs of Nomad v1.11.3's
//!   built-in drivers (each only ever gained keys during 1.x). Map-valued settings
//!   (`labels`, `port_map`, ...) are listed as open blocks, since Nomad turns blocks in a task
//!   config into attributes before the driver decodes it.
//! - **Nomad 0.2** (`*_0_2`): the keys `jobspec/parse.go` of v0.2.3 and the `mapstructure`
//!   fields of its `structs` read. Anything else was silently dropped.

use super::{Inner, Schema, block, either};

/// The top level of a 1.x jobspec file.
pub(super) static TOP: Schema = Schema {
    attrs: &[],
    blocks: &[
        block("variables", 0, Inner::Open),
        block("variable", 1, Inner::Schema(&VARIABLE)),
        block("locals", 0, Inner::Open),
        block("job", 1, Inner::Schema(&JOB)),
    ],
};

/// An input `variable "<name>"` block.
static VARIABLE: Schema = Schema {
    attrs: &["description", "default", "type"],
    blocks: &[block("validation", 0, Inner::Schema(&VARIABLE_VALIDATION))],
};

/// `validation` inside a `variable`.
static VARIABLE_VALIDATION: Schema = Schema { attrs: &["condition", "error_message"], blocks: &[] };

/// The body of `dynamic "<type>" { ... }`; `content` is checked against `<type>` separately.
pub(super) static DYNAMIC: Schema =
    Schema { attrs: &["for_each", "labels", "iterator"], blocks: &[block("content", 0, Inner::Open)] };

/// `api.Constraint`.
static CONSTRAINT: Schema = Schema {
    attrs: &[
        "attribute",
        "value",
        "operator",
        "distinct_property",
        "distinct_hosts",
        "regexp",
        "version",
        "semver",
        "set_contains",
        "set_contains_all",
        "set_contains_any",
        "is_set",
        "is_not_set",
    ],
    blocks: &[],
};

/// `api.Affinity`.
static AFFINITY: Schema = Schema {
    attrs: &[
        "attribute",
        "value",
        "operator",
        "weight",
        "version",
        "semver",
        "regexp",
        "set_contains",
        "set_contains_all",
        "set_contains_any",
    ],
    blocks: &[],
};

/// `api.TaskLifecycle`.
static TASK_LIFECYCLE: Schema = Schema { attrs: &["hook", "sidecar"], blocks: &[] };

/// `api.CheckRestart`.
static CHECK_RESTART: Schema = Schema { attrs: &["limit", "grace", "ignore_warnings"], blocks: &[] };

/// `api.ServiceCheck`.
static SERVICE_CHECK: Schema = Schema {
    attrs: &[
        "name",
        "type",
        "command",
        "args",
        "path",
        "protocol",
        "port",
        "expose",
        "address_mode",
        "advertise",
        "interval",
        "timeout",
        "initial_status",
        "notes",
        "tls_server_name",
        "tls_skip_verify",
        "method",
        "grpc_service",
        "grpc_use_tls",
        "task",
        "success_before_passing",
        "failures_before_critical",
        "failures_before_warning",
        "body",
        "on_update",
        "id",
    ],
    blocks: &[block("header", 0, Inner::Open), block("check_restart", 0, Inner::Schema(&CHECK_RESTART))],
};

/// `api.ConsulGatewayBindAddress`.
static CONSUL_GATEWAY_BIND_ADDRESS: Schema = Schema { attrs: &["address", "port"], blocks: &[] };

/// `api.ConsulGatewayProxy`.
static CONSUL_GATEWAY_PROXY: Schema = Schema {
    attrs: &[
        "connect_timeout",
        "envoy_gateway_bind_tagged_addresses",
        "envoy_gateway_no_default_bind",
        "envoy_dns_discovery_type",
    ],
    blocks: &[
        block("envoy_gateway_bind_addresses", 1, Inner::Schema(&CONSUL_GATEWAY_BIND_ADDRESS)),
        block("config", 0, Inner::Open),
    ],
};

/// `api.ConsulGatewayTLSSDSConfig`.
static CONSUL_GATEWAY_TLSSDS_CONFIG: Schema = Schema { attrs: &["cluster_name", "cert_resource"], blocks: &[] };

/// `api.ConsulGatewayTLSConfig`.
static CONSUL_GATEWAY_TLS_CONFIG: Schema = Schema {
    attrs: &["enabled", "tls_min_version", "tls_max_version", "cipher_suites"],
    blocks: &[block("sds", 0, Inner::Schema(&CONSUL_GATEWAY_TLSSDS_CONFIG))],
};

/// `api.ConsulHTTPHeaderModifiers`.
static CONSUL_HTTP_HEADER_MODIFIERS: Schema =
    Schema { attrs: &["remove"], blocks: &[block("add", 0, Inner::Open), block("set", 0, Inner::Open)] };

/// `api.ConsulIngressService`.
static CONSUL_INGRESS_SERVICE: Schema = Schema {
    attrs: &["name", "hosts", "max_connections", "max_pending_requests", "max_concurrent_requests"],
    blocks: &[
        block("tls", 0, Inner::Schema(&CONSUL_GATEWAY_TLS_CONFIG)),
        block("request_headers", 0, Inner::Schema(&CONSUL_HTTP_HEADER_MODIFIERS)),
        block("response_headers", 0, Inner::Schema(&CONSUL_HTTP_HEADER_MODIFIERS)),
    ],
};

/// `api.ConsulIngressListener`.
static CONSUL_INGRESS_LISTENER: Schema =
    Schema { attrs: &["port", "protocol"], blocks: &[block("service", 0, Inner::Schema(&CONSUL_INGRESS_SERVICE))] };

/// `api.ConsulIngressConfigEntry`.
static CONSUL_INGRESS_CONFIG_ENTRY: Schema = Schema {
    attrs: &[],
    blocks: &[
        block("tls", 0, Inner::Schema(&CONSUL_GATEWAY_TLS_CONFIG)),
        block("listener", 0, Inner::Schema(&CONSUL_INGRESS_LISTENER)),
    ],
};

/// `api.ConsulLinkedService`.
static CONSUL_LINKED_SERVICE: Schema =
    Schema { attrs: &["name", "ca_file", "cert_file", "key_file", "sni"], blocks: &[] };

/// `api.ConsulTerminatingConfigEntry`.
static CONSUL_TERMINATING_CONFIG_ENTRY: Schema =
    Schema { attrs: &[], blocks: &[block("service", 0, Inner::Schema(&CONSUL_LINKED_SERVICE))] };

/// `api.ConsulMeshConfigEntry`.
static CONSUL_MESH_CONFIG_ENTRY: Schema = Schema { attrs: &[], blocks: &[] };

/// `api.ConsulGateway`.
static CONSUL_GATEWAY: Schema = Schema {
    attrs: &[],
    blocks: &[
        block("proxy", 0, Inner::Schema(&CONSUL_GATEWAY_PROXY)),
        block("ingress", 0, Inner::Schema(&CONSUL_INGRESS_CONFIG_ENTRY)),
        block("terminating", 0, Inner::Schema(&CONSUL_TERMINATING_CONFIG_ENTRY)),
        block("mesh", 0, Inner::Schema(&CONSUL_MESH_CONFIG_ENTRY)),
    ],
};

/// `api.ConsulExposePath`.
static CONSUL_EXPOSE_PATH: Schema =
    Schema { attrs: &["path", "protocol", "local_path_port", "listener_port"], blocks: &[] };

/// `api.ConsulExposeConfig`.
static CONSUL_EXPOSE_CONFIG: Schema =
    Schema { attrs: &[], blocks: &[block("path", 0, Inner::Schema(&CONSUL_EXPOSE_PATH))] };

/// `api.ConsulMeshGateway`.
static CONSUL_MESH_GATEWAY: Schema = Schema { attrs: &["mode"], blocks: &[] };

/// `api.ConsulUpstream`.
static CONSUL_UPSTREAM: Schema = Schema {
    attrs: &[
        "destination_name",
        "destination_namespace",
        "destination_peer",
        "destination_partition",
        "destination_type",
        "local_bind_port",
        "datacenter",
        "local_bind_address",
        "local_bind_socket_path",
        "local_bind_socket_mode",
    ],
    blocks: &[block("mesh_gateway", 0, Inner::Schema(&CONSUL_MESH_GATEWAY)), block("config", 0, Inner::Open)],
};

/// `api.ConsulTransparentProxy`.
static CONSUL_TRANSPARENT_PROXY: Schema = Schema {
    attrs: &[
        "uid",
        "outbound_port",
        "exclude_inbound_ports",
        "exclude_outbound_ports",
        "exclude_outbound_cidrs",
        "exclude_uids",
        "no_dns",
    ],
    blocks: &[],
};

/// `api.ConsulProxy`.
static CONSUL_PROXY: Schema = Schema {
    attrs: &["local_service_address", "local_service_port"],
    blocks: &[
        block("expose", 0, Inner::Schema(&CONSUL_EXPOSE_CONFIG)),
        block("upstreams", 0, Inner::Schema(&CONSUL_UPSTREAM)),
        block("transparent_proxy", 0, Inner::Schema(&CONSUL_TRANSPARENT_PROXY)),
        block("config", 0, Inner::Open),
    ],
};

/// `api.ConsulSidecarService`.
static CONSUL_SIDECAR_SERVICE: Schema = Schema {
    attrs: &["tags", "port", "disable_default_tcp_check"],
    blocks: &[block("proxy", 0, Inner::Schema(&CONSUL_PROXY)), block("meta", 0, Inner::Open)],
};

/// `api.DNSConfig`.
static DNS_CONFIG: Schema = Schema { attrs: &["servers", "searches", "options"], blocks: &[] };

/// `api.Port`.
static PORT: Schema = Schema { attrs: &["static", "to", "host_network", "ignore_collision"], blocks: &[] };

/// `api.CNIConfig`.
static CNI_CONFIG: Schema = Schema { attrs: &["args"], blocks: &[] };

/// `api.NetworkResource`.
static NETWORK_RESOURCE: Schema = Schema {
    attrs: &["mode", "device", "cidr", "ip", "hostname", "mbits"],
    blocks: &[
        block("dns", 0, Inner::Schema(&DNS_CONFIG)),
        block("reserved_ports", 1, Inner::Schema(&PORT)),
        block("port", 1, Inner::Schema(&PORT)),
        block("cni", 0, Inner::Schema(&CNI_CONFIG)),
    ],
};

/// `api.RequestedDevice`.
static REQUESTED_DEVICE: Schema = Schema {
    attrs: &["count"],
    blocks: &[block("constraint", 0, Inner::Schema(&CONSTRAINT)), block("affinity", 0, Inner::Schema(&AFFINITY))],
};

/// `api.NUMAResource`.
static NUMA_RESOURCE: Schema = Schema { attrs: &["affinity", "devices"], blocks: &[] };

/// `api.Resources`.
static RESOURCES: Schema = Schema {
    attrs: &["cpu", "cores", "memory", "memory_max", "disk", "secrets", "iops"],
    blocks: &[
        block("network", 0, Inner::Schema(&NETWORK_RESOURCE)),
        block("device", 1, Inner::Schema(&REQUESTED_DEVICE)),
        block("numa", 0, Inner::Schema(&NUMA_RESOURCE)),
    ],
};

/// `api.LogConfig`.
static LOG_CONFIG: Schema = Schema { attrs: &["max_files", "max_file_size", "enabled", "disabled"], blocks: &[] };

/// `api.VolumeMount`.
static VOLUME_MOUNT: Schema =
    Schema { attrs: &["volume", "destination", "read_only", "propagation_mode", "selinux_label"], blocks: &[] };

/// `api.WorkloadIdentity`.
static WORKLOAD_IDENTITY: Schema = Schema {
    attrs: &["name", "aud", "change_mode", "change_signal", "env", "file", "filepath", "service_name", "ttl"],
    blocks: &[],
};

/// `api.SidecarTask`.
static SIDECAR_TASK: Schema = Schema {
    attrs: &["name", "driver", "user", "kill_timeout", "shutdown_delay", "kill_signal"],
    blocks: &[
        block("config", 0, Inner::Open),
        block("env", 0, Inner::Open),
        block("resources", 0, Inner::Schema(&RESOURCES)),
        block("meta", 0, Inner::Open),
        block("logs", 0, Inner::Schema(&LOG_CONFIG)),
        block("volume_mount", 0, Inner::Schema(&VOLUME_MOUNT)),
        block("identity", 0, Inner::Schema(&WORKLOAD_IDENTITY)),
    ],
};

/// `api.ConsulConnect`.
static CONSUL_CONNECT: Schema = Schema {
    attrs: &["native"],
    blocks: &[
        block("gateway", 0, Inner::Schema(&CONSUL_GATEWAY)),
        block("sidecar_service", 0, Inner::Schema(&CONSUL_SIDECAR_SERVICE)),
        block("sidecar_task", 0, Inner::Schema(&SIDECAR_TASK)),
    ],
};

/// `api.ServiceWeights`.
static SERVICE_WEIGHTS: Schema = Schema { attrs: &["passing", "warning"], blocks: &[] };

/// `api.Service`.
static SERVICE: Schema = Schema {
    attrs: &[
        "name",
        "tags",
        "canary_tags",
        "enable_tag_override",
        "port",
        "address_mode",
        "address",
        "task",
        "on_update",
        "provider",
        "cluster",
        "kind",
        "id",
    ],
    blocks: &[
        block("check", 0, Inner::Schema(&SERVICE_CHECK)),
        block("check_restart", 0, Inner::Schema(&CHECK_RESTART)),
        block("connect", 0, Inner::Schema(&CONSUL_CONNECT)),
        block("meta", 0, Inner::Open),
        block("canary_meta", 0, Inner::Open),
        block("tagged_addresses", 0, Inner::Open),
        block("identity", 0, Inner::Schema(&WORKLOAD_IDENTITY)),
        block("weights", 0, Inner::Schema(&SERVICE_WEIGHTS)),
    ],
};

/// `api.RestartPolicy`.
static RESTART_POLICY: Schema =
    Schema { attrs: &["interval", "attempts", "delay", "mode", "render_templates"], blocks: &[] };

/// `api.TaskArtifact`.
static TASK_ARTIFACT: Schema = Schema {
    attrs: &["source", "mode", "insecure", "destination", "chown"],
    blocks: &[block("options", 0, Inner::Open), block("headers", 0, Inner::Open)],
};

/// `api.Vault`.
static VAULT: Schema = Schema {
    attrs: &[
        "policies",
        "role",
        "namespace",
        "cluster",
        "env",
        "disable_file",
        "change_mode",
        "change_signal",
        "allow_token_expiration",
    ],
    blocks: &[],
};

/// `api.Consul`.
static CONSUL: Schema = Schema { attrs: &["namespace", "cluster", "partition"], blocks: &[] };

/// `api.ChangeScript`.
static CHANGE_SCRIPT: Schema = Schema { attrs: &["command", "args", "timeout", "fail_on_error"], blocks: &[] };

/// `api.WaitConfig`.
static WAIT_CONFIG: Schema = Schema { attrs: &["min", "max"], blocks: &[] };

/// `api.Template`.
static TEMPLATE: Schema = Schema {
    attrs: &[
        "source",
        "destination",
        "data",
        "change_mode",
        "change_signal",
        "once",
        "splay",
        "perms",
        "uid",
        "gid",
        "left_delimiter",
        "right_delimiter",
        "env",
        "vault_grace",
        "error_on_missing_key",
    ],
    blocks: &[block("change_script", 0, Inner::Schema(&CHANGE_SCRIPT)), block("wait", 0, Inner::Schema(&WAIT_CONFIG))],
};

/// `api.DispatchPayloadConfig`.
static DISPATCH_PAYLOAD_CONFIG: Schema = Schema { attrs: &["file"], blocks: &[] };

/// `api.TaskCSIPluginConfig`.
static TASK_CSI_PLUGIN_CONFIG: Schema =
    Schema { attrs: &["id", "type", "mount_dir", "stage_publish_base_dir", "health_timeout"], blocks: &[] };

/// `api.ScalingPolicy`.
static SCALING_POLICY: Schema =
    Schema { attrs: &["min", "max", "enabled", "type"], blocks: &[block("policy", 0, Inner::Open)] };

/// `api.Secret`.
static SECRET: Schema =
    Schema { attrs: &["provider", "path"], blocks: &[block("config", 0, Inner::Open), block("env", 0, Inner::Open)] };

/// `api.Action`.
static ACTION: Schema = Schema { attrs: &["command", "args"], blocks: &[] };

/// `api.TaskScheduleCron`.
static TASK_SCHEDULE_CRON: Schema = Schema { attrs: &["start", "end", "timezone"], blocks: &[] };

/// `api.TaskSchedule`.
static TASK_SCHEDULE: Schema = Schema { attrs: &[], blocks: &[block("cron", 0, Inner::Schema(&TASK_SCHEDULE_CRON))] };

/// `api.Task`.
static TASK: Schema = Schema {
    attrs: &["driver", "user", "kill_timeout", "leader", "shutdown_delay", "kill_signal", "kind"],
    blocks: &[
        block("lifecycle", 0, Inner::Schema(&TASK_LIFECYCLE)),
        block("config", 0, Inner::Driver),
        block("constraint", 0, Inner::Schema(&CONSTRAINT)),
        block("affinity", 0, Inner::Schema(&AFFINITY)),
        either("env", 0, Inner::Open),
        block("service", 0, Inner::Schema(&SERVICE)),
        block("resources", 0, Inner::Schema(&RESOURCES)),
        block("restart", 0, Inner::Schema(&RESTART_POLICY)),
        either("meta", 0, Inner::Open),
        block("logs", 0, Inner::Schema(&LOG_CONFIG)),
        block("artifact", 0, Inner::Schema(&TASK_ARTIFACT)),
        block("vault", 0, Inner::Schema(&VAULT)),
        block("consul", 0, Inner::Schema(&CONSUL)),
        block("template", 0, Inner::Schema(&TEMPLATE)),
        block("dispatch_payload", 0, Inner::Schema(&DISPATCH_PAYLOAD_CONFIG)),
        block("volume_mount", 0, Inner::Schema(&VOLUME_MOUNT)),
        block("csi_plugin", 0, Inner::Schema(&TASK_CSI_PLUGIN_CONFIG)),
        block("scaling", 1, Inner::Schema(&SCALING_POLICY)),
        block("secret", 1, Inner::Schema(&SECRET)),
        block("identity", 0, Inner::Schema(&WORKLOAD_IDENTITY)),
        block("action", 1, Inner::Schema(&ACTION)),
        block("schedule", 0, Inner::Schema(&TASK_SCHEDULE)),
    ],
};

/// `api.SpreadTarget`.
static SPREAD_TARGET: Schema = Schema { attrs: &["percent"], blocks: &[] };

/// `api.Spread`.
static SPREAD: Schema =
    Schema { attrs: &["attribute", "weight"], blocks: &[block("target", 1, Inner::Schema(&SPREAD_TARGET))] };

/// `api.CSIMountOptions`.
static CSI_MOUNT_OPTIONS: Schema = Schema { attrs: &["fs_type", "mount_flags"], blocks: &[] };

/// `api.VolumeRequest`.
static VOLUME_REQUEST: Schema = Schema {
    attrs: &["type", "source", "read_only", "sticky", "access_mode", "attachment_mode", "per_alloc"],
    blocks: &[block("mount_options", 0, Inner::Schema(&CSI_MOUNT_OPTIONS))],
};

/// `api.DisconnectStrategy`.
static DISCONNECT_STRATEGY: Schema =
    Schema { attrs: &["lost_after", "stop_on_client_after", "replace", "reconcile"], blocks: &[] };

/// `api.ReschedulePolicy`.
static RESCHEDULE_POLICY: Schema =
    Schema { attrs: &["attempts", "interval", "delay", "delay_function", "max_delay", "unlimited"], blocks: &[] };

/// `api.EphemeralDisk`.
static EPHEMERAL_DISK: Schema = Schema { attrs: &["sticky", "migrate", "size"], blocks: &[] };

/// `api.UpdateStrategy`.
static UPDATE_STRATEGY: Schema = Schema {
    attrs: &[
        "stagger",
        "max_parallel",
        "health_check",
        "min_healthy_time",
        "healthy_deadline",
        "progress_deadline",
        "canary",
        "auto_revert",
        "auto_promote",
    ],
    blocks: &[],
};

/// `api.MigrateStrategy`.
static MIGRATE_STRATEGY: Schema =
    Schema { attrs: &["max_parallel", "health_check", "min_healthy_time", "healthy_deadline"], blocks: &[] };

/// `api.TaskGroup`.
static TASK_GROUP: Schema = Schema {
    attrs: &[
        "count",
        "shutdown_delay",
        "stop_after_client_disconnect",
        "max_client_disconnect",
        "prevent_reschedule_on_lost",
    ],
    blocks: &[
        block("constraint", 0, Inner::Schema(&CONSTRAINT)),
        block("affinity", 0, Inner::Schema(&AFFINITY)),
        block("task", 1, Inner::Schema(&TASK)),
        block("spread", 0, Inner::Schema(&SPREAD)),
        block("volume", 1, Inner::Schema(&VOLUME_REQUEST)),
        block("restart", 0, Inner::Schema(&RESTART_POLICY)),
        block("disconnect", 0, Inner::Schema(&DISCONNECT_STRATEGY)),
        block("reschedule", 0, Inner::Schema(&RESCHEDULE_POLICY)),
        block("ephemeral_disk", 0, Inner::Schema(&EPHEMERAL_DISK)),
        block("update", 0, Inner::Schema(&UPDATE_STRATEGY)),
        block("migrate", 0, Inner::Schema(&MIGRATE_STRATEGY)),
        block("network", 0, Inner::Schema(&NETWORK_RESOURCE)),
        either("meta", 0, Inner::Open),
        block("service", 0, Inner::Schema(&SERVICE)),
        block("scaling", 0, Inner::Schema(&SCALING_POLICY)),
        block("consul", 0, Inner::Schema(&CONSUL)),
        block("vault", 0, Inner::Schema(&VAULT)),
        block("secret", 1, Inner::Schema(&SECRET)),
    ],
};

/// `api.MultiregionStrategy`.
static MULTIREGION_STRATEGY: Schema = Schema { attrs: &["max_parallel", "on_failure"], blocks: &[] };

/// `api.MultiregionRegion`.
static MULTIREGION_REGION: Schema =
    Schema { attrs: &["count", "datacenters", "node_pool"], blocks: &[block("meta", 0, Inner::Open)] };

/// `api.Multiregion`.
static MULTIREGION: Schema = Schema {
    attrs: &[],
    blocks: &[
        block("strategy", 0, Inner::Schema(&MULTIREGION_STRATEGY)),
        block("region", 1, Inner::Schema(&MULTIREGION_REGION)),
    ],
};

/// `api.PeriodicConfig`.
static PERIODIC_CONFIG: Schema =
    Schema { attrs: &["enabled", "cron", "crons", "prohibit_overlap", "time_zone"], blocks: &[] };

/// `api.ParameterizedJobConfig`.
static PARAMETERIZED_JOB_CONFIG: Schema = Schema { attrs: &["payload", "meta_required", "meta_optional"], blocks: &[] };

/// `api.JobUILink`.
static JOB_UI_LINK: Schema = Schema { attrs: &["label", "url"], blocks: &[] };

/// `api.JobUIConfig`.
static JOB_UI_CONFIG: Schema =
    Schema { attrs: &["description"], blocks: &[block("link", 0, Inner::Schema(&JOB_UI_LINK))] };

/// `api.Job`.
pub(super) static JOB: Schema = Schema {
    attrs: &[
        "region",
        "namespace",
        "id",
        "name",
        "type",
        "priority",
        "all_at_once",
        "datacenters",
        "node_pool",
        "consul_token",
        "vault_token",
    ],
    blocks: &[
        block("constraint", 0, Inner::Schema(&CONSTRAINT)),
        block("affinity", 0, Inner::Schema(&AFFINITY)),
        block("group", 1, Inner::Schema(&TASK_GROUP)),
        block("update", 0, Inner::Schema(&UPDATE_STRATEGY)),
        block("multiregion", 0, Inner::Schema(&MULTIREGION)),
        block("spread", 0, Inner::Schema(&SPREAD)),
        block("periodic", 0, Inner::Schema(&PERIODIC_CONFIG)),
        block("parameterized", 0, Inner::Schema(&PARAMETERIZED_JOB_CONFIG)),
        block("reschedule", 0, Inner::Schema(&RESCHEDULE_POLICY)),
        block("migrate", 0, Inner::Schema(&MIGRATE_STRATEGY)),
        either("meta", 0, Inner::Open),
        block("ui", 0, Inner::Schema(&JOB_UI_CONFIG)),
        block("vault", 0, Inner::Schema(&VAULT)),
        block("secret", 1, Inner::Schema(&SECRET)),
        block("task", 1, Inner::Schema(&TASK)),
    ],
};
// ---------------------------------------------------------------------------------------
// Driver task configs (Nomad v1.11.3 `hclspec`).

/// The built-in drivers whose `config` netplay checks; other drivers are not checked.
pub(super) static DRIVERS: &[(&str, &Schema)] =
    &[("docker", &DOCKER), ("exec", &EXEC), ("raw_exec", &RAW_EXEC), ("qemu", &QEMU), ("java", &JAVA)];

/// `drivers/docker/config.go`, `taskConfigSpec`.
static DOCKER: Schema = Schema {
    attrs: &[
        "image",
        "advertise_ipv6_address",
        "args",
        "auth_soft_fail",
        "cap_add",
        "cap_drop",
        "cgroupns",
        "command",
        "cpuset_cpus",
        "cpu_hard_limit",
        "cpu_cfs_period",
        "container_exists_attempts",
        "dns_search_domains",
        "dns_options",
        "dns_servers",
        "entrypoint",
        "extra_hosts",
        "force_pull",
        "group_add",
        "hostname",
        "init",
        "interactive",
        "ipc_mode",
        "ipv4_address",
        "ipv6_address",
        "isolation",
        "load",
        "mac_address",
        "memory_hard_limit",
        "network_aliases",
        "network_mode",
        "oom_score_adj",
        "runtime",
        "pids_limit",
        "pid_mode",
        "ports",
        "privileged",
        "image_pull_timeout",
        "readonly_rootfs",
        "security_opt",
        "shm_size",
        "tty",
        "uts_mode",
        "userns_mode",
        "volumes",
        "volume_driver",
        "work_dir",
    ],
    blocks: &[
        block("auth", 0, Inner::Schema(&DOCKER_AUTH)),
        block("devices", 0, Inner::Schema(&DOCKER_DEVICE)),
        block("healthchecks", 0, Inner::Schema(&DOCKER_HEALTHCHECKS)),
        either("labels", 0, Inner::Open),
        block("logging", 0, Inner::Schema(&DOCKER_LOGGING)),
        block("mount", 0, Inner::Schema(&DOCKER_MOUNT)),
        block("mounts", 0, Inner::Schema(&DOCKER_MOUNT)),
        either("port_map", 0, Inner::Open),
        either("storage_opt", 0, Inner::Open),
        either("sysctl", 0, Inner::Open),
        either("ulimit", 0, Inner::Open),
    ],
};

/// Docker `auth`.
static DOCKER_AUTH: Schema = Schema { attrs: &["username", "password", "email", "server_address"], blocks: &[] };

/// Docker `devices`.
static DOCKER_DEVICE: Schema = Schema { attrs: &["host_path", "container_path", "cgroup_permissions"], blocks: &[] };

/// Docker `healthchecks`.
static DOCKER_HEALTHCHECKS: Schema = Schema { attrs: &["disable"], blocks: &[] };

/// Docker `logging`.
static DOCKER_LOGGING: Schema = Schema { attrs: &["type", "driver"], blocks: &[either("config", 0, Inner::Open)] };

/// Docker `mount` / `mounts` (`mountBodySpec`).
static DOCKER_MOUNT: Schema = Schema {
    attrs: &["type", "target", "source", "readonly"],
    blocks: &[
        block("bind_options", 0, Inner::Schema(&DOCKER_BIND_OPTIONS)),
        block("tmpfs_options", 0, Inner::Schema(&DOCKER_TMPFS_OPTIONS)),
        block("volume_options", 0, Inner::Schema(&DOCKER_VOLUME_OPTIONS)),
    ],
};

/// Docker mount `bind_options`.
static DOCKER_BIND_OPTIONS: Schema = Schema { attrs: &["propagation"], blocks: &[] };

/// Docker mount `tmpfs_options`.
static DOCKER_TMPFS_OPTIONS: Schema = Schema { attrs: &["size", "mode"], blocks: &[] };

/// Docker mount `volume_options`.
static DOCKER_VOLUME_OPTIONS: Schema = Schema {
    attrs: &["no_copy"],
    blocks: &[either("labels", 0, Inner::Open), block("driver_config", 0, Inner::Schema(&DOCKER_VOLUME_DRIVER_CONFIG))],
};

/// Docker mount `volume_options.driver_config`.
static DOCKER_VOLUME_DRIVER_CONFIG: Schema = Schema { attrs: &["name"], blocks: &[either("options", 0, Inner::Open)] };

/// `drivers/exec/driver.go`, `taskConfigSpec`.
static EXEC: Schema =
    Schema { attrs: &["command", "args", "pid_mode", "ipc_mode", "cap_add", "cap_drop", "work_dir"], blocks: &[] };

/// `drivers/rawexec/driver.go`, `taskConfigSpec`.
static RAW_EXEC: Schema = Schema {
    attrs: &["command", "args", "cgroup_v2_override", "oom_score_adj", "work_dir", "denied_envvars"],
    blocks: &[either("cgroup_v1_override", 0, Inner::Open)],
};

/// `drivers/qemu/driver.go`, `taskConfigSpec`.
static QEMU: Schema = Schema {
    attrs: &[
        "image_path",
        "emulator",
        "machine_type",
        "drive_interface",
        "accelerator",
        "graceful_shutdown",
        "guest_agent",
        "args",
    ],
    blocks: &[either("port_map", 0, Inner::Open)],
};

/// `drivers/java/driver.go`, `taskConfigSpec`.
static JAVA: Schema = Schema {
    attrs: &[
        "class",
        "class_path",
        "jar_path",
        "jvm_options",
        "args",
        "pid_mode",
        "ipc_mode",
        "cap_add",
        "cap_drop",
        "work_dir",
    ],
    blocks: &[],
};

// ---------------------------------------------------------------------------------------
// Nomad 0.2 (v0.2.3 `jobspec/parse.go` and `nomad/structs`).

/// The top level of a 0.2 jobspec: only `job` is read.
pub(super) static TOP_0_2: Schema = Schema { attrs: &[], blocks: &[block("job", 1, Inner::Schema(&JOB_0_2))] };

/// `structs.Job` as 0.2 decoded it.
static JOB_0_2: Schema = Schema {
    attrs: &["region", "id", "name", "type", "priority", "all_at_once", "datacenters"],
    blocks: &[
        block("constraint", 0, Inner::Schema(&CONSTRAINT_0_2)),
        block("update", 0, Inner::Schema(&UPDATE_0_2)),
        block("periodic", 0, Inner::Schema(&PERIODIC_0_2)),
        block("meta", 0, Inner::Open),
        block("task", 1, Inner::Schema(&TASK_0_2)),
        block("group", 1, Inner::Schema(&GROUP_0_2)),
    ],
};

/// `structs.TaskGroup`.
static GROUP_0_2: Schema = Schema {
    attrs: &["count"],
    blocks: &[
        block("constraint", 0, Inner::Schema(&CONSTRAINT_0_2)),
        block("restart", 0, Inner::Schema(&RESTART_0_2)),
        block("meta", 0, Inner::Open),
        block("task", 1, Inner::Schema(&TASK_0_2)),
    ],
};

/// `structs.Task`.
static TASK_0_2: Schema = Schema {
    attrs: &["driver"],
    blocks: &[
        block("config", 0, Inner::Open),
        block("env", 0, Inner::Open),
        block("constraint", 0, Inner::Schema(&CONSTRAINT_0_2)),
        block("service", 0, Inner::Schema(&SERVICE_0_2)),
        block("meta", 0, Inner::Open),
        block("resources", 0, Inner::Schema(&RESOURCES_0_2)),
    ],
};

/// `structs.Resources`.
static RESOURCES_0_2: Schema =
    Schema { attrs: &["cpu", "memory", "disk", "iops"], blocks: &[block("network", 0, Inner::Schema(&NETWORK_0_2))] };

/// `structs.NetworkResource`.
static NETWORK_0_2: Schema =
    Schema { attrs: &["device", "cidr", "ip", "mbits"], blocks: &[block("port", 1, Inner::Schema(&PORT_0_2))] };

/// `structs.Port`.
static PORT_0_2: Schema = Schema { attrs: &["static"], blocks: &[] };

/// `structs.Service`.
static SERVICE_0_2: Schema =
    Schema { attrs: &["name", "tags", "port"], blocks: &[block("check", 0, Inner::Schema(&CHECK_0_2))] };

/// `structs.ServiceCheck`.
static CHECK_0_2: Schema =
    Schema { attrs: &["name", "type", "script", "path", "protocol", "interval", "timeout"], blocks: &[] };

/// `structs.UpdateStrategy`.
static UPDATE_0_2: Schema = Schema { attrs: &["stagger", "max_parallel"], blocks: &[] };

/// `structs.PeriodicConfig` (`cron_spec` is jobspec's own key).
static PERIODIC_0_2: Schema = Schema { attrs: &["enabled", "cron_spec"], blocks: &[] };

/// `structs.RestartPolicy`.
static RESTART_0_2: Schema = Schema { attrs: &["attempts", "interval", "delay"], blocks: &[] };

/// `structs.Constraint` with jobspec's shorthand keys.
static CONSTRAINT_0_2: Schema =
    Schema { attrs: &["attribute", "value", "operator", "version", "regexp", "distinct_hosts"], blocks: &[] };
