# nomad: 1.x
# The node reserves 20000-31998, leaving 31999 and 32000 of its dynamic range. Three dynamic
# ports cannot fit; drop one port and the last two free ports are used (32000 only through
# Nomad's exhaustive fallback, never by its random probes).
job "batch" {
  datacenters = ["dc1"]

  group "workers" {
    network {
      port "a" {}
      port "b" {}
      port "c" {}
    }

    task "worker" {
      driver = "exec"

      config {
        command = "/usr/bin/worker"
      }
    }
  }
}
