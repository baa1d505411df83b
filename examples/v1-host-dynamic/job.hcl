# nomad: 1.x
# Host mode with dynamic ports: the task binds the host ports itself, so NOMAD_PORT_x and
# NOMAD_HOST_PORT_x agree and come from the node's range (20000-32000 by default).
job "api" {
  datacenters = ["dc1"]

  group "api" {
    network {
      port "http" {}
      port "metrics" {}
    }

    task "server" {
      driver = "exec"

      config {
        command = "/usr/local/bin/api"
        args    = ["-addr", "${NOMAD_ADDR_http}"]
      }

      env {
        METRICS_ADDR = "${NOMAD_IP_metrics}:${NOMAD_PORT_metrics}"
      }
    }
  }
}
